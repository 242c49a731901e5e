using System.Text.Json;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation.Stories;
using Microsoft.Data.Sqlite;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>STAR stories in the interview store's SQLite file, read by owner in id order with keyset pages.</summary>
public sealed class SqliteStoryStore(SqliteDatabase database) : IStoryStore
{
    private const int SqliteConstraintPrimaryKey = 1555;

    public async Task<StarStory?> FindAsync(string tenantId, string owner, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc, etag FROM stories WHERE tenant_id = $tenant AND id = $id AND owner = $owner;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$owner", owner);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<StoryPage> ListAsync(string tenantId, string owner, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // One row more than the page tells whether another page follows.
        command.CommandText = """
            SELECT doc, etag FROM stories
            WHERE tenant_id = $tenant AND owner = $owner AND id > $after
            ORDER BY id LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$after", continuationToken is null ? "" : DecodeToken(continuationToken));
        command.Parameters.AddWithValue("$limit", pageSize + 1);
        var items = new List<StarStory>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }
        if (items.Count <= pageSize)
        {
            return new StoryPage(items, null);
        }
        items.RemoveAt(items.Count - 1);
        return new StoryPage(items, UrlSafeToken.Wrap("s|" + items[^1].Id));
    }

    public async Task<StarStory> CreateAsync(StarStory story, CancellationToken cancellationToken)
    {
        var stored = story with { ETag = Guid.NewGuid().ToString("N") };
        var document = JsonSerializer.Serialize(stored, StoredJsonContext.Default.StarStory);
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "INSERT INTO stories (tenant_id, id, owner, etag, doc) VALUES ($tenant, $id, $owner, $etag, $doc);";
        Bind(command, stored, document);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
        {
            throw new StoryAlreadyExistsException(story.Id);
        }
        return stored;
    }

    public async Task<StarStory> ReplaceAsync(StarStory story, CancellationToken cancellationToken)
    {
        var stored = story with { ETag = Guid.NewGuid().ToString("N") };
        var document = JsonSerializer.Serialize(stored, StoredJsonContext.Default.StarStory);
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "UPDATE stories SET etag = $etag, doc = $doc WHERE tenant_id = $tenant AND id = $id AND owner = $owner AND etag = $expected;";
        Bind(command, stored, document);
        command.Parameters.AddWithValue("$expected", story.ETag ?? "");
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new StaleStoryException(story.Id);
        }
        return stored;
    }

    public async Task<bool> DeleteAsync(string tenantId, string owner, string id, CancellationToken cancellationToken)
    {
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "DELETE FROM stories WHERE tenant_id = $tenant AND id = $id AND owner = $owner;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$owner", owner);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static void Bind(SqliteCommand command, StarStory story, string document)
    {
        command.Parameters.AddWithValue("$tenant", story.TenantId);
        command.Parameters.AddWithValue("$id", story.Id);
        command.Parameters.AddWithValue("$owner", story.Owner);
        command.Parameters.AddWithValue("$etag", story.ETag);
        command.Parameters.AddWithValue("$doc", document);
    }

    private static StarStory Read(SqliteDataReader reader) =>
        JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(0), StoredJsonContext.Default.StarStory)! with { ETag = reader.GetString(1) };

    private static string DecodeToken(string token)
    {
        var text = UrlSafeToken.Unwrap(token);
        return text.StartsWith("s|", StringComparison.Ordinal) && text.Length > 2 ? text[2..] : throw new InvalidContinuationTokenException();
    }
}
