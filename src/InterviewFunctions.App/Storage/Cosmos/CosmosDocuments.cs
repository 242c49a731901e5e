using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using Microsoft.Azure.Cosmos;

namespace InterviewFunctions.App.Storage.Cosmos;

/// <summary>What the job and candidate stores do alike: paged queries in one tenant's partition, and create claims.</summary>
internal static class CosmosDocuments
{
    /// <summary>Cosmos refuses (with a 400) ids over 255 characters or holding these; no such document can exist.</summary>
    public static bool IsValidId(string id) => id.Length is > 0 and <= 255 && id.IndexOfAny(['/', '\\', '?', '#']) < 0;

    public static MemoryStream Serialize<T>(T document) => new(JsonSerializer.SerializeToUtf8Bytes(document, StoredJson.Options));

    public static QueryDefinition Define(StringBuilder sql, Dictionary<string, object> parameters) =>
        parameters.Aggregate(new QueryDefinition(sql.ToString()), (definition, p) => definition.WithParameter(p.Key, p.Value));

    /// <summary>One page of a query in a tenant's partition, with Cosmos's continuation token wrapped to be URL-safe.</summary>
    public static async Task<(List<T> Items, string? ContinuationToken)> PageAsync<T>(
        Container container, QueryDefinition query, string tenantId, int pageSize, string? continuationToken,
        Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? continuation;
        try
        {
            using var iterator = container.GetItemQueryIterator<JsonElement>(
                query,
                continuationToken is null ? null : UrlSafeToken.Unwrap(continuationToken),
                new QueryRequestOptions { PartitionKey = new PartitionKey(tenantId), MaxItemCount = pageSize });
            // A page may come back short with more to follow; keep reading until the page is full or the query is done.
            do
            {
                var page = await iterator.ReadNextAsync(cancellationToken);
                items.AddRange(page.Select(read));
                continuation = page.ContinuationToken;
            }
            while (items.Count < pageSize && iterator.HasMoreResults && continuation is not null);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.BadRequest && continuationToken is not null)
        {
            throw new InvalidContinuationTokenException(e);
        }
        return (items, continuation is null ? null : UrlSafeToken.Wrap(continuation));
    }

    public static async Task<List<T>> ReadAllAsync<T>(Container container, QueryDefinition query, string tenantId, CancellationToken cancellationToken)
    {
        var results = new List<T>();
        using var iterator = container.GetItemQueryIterator<T>(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(tenantId) });
        while (iterator.HasMoreResults)
        {
            results.AddRange(await iterator.ReadNextAsync(cancellationToken));
        }
        return results;
    }

    /// <summary>
    /// Deletes, in one tenant's partition, every document whose id the query selects (<c>SELECT VALUE c.id ...</c>);
    /// one already gone counts as deleted by someone else. Returns how many this call deleted.
    /// </summary>
    public static async Task<int> DeleteAllAsync(Container container, QueryDefinition idsQuery, string tenantId, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var id in await ReadAllAsync<string>(container, idsQuery, tenantId, cancellationToken))
        {
            using var response = await container.DeleteItemStreamAsync(id, new PartitionKey(tenantId), cancellationToken: cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                deleted++;
            }
            else if (response.StatusCode != HttpStatusCode.NotFound)
            {
                response.EnsureSuccessStatusCode();
            }
        }
        return deleted;
    }

    /// <summary>Up to <paramref name="limit"/> results of a cross-partition query, read page by page until there are enough.</summary>
    public static async Task<List<T>> ReadAcrossTenantsAsync<T>(
        Container container, QueryDefinition query, int limit, Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        using var iterator = container.GetItemQueryIterator<JsonElement>(query, requestOptions: new QueryRequestOptions { MaxItemCount = limit });
        while (iterator.HasMoreResults && items.Count < limit)
        {
            foreach (var element in await iterator.ReadNextAsync(cancellationToken))
            {
                if (items.Count == limit)
                {
                    break;
                }
                items.Add(read(element));
            }
        }
        return items;
    }

    /// <summary>
    /// Claims an Idempotency-Key in the idempotency container (whose time-to-live expires old claims), apart from the
    /// interviews' keys by <paramref name="kind"/>.
    /// </summary>
    public static async Task<CreateClaim> ClaimAsync(CosmosContainers containers, string kind, CreateClaim claim, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var partition = new PartitionKey(claim.TenantId);
        var document = new ClaimDocument(
            // Keys may hold characters Cosmos ids refuse; a hash of the kind and key is always a valid id.
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + claim.Key))),
            claim.TenantId, kind, claim.Key, claim.RequestHash, claim.ResourceId, claim.CreatedAt);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using (var created = await containers.Idempotency.CreateItemStreamAsync(Serialize(document), partition, cancellationToken: cancellationToken))
            {
                if (created.IsSuccessStatusCode)
                {
                    return claim;
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
            var stored = (await JsonSerializer.DeserializeAsync<ClaimDocument>(existing.Content, StoredJson.Options, cancellationToken))!;
            if (stored.CreatedAt >= claim.CreatedAt - lifetime)
            {
                return claim with { RequestHash = stored.RequestHash, ResourceId = stored.ResourceId, CreatedAt = stored.CreatedAt };
            }
            using var replaced = await containers.Idempotency.ReplaceItemStreamAsync(
                Serialize(document), document.Id, partition, new ItemRequestOptions { IfMatchEtag = existing.Headers.ETag }, cancellationToken);
            if (replaced.IsSuccessStatusCode)
            {
                return claim;
            }
        }
        throw new InvalidOperationException($"The {kind} create claim could not be recorded for tenant '{claim.TenantId}'.");
    }

    public static async Task DeleteClaimsAsync(CosmosContainers containers, string kind, string tenantId, string resourceId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT VALUE c.id FROM c WHERE c.tenantId = @tenant AND c.kind = @kind AND c.resourceId = @id")
            .WithParameter("@tenant", tenantId).WithParameter("@kind", kind).WithParameter("@id", resourceId);
        foreach (var id in await ReadAllAsync<string>(containers.Idempotency, query, tenantId, cancellationToken))
        {
            using var deleted = await containers.Idempotency.DeleteItemStreamAsync(id, new PartitionKey(tenantId), cancellationToken: cancellationToken);
        }
    }

    private sealed record ClaimDocument(string Id, string TenantId, string Kind, string Key, string RequestHash, string ResourceId, DateTimeOffset CreatedAt);
}
