using System.Net;
using System.Text;
using System.Text.Json;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using Microsoft.Azure.Cosmos;

namespace InterviewFunctions.App.Storage.Cosmos;

/// <summary>Job postings in their own container, partitioned by tenant: every call is a single-partition operation.</summary>
public sealed class CosmosJobStore(CosmosContainers containers) : IJobStore
{
    private const string ClaimKind = "job";

    public async Task<Job?> FindAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (!CosmosDocuments.IsValidId(id))
        {
            return null;
        }
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Jobs.ReadItemStreamAsync(id, new PartitionKey(tenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
        return ToJob(document.RootElement);
    }

    public async Task<JobPage> ListAsync(string tenantId, JobQuery query, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var sql = new StringBuilder("SELECT * FROM c WHERE c.tenantId = @tenant AND c.docType = @docType");
        var parameters = new Dictionary<string, object> { ["@tenant"] = tenantId, ["@docType"] = Job.DocumentType };
        if (query.Statuses is { Count: > 0 } statuses)
        {
            sql.Append(" AND ARRAY_CONTAINS(@statuses, c.status)");
            parameters["@statuses"] = statuses.Select(s => s.ToWire()).ToArray();
        }
        if (query.DomainKey is { } domain)
        {
            sql.Append(" AND c.domainKey = @domain");
            parameters["@domain"] = domain;
        }
        if (query.TitleContains is { } text)
        {
            sql.Append(" AND CONTAINS(c.titleKey, @text)");
            parameters["@text"] = text;
        }
        sql.Append(" ORDER BY c.id ASC");
        var (items, continuation) = await CosmosDocuments.PageAsync(
            containers.Jobs, CosmosDocuments.Define(sql, parameters), tenantId, query.PageSize, query.ContinuationToken, ToJob, cancellationToken);
        return new JobPage(items, continuation);
    }

    public async Task<Job> CreateAsync(Job job, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Jobs.CreateItemStreamAsync(CosmosDocuments.Serialize(job), new PartitionKey(job.TenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new JobAlreadyExistsException(job.Id);
        }
        response.EnsureSuccessStatusCode();
        return job with { ETag = response.Headers.ETag };
    }

    public async Task<Job> ReplaceAsync(Job job, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Jobs.ReplaceItemStreamAsync(
            CosmosDocuments.Serialize(job), job.Id, new PartitionKey(job.TenantId),
            new ItemRequestOptions { IfMatchEtag = job.ETag ?? "\"none\"" }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            throw new StaleJobException(job.Id);
        }
        response.EnsureSuccessStatusCode();
        return job with { ETag = response.Headers.ETag };
    }

    public async Task<bool> DeleteAsync(string tenantId, string id, string? expectedETag, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, id, cancellationToken) is not { } current)
        {
            return false;
        }
        if (expectedETag is not null && current.ETag != expectedETag)
        {
            throw new StaleJobException(id);
        }
        // Claims go first: if the job's own delete then fails, a retry still finds and erases it.
        await CosmosDocuments.DeleteClaimsAsync(containers, ClaimKind, tenantId, id, cancellationToken);
        using var response = await containers.Jobs.DeleteItemStreamAsync(
            id, new PartitionKey(tenantId), new ItemRequestOptions { IfMatchEtag = expectedETag }, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => false,
            HttpStatusCode.PreconditionFailed => throw new StaleJobException(id),
            _ => response.EnsureSuccessStatusCode() is not null,
        };
    }

    public Task<CreateClaim> ClaimCreateAsync(CreateClaim claim, TimeSpan lifetime, CancellationToken cancellationToken) =>
        CosmosDocuments.ClaimAsync(containers, ClaimKind, claim, lifetime, cancellationToken);

    private static Job ToJob(JsonElement element) =>
        element.Deserialize<Job>(StoredJson.Options)! with { ETag = element.GetProperty("_etag").GetString() };
}
