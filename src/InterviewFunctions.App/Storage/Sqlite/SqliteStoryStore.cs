using InterviewFunctions.Core.Preparation.Stories;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>STAR stories in the interview store's SQLite file, read by owner in id order with keyset pages.</summary>
public sealed class SqliteStoryStore(SqliteDatabase database) : IStoryStore
{
    private readonly SqliteOwnedDocuments<StarStory> _documents = new(database, new(
        "stories", "s|", StoredJsonContext.Default.StarStory,
        s => (s.TenantId, s.Id, s.Owner, s.ETag),
        (s, etag) => s with { ETag = etag },
        id => new StoryAlreadyExistsException(id),
        id => new StaleStoryException(id)));

    public Task<StarStory?> FindAsync(string tenantId, string owner, string id, CancellationToken cancellationToken) =>
        _documents.FindAsync(tenantId, owner, id, cancellationToken);

    public async Task<StoryPage> ListAsync(string tenantId, string owner, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var (items, next) = await _documents.ListAsync(tenantId, owner, pageSize, continuationToken, cancellationToken);
        return new StoryPage(items, next);
    }

    public Task<StarStory> CreateAsync(StarStory story, CancellationToken cancellationToken) => _documents.CreateAsync(story, cancellationToken);

    public Task<StarStory> ReplaceAsync(StarStory story, CancellationToken cancellationToken) => _documents.ReplaceAsync(story, cancellationToken);

    public Task<bool> DeleteAsync(string tenantId, string owner, string id, CancellationToken cancellationToken) =>
        _documents.DeleteAsync(tenantId, owner, id, cancellationToken);
}
