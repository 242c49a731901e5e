using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewFunctions.Core.Calendar.Sync;
using Microsoft.Azure.Cosmos;

namespace InterviewFunctions.App.Storage.Cosmos;

/// <summary>
/// Calendar connections, event links and deliveries in one container partitioned by tenant, told apart by
/// <c>docType</c>. Provider event ids may hold characters Cosmos refuses in ids (Calendly's are URIs), so a link's
/// document id is a hash of its key. A webhook names only the connection, so finding one by id is a cross-partition query.
/// </summary>
public sealed class CosmosCalendarStore(CosmosContainers containers) : ICalendarStore
{
    private Container Container => containers.Calendar;

    public async Task<CalendarEventLink?> FindLinkAsync(string tenantId, CalendarProvider provider, string eventId, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var element = await ReadAsync(LinkId(CalendarEventLink.LinkKey(provider, eventId)), tenantId, cancellationToken);
        return element is { } e ? ToLink(e) : null;
    }

    public async Task<CalendarEventLink> SaveLinkAsync(CalendarEventLink link, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var document = JsonSerializer.SerializeToNode(link, StoredJson.Options)!.AsObject();
        document["id"] = LinkId(link.Key);
        document["updatedUtc"] = link.UpdatedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(document.ToJsonString()));
        using var response = link.ETag is null
            ? await Container.CreateItemStreamAsync(stream, new PartitionKey(link.TenantId), cancellationToken: cancellationToken)
            : await Container.ReplaceItemStreamAsync(stream, LinkId(link.Key), new PartitionKey(link.TenantId), new ItemRequestOptions { IfMatchEtag = link.ETag }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            throw new StaleCalendarRecordException(link.Key);
        }
        response.EnsureSuccessStatusCode();
        return link with { ETag = response.Headers.ETag };
    }

    public async Task<IReadOnlyList<CalendarEventLink>> FindPairableLinksAsync(
        string tenantId, string connectionId, string candidateEmail, string eventType, IReadOnlyList<CalendarLinkState> states, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("""
            SELECT * FROM c WHERE c.tenantId = @tenant AND c.docType = @docType AND c.connectionId = @connection AND c.candidateEmail = @email
              AND c.eventType = @type AND ARRAY_CONTAINS(@states, c.state)
            """)
            .WithParameter("@tenant", tenantId)
            .WithParameter("@docType", CalendarEventLink.DocumentType)
            .WithParameter("@connection", connectionId)
            .WithParameter("@email", candidateEmail)
            .WithParameter("@type", eventType)
            .WithParameter("@states", states.Select(s => JsonSerializer.Serialize(s, StoredJson.Options).Trim('"')).ToArray());
        var links = await QueryAsync(query, tenantId, ToLink, cancellationToken);
        // Few links per candidate and event type: the time filter is cheaper here than an index on a text instant.
        return [.. links.Where(l => l.UpdatedAt >= since)];
    }

    public async Task<CalendarConnection> CreateConnectionAsync(CalendarConnection calendarConnection, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await Container.CreateItemStreamAsync(Serialize(calendarConnection), new PartitionKey(calendarConnection.TenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new CalendarConnectionAlreadyExistsException(calendarConnection.Id);
        }
        response.EnsureSuccessStatusCode();
        return calendarConnection with { ETag = response.Headers.ETag };
    }

    public async Task<CalendarConnection?> FindConnectionAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (!IsValidId(id))
        {
            return null;
        }
        await containers.EnsureCreatedAsync(cancellationToken);
        return await ReadAsync(id, tenantId, cancellationToken) is { } e && e.GetProperty("docType").GetString() == CalendarConnection.DocumentType ? ToConnection(e) : null;
    }

    public async Task<CalendarConnection?> FindConnectionByIdAsync(string id, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.id = @id AND c.docType = @docType")
            .WithParameter("@id", id).WithParameter("@docType", CalendarConnection.DocumentType);
        return (await QueryAsync(query, null, ToConnection, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<CalendarConnection>> ListConnectionsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.tenantId = @tenant AND c.docType = @docType")
            .WithParameter("@tenant", tenantId).WithParameter("@docType", CalendarConnection.DocumentType);
        return [.. (await QueryAsync(query, tenantId, ToConnection, cancellationToken)).OrderBy(c => c.Id, StringComparer.Ordinal)];
    }

    public async Task<CalendarConnection> ReplaceConnectionAsync(CalendarConnection calendarConnection, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await Container.ReplaceItemStreamAsync(Serialize(calendarConnection), calendarConnection.Id, new PartitionKey(calendarConnection.TenantId),
            new ItemRequestOptions { IfMatchEtag = calendarConnection.ETag ?? "\"none\"" }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            throw new StaleCalendarRecordException(calendarConnection.Id);
        }
        response.EnsureSuccessStatusCode();
        return calendarConnection with { ETag = response.Headers.ETag };
    }

    public async Task<CalendarConnection?> DeleteConnectionAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await FindConnectionAsync(tenantId, id, cancellationToken) is not { } found)
            {
                return null;
            }
            // Only the version read is deleted: a subscription recorded meanwhile must be in the answer, or it would run on unseen.
            using var response = await Container.DeleteItemStreamAsync(id, new PartitionKey(tenantId), new ItemRequestOptions { IfMatchEtag = found.ETag }, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            if (response.StatusCode == HttpStatusCode.PreconditionFailed && attempt < 5)
            {
                continue;
            }
            response.EnsureSuccessStatusCode();
            return found;
        }
    }

    public async Task<IReadOnlyList<CalendarConnection>> ListSubscriptionsExpiringAsync(DateTimeOffset horizon, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.docType = @docType AND IS_DEFINED(c.subscription)")
            .WithParameter("@docType", CalendarConnection.DocumentType);
        var all = await QueryAsync(query, null, ToConnection, cancellationToken);
        return [.. all.Where(c => c.Subscription!.ExpiresAt <= horizon).OrderBy(c => c.Subscription!.ExpiresAt)];
    }

    public async Task AddDeliveryAsync(CalendarDelivery delivery, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var document = JsonSerializer.SerializeToNode(delivery, StoredJson.Options)!.AsObject();
        document["id"] = "delivery-" + delivery.Id;
        document["deliveryId"] = delivery.Id;
        // The log is a diagnostic: a month of it is enough.
        document["ttl"] = (int)TimeSpan.FromDays(30).TotalSeconds;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(document.ToJsonString()));
        using var response = await Container.UpsertItemStreamAsync(stream, new PartitionKey(delivery.TenantId), cancellationToken: cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyList<CalendarDelivery>> ListDeliveriesAsync(string tenantId, string connectionId, int max, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.tenantId = @tenant AND c.docType = @docType AND c.connectionId = @connection ORDER BY c.id DESC")
            .WithParameter("@tenant", tenantId).WithParameter("@docType", CalendarDelivery.DocumentType).WithParameter("@connection", connectionId);
        var all = await QueryAsync(query, tenantId, e => e.Deserialize<CalendarDelivery>(StoredJson.Options)! with { Id = e.GetProperty("deliveryId").GetString()! }, cancellationToken, max);
        return [.. all.Take(max)];
    }

    private async Task<JsonElement?> ReadAsync(string id, string tenantId, CancellationToken cancellationToken)
    {
        using var response = await Container.ReadItemStreamAsync(id, new PartitionKey(tenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
        return document.RootElement.Clone();
    }

    private async Task<List<T>> QueryAsync<T>(QueryDefinition query, string? tenantId, Func<JsonElement, T> read, CancellationToken cancellationToken, int? max = null)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var results = new List<T>();
        using var iterator = Container.GetItemQueryIterator<JsonElement>(query, requestOptions: new QueryRequestOptions
        {
            PartitionKey = tenantId is null ? null : new PartitionKey(tenantId),
            MaxItemCount = max ?? 100,
        });
        while (iterator.HasMoreResults && (max is null || results.Count < max))
        {
            var page = await iterator.ReadNextAsync(cancellationToken);
            results.AddRange(page.Select(read));
        }
        return results;
    }

    private static MemoryStream Serialize(CalendarConnection connection) => new(JsonSerializer.SerializeToUtf8Bytes(connection, StoredJson.Options));

    private static CalendarConnection ToConnection(JsonElement element) =>
        element.Deserialize<CalendarConnection>(StoredJson.Options)! with { ETag = element.GetProperty("_etag").GetString() };

    private static CalendarEventLink ToLink(JsonElement element) =>
        element.Deserialize<CalendarEventLink>(StoredJson.Options)! with { ETag = element.GetProperty("_etag").GetString() };

    private static string LinkId(string key) => "link-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static bool IsValidId(string id) => id.Length is > 0 and <= 255 && id.IndexOfAny(['/', '\\', '?', '#']) < 0;
}
