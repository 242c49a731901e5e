using System.Net;
using System.Text;
using System.Text.Json;
using InterviewFunctions.App.Screening;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Screening;
using Microsoft.Azure.Cosmos;

namespace InterviewFunctions.App.Storage.Cosmos;

/// <summary>
/// Screenings in their own container, partitioned by tenant. Each document carries <c>rankScore</c> (the overall score,
/// -1 until scored), and the container's composite index on (rankScore desc, id asc) serves a job's ranking.
/// </summary>
public sealed class CosmosScreeningStore(CosmosContainers containers) : IScreeningStore
{
    private const string ClaimKind = "screening";

    public async Task<ResumeScreening?> FindAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (!CosmosDocuments.IsValidId(id))
        {
            return null;
        }
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Screenings.ReadItemStreamAsync(id, new PartitionKey(tenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
        return ToScreening(document.RootElement);
    }

    public async Task<ScreeningPage> ListForJobAsync(string tenantId, string jobId, ScreeningQuery query, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var sql = new StringBuilder("SELECT * FROM c WHERE c.tenantId = @tenant AND c.docType = @docType AND c.jobId = @job");
        var parameters = new Dictionary<string, object> { ["@tenant"] = tenantId, ["@docType"] = ResumeScreening.DocumentType, ["@job"] = jobId };
        if (query.Statuses is { Count: > 0 } statuses)
        {
            sql.Append(" AND ARRAY_CONTAINS(@statuses, c.status)");
            parameters["@statuses"] = statuses.Select(s => s.ToWire()).ToArray();
        }
        sql.Append(query.OrderBy == ScreeningOrder.Overall ? " ORDER BY c.rankScore DESC, c.id ASC" : " ORDER BY c.id ASC");
        // The order is part of the token, so that a token of one order is refused by the other rather than misread.
        var prefix = query.OrderBy == ScreeningOrder.Overall ? "o:" : "q:";
        string? continuation = null;
        if (query.ContinuationToken is { } token)
        {
            var text = UrlSafeToken.Unwrap(token);
            continuation = text.StartsWith(prefix, StringComparison.Ordinal) ? UrlSafeToken.Wrap(text[prefix.Length..]) : throw new InvalidContinuationTokenException();
        }
        var (items, next) = await CosmosDocuments.PageAsync(
            containers.Screenings, CosmosDocuments.Define(sql, parameters), tenantId, query.PageSize, continuation, ToScreening, cancellationToken);
        return new ScreeningPage(items, next is null ? null : UrlSafeToken.Wrap(prefix + UrlSafeToken.Unwrap(next)));
    }

    public async Task<ResumeScreening?> FindReusableAsync(string tenantId, string jobId, string candidateId, string resumeId, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var query = new QueryDefinition("""
            SELECT TOP 1 * FROM c
            WHERE c.tenantId = @tenant AND c.docType = @docType AND c.jobId = @job AND c.candidateId = @candidate AND c.resumeId = @resume AND c.status != @failed
            ORDER BY c.id DESC
            """)
            .WithParameter("@tenant", tenantId)
            .WithParameter("@docType", ResumeScreening.DocumentType)
            .WithParameter("@job", jobId)
            .WithParameter("@candidate", candidateId)
            .WithParameter("@resume", resumeId)
            .WithParameter("@failed", ScreeningStatus.Failed.ToWire());
        var found = await CosmosDocuments.ReadAllAsync<JsonElement>(containers.Screenings, query, tenantId, cancellationToken);
        return found.Count == 0 ? null : ToScreening(found[0]);
    }

    public Task<CreateClaim> ClaimCreateAsync(CreateClaim claim, TimeSpan lifetime, CancellationToken cancellationToken) =>
        CosmosDocuments.ClaimAsync(containers, ClaimKind, claim, lifetime, cancellationToken);

    public async Task<IReadOnlyList<ResumeScreening>> ListPendingAsync(DateTimeOffset sentBefore, int limit, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        return await CosmosDocuments.ReadAcrossTenantsAsync(containers.Screenings, PendingSinceText.CosmosQuery(ResumeScreening.DocumentType, sentBefore), limit, ToScreening, cancellationToken);
    }

    public async Task<int> DeleteForResumeAsync(string tenantId, string candidateId, string resumeId, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var query = new QueryDefinition("SELECT VALUE c.id FROM c WHERE c.tenantId = @tenant AND c.docType = @docType AND c.candidateId = @candidate AND c.resumeId = @resume")
            .WithParameter("@tenant", tenantId)
            .WithParameter("@docType", ResumeScreening.DocumentType)
            .WithParameter("@candidate", candidateId)
            .WithParameter("@resume", resumeId);
        return await CosmosDocuments.DeleteAllAsync(containers.Screenings, query, tenantId, cancellationToken);
    }

    public async Task<ResumeScreening> CreateAsync(ResumeScreening screening, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var body = Serialize(screening);
        using var response = await containers.Screenings.CreateItemStreamAsync(body, new PartitionKey(screening.TenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new ScreeningAlreadyExistsException(screening.Id);
        }
        response.EnsureSuccessStatusCode();
        return screening with { ETag = response.Headers.ETag };
    }

    public async Task<ResumeScreening> ReplaceAsync(ResumeScreening screening, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var body = Serialize(screening);
        using var response = await containers.Screenings.ReplaceItemStreamAsync(
            body, screening.Id, new PartitionKey(screening.TenantId),
            new ItemRequestOptions { IfMatchEtag = screening.ETag ?? "\"none\"" }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            throw new StaleScreeningException(screening.Id);
        }
        response.EnsureSuccessStatusCode();
        return screening with { ETag = response.Headers.ETag };
    }

    private static MemoryStream Serialize(ResumeScreening screening) =>
        new(JsonSerializer.SerializeToUtf8Bytes(screening, ScreeningStoredJsonContext.Default.ResumeScreening));

    private static ResumeScreening ToScreening(JsonElement element) =>
        element.Deserialize(ScreeningStoredJsonContext.Default.ResumeScreening)! with { ETag = element.GetProperty("_etag").GetString() };
}
