using System.Net;
using System.Text.Json;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation.Mock;
using Microsoft.Azure.Cosmos;

namespace InterviewFunctions.App.Storage.Cosmos;

/// <summary>
/// Mock interview sessions in their own container, partitioned by tenant. A session's owner is a property checked on
/// every read, so a point read of another candidate's session looks missing.
/// </summary>
public sealed class CosmosMockInterviewStore(CosmosContainers containers) : IMockInterviewStore
{
    public async Task<MockInterview?> FindAsync(string tenantId, string owner, string id, CancellationToken cancellationToken)
    {
        if (!IsValidId(id))
        {
            return null;
        }
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.MockInterviews.ReadItemStreamAsync(id, new PartitionKey(tenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        var session = await ReadAsync(response.Content, cancellationToken);
        return session.Owner == owner ? session : null;
    }

    public async Task<MockInterviewPage> ListAsync(string tenantId, string owner, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.tenantId = @tenant AND c.docType = @docType AND c.owner = @owner ORDER BY c.id ASC")
            .WithParameter("@tenant", tenantId)
            .WithParameter("@docType", MockInterview.DocumentType)
            .WithParameter("@owner", owner);
        var items = new List<MockInterview>();
        string? continuation;
        try
        {
            using var iterator = containers.MockInterviews.GetItemQueryIterator<JsonElement>(
                query,
                continuationToken is null ? null : UrlSafeToken.Unwrap(continuationToken),
                new QueryRequestOptions { PartitionKey = new PartitionKey(tenantId), MaxItemCount = pageSize });
            // A page may come back short with more to follow; keep reading until the page is full or the query is done.
            do
            {
                var page = await iterator.ReadNextAsync(cancellationToken);
                items.AddRange(page.Select(ToSession));
                continuation = page.ContinuationToken;
            }
            while (items.Count < pageSize && iterator.HasMoreResults && continuation is not null);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.BadRequest && continuationToken is not null)
        {
            throw new InvalidContinuationTokenException(e);
        }
        return new MockInterviewPage(items, continuation is null ? null : UrlSafeToken.Wrap(continuation));
    }

    public async Task<MockInterview> CreateAsync(MockInterview session, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.MockInterviews.CreateItemStreamAsync(Serialize(session), new PartitionKey(session.TenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new MockInterviewAlreadyExistsException(session.Id);
        }
        response.EnsureSuccessStatusCode();
        return session with { ETag = response.Headers.ETag };
    }

    public async Task<MockInterview> ReplaceAsync(MockInterview session, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.MockInterviews.ReplaceItemStreamAsync(
            Serialize(session), session.Id, new PartitionKey(session.TenantId),
            new ItemRequestOptions { IfMatchEtag = session.ETag ?? "\"none\"" }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            throw new StaleMockInterviewException(session.Id);
        }
        response.EnsureSuccessStatusCode();
        return session with { ETag = response.Headers.ETag };
    }

    /// <summary>Cosmos refuses (with a 400) ids over 255 characters or holding these; no such session can exist.</summary>
    private static bool IsValidId(string id) => id.Length is > 0 and <= 255 && id.IndexOfAny(['/', '\\', '?', '#']) < 0;

    private static MemoryStream Serialize(MockInterview session) => new(JsonSerializer.SerializeToUtf8Bytes(session, StoredJson.Options));

    private static async Task<MockInterview> ReadAsync(Stream content, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(content, cancellationToken: cancellationToken);
        return ToSession(document.RootElement);
    }

    private static MockInterview ToSession(JsonElement element) =>
        element.Deserialize<MockInterview>(StoredJson.Options)! with { ETag = element.GetProperty("_etag").GetString() };
}
