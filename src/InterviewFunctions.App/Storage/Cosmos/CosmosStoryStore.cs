using System.Net;
using System.Text.Json;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation.Stories;
using Microsoft.Azure.Cosmos;

namespace InterviewFunctions.App.Storage.Cosmos;

/// <summary>
/// STAR stories in their own container, partitioned by tenant. A story's owner is a property checked on every read,
/// so a point read of another candidate's story looks missing.
/// </summary>
public sealed class CosmosStoryStore(CosmosContainers containers) : IStoryStore
{
    public async Task<StarStory?> FindAsync(string tenantId, string owner, string id, CancellationToken cancellationToken)
    {
        if (!IsValidId(id))
        {
            return null;
        }
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Stories.ReadItemStreamAsync(id, new PartitionKey(tenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        var story = await ReadAsync(response.Content, cancellationToken);
        return story.Owner == owner ? story : null;
    }

    public async Task<StoryPage> ListAsync(string tenantId, string owner, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.tenantId = @tenant AND c.docType = @docType AND c.owner = @owner ORDER BY c.id ASC")
            .WithParameter("@tenant", tenantId)
            .WithParameter("@docType", StarStory.DocumentType)
            .WithParameter("@owner", owner);
        var items = new List<StarStory>();
        string? continuation;
        try
        {
            using var iterator = containers.Stories.GetItemQueryIterator<JsonElement>(
                query,
                continuationToken is null ? null : UrlSafeToken.Unwrap(continuationToken),
                new QueryRequestOptions { PartitionKey = new PartitionKey(tenantId), MaxItemCount = pageSize });
            // A page may come back short with more to follow; keep reading until the page is full or the query is done.
            do
            {
                var page = await iterator.ReadNextAsync(cancellationToken);
                items.AddRange(page.Select(ToStory));
                continuation = page.ContinuationToken;
            }
            while (items.Count < pageSize && iterator.HasMoreResults && continuation is not null);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.BadRequest && continuationToken is not null)
        {
            throw new InvalidContinuationTokenException(e);
        }
        return new StoryPage(items, continuation is null ? null : UrlSafeToken.Wrap(continuation));
    }

    public async Task<StarStory> CreateAsync(StarStory story, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Stories.CreateItemStreamAsync(Serialize(story), new PartitionKey(story.TenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new StoryAlreadyExistsException(story.Id);
        }
        response.EnsureSuccessStatusCode();
        return story with { ETag = response.Headers.ETag };
    }

    public async Task<StarStory> ReplaceAsync(StarStory story, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.Stories.ReplaceItemStreamAsync(
            Serialize(story), story.Id, new PartitionKey(story.TenantId),
            new ItemRequestOptions { IfMatchEtag = story.ETag ?? "\"none\"" }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            throw new StaleStoryException(story.Id);
        }
        response.EnsureSuccessStatusCode();
        return story with { ETag = response.Headers.ETag };
    }

    public async Task<bool> DeleteAsync(string tenantId, string owner, string id, CancellationToken cancellationToken)
    {
        // Read first: Cosmos deletes by id alone, and only the owner may delete. The owner never changes, so the check holds.
        if (await FindAsync(tenantId, owner, id, cancellationToken) is null)
        {
            return false;
        }
        using var response = await containers.Stories.DeleteItemStreamAsync(id, new PartitionKey(tenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        response.EnsureSuccessStatusCode();
        return true;
    }

    /// <summary>Cosmos refuses (with a 400) ids over 255 characters or holding these; no such story can exist.</summary>
    private static bool IsValidId(string id) => id.Length is > 0 and <= 255 && id.IndexOfAny(['/', '\\', '?', '#']) < 0;

    private static MemoryStream Serialize(StarStory story) => new(JsonSerializer.SerializeToUtf8Bytes(story, StoredJson.Options));

    private static async Task<StarStory> ReadAsync(Stream content, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(content, cancellationToken: cancellationToken);
        return ToStory(document.RootElement);
    }

    private static StarStory ToStory(JsonElement element) =>
        element.Deserialize<StarStory>(StoredJson.Options)! with { ETag = element.GetProperty("_etag").GetString() };
}
