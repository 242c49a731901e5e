using System.Text.Json;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation.Mock;
using Microsoft.Data.Sqlite;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>Mock interview sessions in the interview store's SQLite file, read by owner in id order with keyset pages.</summary>
public sealed class SqliteMockInterviewStore(SqliteDatabase database) : IMockInterviewStore
{
    private const int SqliteConstraintPrimaryKey = 1555;

    public async Task<MockInterview?> FindAsync(string tenantId, string owner, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc, etag FROM mock_interviews WHERE tenant_id = $tenant AND id = $id AND owner = $owner;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$owner", owner);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<MockInterviewPage> ListAsync(string tenantId, string owner, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // One row more than the page tells whether another page follows.
        command.CommandText = """
            SELECT doc, etag FROM mock_interviews
            WHERE tenant_id = $tenant AND owner = $owner AND id > $after
            ORDER BY id LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$after", continuationToken is null ? "" : DecodeToken(continuationToken));
        command.Parameters.AddWithValue("$limit", pageSize + 1);
        var items = new List<MockInterview>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }
        if (items.Count <= pageSize)
        {
            return new MockInterviewPage(items, null);
        }
        items.RemoveAt(items.Count - 1);
        return new MockInterviewPage(items, UrlSafeToken.Wrap("m|" + items[^1].Id));
    }

    public async Task<MockInterview> CreateAsync(MockInterview session, CancellationToken cancellationToken)
    {
        var stored = session with { ETag = Guid.NewGuid().ToString("N") };
        var document = JsonSerializer.Serialize(stored, StoredJsonContext.Default.MockInterview);
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "INSERT INTO mock_interviews (tenant_id, id, owner, etag, doc) VALUES ($tenant, $id, $owner, $etag, $doc);";
        Bind(command, stored, document);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
        {
            throw new MockInterviewAlreadyExistsException(session.Id);
        }
        return stored;
    }

    public async Task<MockInterview> ReplaceAsync(MockInterview session, CancellationToken cancellationToken)
    {
        var stored = session with { ETag = Guid.NewGuid().ToString("N") };
        var document = JsonSerializer.Serialize(stored, StoredJsonContext.Default.MockInterview);
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "UPDATE mock_interviews SET etag = $etag, doc = $doc WHERE tenant_id = $tenant AND id = $id AND owner = $owner AND etag = $expected;";
        Bind(command, stored, document);
        command.Parameters.AddWithValue("$expected", session.ETag ?? "");
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new StaleMockInterviewException(session.Id);
        }
        return stored;
    }

    private static void Bind(SqliteCommand command, MockInterview session, string document)
    {
        command.Parameters.AddWithValue("$tenant", session.TenantId);
        command.Parameters.AddWithValue("$id", session.Id);
        command.Parameters.AddWithValue("$owner", session.Owner);
        command.Parameters.AddWithValue("$etag", session.ETag);
        command.Parameters.AddWithValue("$doc", document);
    }

    private static MockInterview Read(SqliteDataReader reader) =>
        JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(0), StoredJsonContext.Default.MockInterview)! with { ETag = reader.GetString(1) };

    private static string DecodeToken(string token)
    {
        var text = UrlSafeToken.Unwrap(token);
        return text.StartsWith("m|", StringComparison.Ordinal) && text.Length > 2 ? text[2..] : throw new InvalidContinuationTokenException();
    }
}
