using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Json;
using InterviewFunctions.Core.Tenancy;
using Microsoft.Azure.Cosmos;

namespace InterviewFunctions.App.Storage.Cosmos;

/// <summary>
/// Interviews in Cosmos DB, partitioned by tenant, so every call is a single-partition operation. Point operations
/// use the stream API (no exception for a 404 or a 412); queries return Cosmos's own continuation token, wrapped to
/// be URL-safe.
/// </summary>
public sealed class CosmosInterviewStore(CosmosContainers containers) : IInterviewStore
{
    public string Name => "cosmos";

    public async Task<Interview?> FindAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (!IsValidId(id))
        {
            return null;
        }
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Interviews.ReadItemStreamAsync(id, new PartitionKey(tenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await ReadInterviewAsync(response.Content, cancellationToken);
    }

    public async Task<InterviewPage> ListAsync(string tenantId, InterviewQuery query, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var sql = new StringBuilder("SELECT * FROM c WHERE c.tenantId = @tenant AND c.docType = @docType");
        var parameters = new Dictionary<string, object> { ["@tenant"] = tenantId, ["@docType"] = Interview.DocumentType };
        AddScope(sql, parameters, query.Scope);
        if (query.Statuses is { Count: > 0 } statuses)
        {
            sql.Append(" AND ARRAY_CONTAINS(@statuses, c.status)");
            parameters["@statuses"] = statuses.Select(s => s.ToWire()).ToArray();
        }
        AddEquals(sql, parameters, "type", query.Type?.ToWire());
        AddEquals(sql, parameters, "companyKey", query.CompanyKey);
        AddEquals(sql, parameters, "jobId", query.JobId);
        if (query.From is { } from)
        {
            sql.Append(" AND c.scheduledStart >= @from");
            parameters["@from"] = UtcSecondsConverter.ToText(from);
        }
        if (query.To is { } to)
        {
            sql.Append(" AND c.scheduledStart <= @to");
            parameters["@to"] = UtcSecondsConverter.ToText(to);
        }
        sql.Append(" ORDER BY c.scheduledStart ASC, c.id ASC");

        var items = new List<Interview>();
        string? continuation;
        try
        {
            using var iterator = containers.Interviews.GetItemQueryIterator<JsonElement>(
                Define(sql, parameters),
                query.ContinuationToken is null ? null : UrlSafeToken.Unwrap(query.ContinuationToken),
                new QueryRequestOptions { PartitionKey = new PartitionKey(tenantId), MaxItemCount = query.PageSize });
            // A page may come back short with more to follow; keep reading until the page is full or the query is done.
            do
            {
                var page = await iterator.ReadNextAsync(cancellationToken);
                items.AddRange(page.Select(ToInterview));
                continuation = page.ContinuationToken;
            }
            while (items.Count < query.PageSize && iterator.HasMoreResults && continuation is not null);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.BadRequest && query.ContinuationToken is not null)
        {
            throw new InvalidContinuationTokenException(e);
        }
        return new InterviewPage(items, continuation is null ? null : UrlSafeToken.Wrap(continuation));
    }

    public async Task<Interview> CreateAsync(Interview interview, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Interviews.CreateItemStreamAsync(Serialize(interview), new PartitionKey(interview.TenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new InterviewAlreadyExistsException(interview.Id);
        }
        response.EnsureSuccessStatusCode();
        return interview with { ETag = response.Headers.ETag };
    }

    public async Task<Interview> ReplaceAsync(Interview interview, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Interviews.ReplaceItemStreamAsync(
            Serialize(interview), interview.Id, new PartitionKey(interview.TenantId),
            new ItemRequestOptions { IfMatchEtag = interview.ETag ?? "\"none\"" }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            throw new StaleInterviewException(interview.Id);
        }
        response.EnsureSuccessStatusCode();
        return interview with { ETag = response.Headers.ETag };
    }

    public async Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (!IsValidId(id))
        {
            return false;
        }
        await containers.EnsureCreatedAsync(cancellationToken);
        var partition = new PartitionKey(tenantId);
        // Derived records go first: if the interview's own delete then fails, a retry still finds and erases it.
        var keys = new QueryDefinition("SELECT VALUE c.id FROM c WHERE c.tenantId = @tenant AND c.interviewId = @id")
            .WithParameter("@tenant", tenantId).WithParameter("@id", id);
        foreach (var keyId in await ReadAllAsync<string>(containers.Idempotency, keys, partition, cancellationToken))
        {
            using var deleted = await containers.Idempotency.DeleteItemStreamAsync(keyId, partition, cancellationToken: cancellationToken);
        }
        using var response = await containers.Interviews.DeleteItemStreamAsync(id, partition, cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        response.EnsureSuccessStatusCode();
        return true;
    }

    public async Task<IReadOnlyList<InterviewStatsRow>> ListStatsRowsAsync(string tenantId, InterviewScope scope, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var sql = new StringBuilder("SELECT c.type, c.status, c.company, c.outcome, c.scheduledStart FROM c WHERE c.tenantId = @tenant AND c.docType = @docType");
        var parameters = new Dictionary<string, object> { ["@tenant"] = tenantId, ["@docType"] = Interview.DocumentType };
        AddScope(sql, parameters, scope);
        return await ReadAllAsync<InterviewStatsRow>(containers.Interviews, Define(sql, parameters), new PartitionKey(tenantId), cancellationToken);
    }

    public async Task<IReadOnlyList<Interview>> ListDueAsync(DateTimeOffset horizon, int max, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        // Across partitions on purpose: the dispatcher serves every tenant. The range filter on the indexed
        // nextDispatchAt reads only due interviews; those with nothing planned have no such property at all.
        var query = new QueryDefinition("SELECT TOP @max * FROM c WHERE c.nextDispatchAt <= @horizon ORDER BY c.nextDispatchAt")
            .WithParameter("@max", max)
            .WithParameter("@horizon", UtcSecondsConverter.ToText(horizon));
        var due = new List<Interview>();
        using var iterator = containers.Interviews.GetItemQueryIterator<JsonElement>(query, requestOptions: new QueryRequestOptions { MaxItemCount = max });
        while (iterator.HasMoreResults && due.Count < max)
        {
            due.AddRange((await iterator.ReadNextAsync(cancellationToken)).Select(ToInterview));
        }
        return due;
    }

    public async Task<DateTimeOffset?> NextDispatchAtAsync(CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var query = new QueryDefinition("SELECT TOP 1 VALUE c.nextDispatchAt FROM c WHERE IS_STRING(c.nextDispatchAt) ORDER BY c.nextDispatchAt");
        using var iterator = containers.Interviews.GetItemQueryIterator<string>(query);
        while (iterator.HasMoreResults)
        {
            foreach (var text in await iterator.ReadNextAsync(cancellationToken))
            {
                return DateTimeOffset.ParseExact(text, UtcSecondsConverter.Format, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
            }
        }
        return null;
    }

    public async Task<IdempotencyRecord> ClaimIdempotencyKeyAsync(IdempotencyRecord record, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var partition = new PartitionKey(record.TenantId);
        var document = new IdempotencyDocument(
            // Keys may hold characters Cosmos ids refuse ('/', '#', '?'); a hash of the key is always a valid id.
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(record.Key))),
            record.TenantId, record.Key, record.RequestHash, record.InterviewId, record.CreatedAt);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using (var created = await containers.Idempotency.CreateItemStreamAsync(Serialize(document), partition, cancellationToken: cancellationToken))
            {
                if (created.IsSuccessStatusCode)
                {
                    return record;
                }
                if (created.StatusCode != HttpStatusCode.Conflict)
                {
                    created.EnsureSuccessStatusCode();
                }
            }
            using var existing = await containers.Idempotency.ReadItemStreamAsync(document.Id, partition, cancellationToken: cancellationToken);
            if (existing.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }
            existing.EnsureSuccessStatusCode();
            var stored = (await JsonSerializer.DeserializeAsync<IdempotencyDocument>(existing.Content, StoredJson.Options, cancellationToken))!;
            if (stored.CreatedAt >= record.CreatedAt - lifetime)
            {
                return record with { RequestHash = stored.RequestHash, InterviewId = stored.InterviewId, CreatedAt = stored.CreatedAt };
            }
            using var replaced = await containers.Idempotency.ReplaceItemStreamAsync(
                Serialize(document), document.Id, partition, new ItemRequestOptions { IfMatchEtag = existing.Headers.ETag }, cancellationToken);
            if (replaced.IsSuccessStatusCode)
            {
                return record;
            }
        }
        throw new InvalidOperationException($"The idempotency key could not be claimed for tenant '{record.TenantId}'.");
    }

    public Task CheckHealthAsync(CancellationToken cancellationToken) => containers.CheckHealthAsync(cancellationToken);

    /// <summary>Cosmos refuses (with a 400) ids over 255 characters or holding these; no such interview can exist.</summary>
    private static bool IsValidId(string id) => id.Length is > 0 and <= 255 && id.IndexOfAny(['/', '\\', '?', '#']) < 0;

    private static void AddScope(StringBuilder sql, Dictionary<string, object> parameters, InterviewScope scope)
    {
        AddEquals(sql, parameters, "candidate.email", scope.CandidateEmail);
        if (scope.InterviewerEmail is { } interviewer)
        {
            sql.Append(" AND ARRAY_CONTAINS(c.interviewerEmails, @interviewer)");
            parameters["@interviewer"] = interviewer;
        }
    }

    private static void AddEquals(StringBuilder sql, Dictionary<string, object> parameters, string path, string? value)
    {
        if (value is not null)
        {
            var name = "@" + path.Replace(".", "_", StringComparison.Ordinal);
            sql.Append($" AND c.{path} = {name}");
            parameters[name] = value;
        }
    }

    private static QueryDefinition Define(StringBuilder sql, Dictionary<string, object> parameters) =>
        parameters.Aggregate(new QueryDefinition(sql.ToString()), (definition, p) => definition.WithParameter(p.Key, p.Value));

    private static async Task<List<T>> ReadAllAsync<T>(Container container, QueryDefinition query, PartitionKey partition, CancellationToken cancellationToken)
    {
        var results = new List<T>();
        using var iterator = container.GetItemQueryIterator<T>(query, requestOptions: new QueryRequestOptions { PartitionKey = partition });
        while (iterator.HasMoreResults)
        {
            results.AddRange(await iterator.ReadNextAsync(cancellationToken));
        }
        return results;
    }

    private static MemoryStream Serialize<T>(T document) => new(JsonSerializer.SerializeToUtf8Bytes(document, StoredJson.Options));

    private static async Task<Interview> ReadInterviewAsync(Stream content, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(content, cancellationToken: cancellationToken);
        return ToInterview(document.RootElement);
    }

    private static Interview ToInterview(JsonElement element) =>
        element.Deserialize<Interview>(StoredJson.Options)! with { ETag = element.GetProperty("_etag").GetString() };

    private sealed record IdempotencyDocument(string Id, string TenantId, string Key, string RequestHash, string InterviewId, DateTimeOffset CreatedAt);
}
