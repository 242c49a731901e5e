using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InterviewFunctions.Core.Interviews;
using Microsoft.Data.Sqlite;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>How one kind of owned document maps onto its table: (tenant_id, id, owner, etag, doc).</summary>
public sealed record OwnedDocumentShape<T>(
    string Table,
    string TokenPrefix,
    JsonTypeInfo<T> Json,
    Func<T, (string TenantId, string Id, string Owner, string? ETag)> Keys,
    Func<T, string, T> WithETag,
    Func<string, Exception> AlreadyExists,
    Func<string, Exception> Stale);

/// <summary>
/// Documents that belong to one person of a tenant (a candidate's stories, their mock interviews), in the interview
/// store's SQLite file: read by owner in id order with keyset pages, replaced under their ETag.
/// </summary>
public sealed class SqliteOwnedDocuments<T>(SqliteDatabase database, OwnedDocumentShape<T> shape)
{
    private const int SqliteConstraintPrimaryKey = 1555;

    public async Task<T?> FindAsync(string tenantId, string owner, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT doc, etag FROM {shape.Table} WHERE tenant_id = $tenant AND id = $id AND owner = $owner;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$owner", owner);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : default;
    }

    /// <returns>The page, and the token of the next one (null when this was the last).</returns>
    public async Task<(List<T> Items, string? ContinuationToken)> ListAsync(string tenantId, string owner, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // One row more than the page tells whether another page follows.
        command.CommandText = $"""
            SELECT doc, etag FROM {shape.Table}
            WHERE tenant_id = $tenant AND owner = $owner AND id > $after
            ORDER BY id LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$after", continuationToken is null ? "" : DecodeToken(continuationToken));
        command.Parameters.AddWithValue("$limit", pageSize + 1);
        var items = new List<T>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }
        if (items.Count <= pageSize)
        {
            return (items, null);
        }
        items.RemoveAt(items.Count - 1);
        return (items, UrlSafeToken.Wrap(shape.TokenPrefix + shape.Keys(items[^1]).Id));
    }

    public async Task<T> CreateAsync(T document, CancellationToken cancellationToken)
    {
        var stored = shape.WithETag(document, Guid.NewGuid().ToString("N"));
        var json = JsonSerializer.Serialize(stored, shape.Json);
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = $"INSERT INTO {shape.Table} (tenant_id, id, owner, etag, doc) VALUES ($tenant, $id, $owner, $etag, $doc);";
        Bind(command, stored, json);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
        {
            throw shape.AlreadyExists(shape.Keys(document).Id);
        }
        return stored;
    }

    public async Task<T> ReplaceAsync(T document, CancellationToken cancellationToken)
    {
        var stored = shape.WithETag(document, Guid.NewGuid().ToString("N"));
        var json = JsonSerializer.Serialize(stored, shape.Json);
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = $"UPDATE {shape.Table} SET etag = $etag, doc = $doc WHERE tenant_id = $tenant AND id = $id AND owner = $owner AND etag = $expected;";
        Bind(command, stored, json);
        var keys = shape.Keys(document);
        command.Parameters.AddWithValue("$expected", keys.ETag ?? "");
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw shape.Stale(keys.Id);
        }
        return stored;
    }

    public async Task<bool> DeleteAsync(string tenantId, string owner, string id, CancellationToken cancellationToken)
    {
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = $"DELETE FROM {shape.Table} WHERE tenant_id = $tenant AND id = $id AND owner = $owner;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$owner", owner);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private void Bind(SqliteCommand command, T document, string json)
    {
        var keys = shape.Keys(document);
        command.Parameters.AddWithValue("$tenant", keys.TenantId);
        command.Parameters.AddWithValue("$id", keys.Id);
        command.Parameters.AddWithValue("$owner", keys.Owner);
        command.Parameters.AddWithValue("$etag", keys.ETag);
        command.Parameters.AddWithValue("$doc", json);
    }

    private T Read(SqliteDataReader reader) =>
        shape.WithETag(JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(0), shape.Json)!, reader.GetString(1));

    private string DecodeToken(string token)
    {
        var text = UrlSafeToken.Unwrap(token);
        return text.StartsWith(shape.TokenPrefix, StringComparison.Ordinal) && text.Length > shape.TokenPrefix.Length
            ? text[shape.TokenPrefix.Length..]
            : throw new InvalidContinuationTokenException();
    }
}
