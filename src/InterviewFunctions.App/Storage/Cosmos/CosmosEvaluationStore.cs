using System.Net;
using System.Text.Json;
using InterviewFunctions.Core.Evaluation;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using Microsoft.Azure.Cosmos;

namespace InterviewFunctions.App.Storage.Cosmos;

/// <summary>Evaluations in their own container, partitioned by tenant; a subject's latest is a one-item ordered query.</summary>
public sealed class CosmosEvaluationStore(CosmosContainers containers) : IEvaluationStore
{
    private const string ClaimKind = "evaluation";

    public async Task<InterviewEvaluation?> FindAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (!IsValidId(id))
        {
            return null;
        }
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Evaluations.ReadItemStreamAsync(id, new PartitionKey(tenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
        return ToEvaluation(document.RootElement);
    }

    public async Task<InterviewEvaluation?> FindLatestAsync(string tenantId, EvaluationSubject subject, string subjectId, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        // A subject has a handful of evaluations: list their ids and instants, pick the newest here, read that one. No
        // ORDER BY with a one-item page, which the emulator pages through unreliably and which a composite index would need.
        var query = new QueryDefinition("SELECT c.id, c.createdAt FROM c WHERE c.tenantId = @tenant AND c.docType = @docType AND c.subject = @subject AND c.subjectId = @subjectId")
            .WithParameter("@tenant", tenantId)
            .WithParameter("@docType", InterviewEvaluation.DocumentType)
            .WithParameter("@subject", subject.ToWire())
            .WithParameter("@subjectId", subjectId);
        (string Id, DateTimeOffset CreatedAt)? latest = null;
        using (var iterator = containers.Evaluations.GetItemQueryIterator<JsonElement>(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(tenantId) }))
        {
            while (iterator.HasMoreResults)
            {
                foreach (var row in await iterator.ReadNextAsync(cancellationToken))
                {
                    var candidate = (Id: row.GetProperty("id").GetString()!, CreatedAt: row.GetProperty("createdAt").GetDateTimeOffset());
                    if (latest is not { } best || candidate.CreatedAt > best.CreatedAt || (candidate.CreatedAt == best.CreatedAt && string.CompareOrdinal(candidate.Id, best.Id) > 0))
                    {
                        latest = candidate;
                    }
                }
            }
        }
        return latest is { } newest ? await FindAsync(tenantId, newest.Id, cancellationToken) : null;
    }

    public async Task<InterviewEvaluation> CreateAsync(InterviewEvaluation evaluation, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Evaluations.CreateItemStreamAsync(Serialize(evaluation), new PartitionKey(evaluation.TenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new EvaluationAlreadyExistsException(evaluation.Id);
        }
        response.EnsureSuccessStatusCode();
        return evaluation with { ETag = response.Headers.ETag };
    }

    public async Task<InterviewEvaluation> ReplaceAsync(InterviewEvaluation evaluation, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Evaluations.ReplaceItemStreamAsync(
            Serialize(evaluation), evaluation.Id, new PartitionKey(evaluation.TenantId),
            new ItemRequestOptions { IfMatchEtag = evaluation.ETag ?? "\"none\"" }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            throw new StaleEvaluationException(evaluation.Id);
        }
        response.EnsureSuccessStatusCode();
        return evaluation with { ETag = response.Headers.ETag };
    }

    public Task<CreateClaim> ClaimCreateAsync(CreateClaim claim, TimeSpan lifetime, CancellationToken cancellationToken) =>
        CosmosDocuments.ClaimAsync(containers, ClaimKind, claim, lifetime, cancellationToken);

    public async Task<IReadOnlyList<InterviewEvaluation>> ListPendingAsync(DateTimeOffset sentBefore, int limit, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        return await CosmosDocuments.ReadAcrossTenantsAsync(containers.Evaluations, PendingSinceText.CosmosQuery(InterviewEvaluation.DocumentType, sentBefore), limit, ToEvaluation, cancellationToken);
    }

    public async Task<int> DeleteForSubjectAsync(string tenantId, EvaluationSubject subject, string subjectId, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var query = new QueryDefinition("SELECT VALUE c.id FROM c WHERE c.tenantId = @tenant AND c.docType = @docType AND c.subject = @subject AND c.subjectId = @subjectId")
            .WithParameter("@tenant", tenantId)
            .WithParameter("@docType", InterviewEvaluation.DocumentType)
            .WithParameter("@subject", subject.ToWire())
            .WithParameter("@subjectId", subjectId);
        return await CosmosDocuments.DeleteAllAsync(containers.Evaluations, query, tenantId, cancellationToken);
    }

    /// <summary>Cosmos refuses (with a 400) ids over 255 characters or holding these; no such evaluation can exist.</summary>
    private static bool IsValidId(string id) => id.Length is > 0 and <= 255 && id.IndexOfAny(['/', '\\', '?', '#']) < 0;

    private static MemoryStream Serialize(InterviewEvaluation evaluation) => new(JsonSerializer.SerializeToUtf8Bytes(evaluation, StoredJson.Options));

    private static InterviewEvaluation ToEvaluation(JsonElement element) =>
        element.Deserialize<InterviewEvaluation>(StoredJson.Options)! with { ETag = element.GetProperty("_etag").GetString() };
}
