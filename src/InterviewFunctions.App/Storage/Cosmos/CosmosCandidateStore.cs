using System.Net;
using System.Text;
using System.Text.Json;
using InterviewFunctions.Core.Candidates;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using Microsoft.Azure.Cosmos;

namespace InterviewFunctions.App.Storage.Cosmos;

/// <summary>
/// Candidate profiles in their own container, partitioned by tenant. The container's unique key on <c>/email</c> holds
/// within each partition, so Cosmos itself keeps an email to one candidate per tenant; a 409 is then told apart from
/// an id conflict by asking who holds the email.
/// </summary>
public sealed class CosmosCandidateStore(CosmosContainers containers) : ICandidateStore
{
    private const string ClaimKind = "candidate";

    public async Task<CandidateProfile?> FindAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (!CosmosDocuments.IsValidId(id))
        {
            return null;
        }
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Candidates.ReadItemStreamAsync(id, new PartitionKey(tenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
        return ToCandidate(document.RootElement);
    }

    public async Task<CandidatePage> ListAsync(string tenantId, CandidateQuery query, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var sql = new StringBuilder("SELECT * FROM c WHERE c.tenantId = @tenant AND c.docType = @docType");
        var parameters = new Dictionary<string, object> { ["@tenant"] = tenantId, ["@docType"] = CandidateProfile.DocumentType };
        if (query.Statuses is { Count: > 0 } statuses)
        {
            sql.Append(" AND ARRAY_CONTAINS(@statuses, c.status)");
            parameters["@statuses"] = statuses.Select(s => s.ToWire()).ToArray();
        }
        if (query.Email is { } email)
        {
            sql.Append(" AND c.email = @email");
            parameters["@email"] = email;
        }
        if (query.JobId is { } jobId)
        {
            sql.Append(" AND ARRAY_CONTAINS(c.jobIds, @job)");
            parameters["@job"] = jobId;
        }
        if (query.NameContains is { } text)
        {
            sql.Append(" AND CONTAINS(c.nameKey, @text)");
            parameters["@text"] = text;
        }
        sql.Append(" ORDER BY c.id ASC");
        var (items, continuation) = await CosmosDocuments.PageAsync(
            containers.Candidates, CosmosDocuments.Define(sql, parameters), tenantId, query.PageSize, query.ContinuationToken, ToCandidate, cancellationToken);
        return new CandidatePage(items, continuation);
    }

    public async Task<CandidateProfile> CreateAsync(CandidateProfile candidate, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Candidates.CreateItemStreamAsync(
            CosmosDocuments.Serialize(candidate), new PartitionKey(candidate.TenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var holder = await EmailHolderAsync(candidate, cancellationToken);
            throw holder is null || holder == candidate.Id
                ? new CandidateAlreadyExistsException(candidate.Id)
                : new CandidateEmailTakenException(holder);
        }
        response.EnsureSuccessStatusCode();
        return candidate with { ETag = response.Headers.ETag };
    }

    public async Task<CandidateProfile> ReplaceAsync(CandidateProfile candidate, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Candidates.ReplaceItemStreamAsync(
            CosmosDocuments.Serialize(candidate), candidate.Id, new PartitionKey(candidate.TenantId),
            new ItemRequestOptions { IfMatchEtag = candidate.ETag ?? "\"none\"" }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            throw new StaleCandidateException(candidate.Id);
        }
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new CandidateEmailTakenException(await EmailHolderAsync(candidate, cancellationToken) ?? "");
        }
        response.EnsureSuccessStatusCode();
        return candidate with { ETag = response.Headers.ETag };
    }

    public async Task<bool> DeleteAsync(string tenantId, string id, string? expectedETag, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, id, cancellationToken) is not { } current)
        {
            return false;
        }
        if (expectedETag is not null && current.ETag != expectedETag)
        {
            throw new StaleCandidateException(id);
        }
        // Claims go first: if the candidate's own delete then fails, a retry still finds and erases it.
        await CosmosDocuments.DeleteClaimsAsync(containers, ClaimKind, tenantId, id, cancellationToken);
        using var response = await containers.Candidates.DeleteItemStreamAsync(
            id, new PartitionKey(tenantId), new ItemRequestOptions { IfMatchEtag = expectedETag }, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => false,
            HttpStatusCode.PreconditionFailed => throw new StaleCandidateException(id),
            _ => response.EnsureSuccessStatusCode() is not null,
        };
    }

    public async Task<int> CountForJobAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var query = new QueryDefinition("SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @tenant AND c.docType = @docType AND ARRAY_CONTAINS(c.jobIds, @job)")
            .WithParameter("@tenant", tenantId).WithParameter("@docType", CandidateProfile.DocumentType).WithParameter("@job", jobId);
        return (await CosmosDocuments.ReadAllAsync<int>(containers.Candidates, query, tenantId, cancellationToken)).Sum();
    }

    public Task<CreateClaim> ClaimCreateAsync(CreateClaim claim, TimeSpan lifetime, CancellationToken cancellationToken) =>
        CosmosDocuments.ClaimAsync(containers, ClaimKind, claim, lifetime, cancellationToken);

    private async Task<string?> EmailHolderAsync(CandidateProfile candidate, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT VALUE c.id FROM c WHERE c.tenantId = @tenant AND c.email = @email")
            .WithParameter("@tenant", candidate.TenantId).WithParameter("@email", candidate.Email);
        return (await CosmosDocuments.ReadAllAsync<string>(containers.Candidates, query, candidate.TenantId, cancellationToken)).FirstOrDefault();
    }

    private static CandidateProfile ToCandidate(JsonElement element) =>
        element.Deserialize<CandidateProfile>(StoredJson.Options)! with { ETag = element.GetProperty("_etag").GetString() };
}
