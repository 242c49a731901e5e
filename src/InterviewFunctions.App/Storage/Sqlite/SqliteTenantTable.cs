using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Data.Sqlite;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>A column a table keeps beside the document, so that its filters are plain indexed comparisons.</summary>
internal sealed record SqliteColumn<T>(string Name, Func<T, object?> Value);

/// <summary>
/// A tenant's documents in one table of the interview store's file: <c>(tenant_id, id, etag, doc)</c> plus the columns
/// its filters use, an ETag that changes on every write, and keyset pages in id order (ids are time-ordered, so that is
/// creation order). The stores built on it add their own filters and the exceptions of their contracts.
/// </summary>
internal sealed class SqliteTenantTable<T>(
    SqliteDatabase database,
    string table,
    JsonTypeInfo<T> json,
    Func<T, string> tenantOf,
    Func<T, string> idOf,
    Func<T, string?> etagOf,
    Func<T, string, T> withETag,
    IReadOnlyList<SqliteColumn<T>> columns)
    where T : class
{
    public const int ConstraintPrimaryKey = 1555;
    public const int ConstraintUnique = 2067;

    public async Task<T?> FindAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT doc, etag FROM {table} WHERE tenant_id = $tenant AND id = $id;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <param name="afterId">The last id of the previous page; "" for the first page.</param>
    /// <param name="filter">Appends <c> AND ...</c> conditions to the query and binds their parameters.</param>
    /// <returns>The page, and whether another page follows.</returns>
    public async Task<(List<T> Items, bool More)> ListAsync(
        string tenantId, string afterId, int pageSize, Action<StringBuilder, SqliteCommand> filter, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT doc, etag FROM {table} WHERE tenant_id = $tenant AND id > $after");
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$after", afterId);
        filter(sql, command);
        // One row more than the page tells whether another page follows.
        sql.Append(" ORDER BY id LIMIT $limit;");
        command.Parameters.AddWithValue("$limit", pageSize + 1);
        command.CommandText = sql.ToString();
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
            return (items, false);
        }
        items.RemoveAt(items.Count - 1);
        return (items, true);
    }

    /// <param name="onConstraint">
    /// Turns a constraint failure into the store's own exception; it runs on the write connection, still held, so what
    /// it reads cannot change in between. Null rethrows the failure.
    /// </param>
    /// <returns>The stored document with its new ETag.</returns>
    public async Task<T> InsertAsync(T document, Func<SqliteException, SqliteConnection, Task<Exception?>> onConstraint, CancellationToken cancellationToken)
    {
        var stored = withETag(document, Guid.NewGuid().ToString("N"));
        var names = string.Join(", ", columns.Select(c => c.Name));
        var values = string.Join(", ", columns.Select(c => "$" + c.Name));
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = $"INSERT INTO {table} (tenant_id, id, etag, {names}, doc) VALUES ($tenant, $id, $etag, {values}, $doc);";
        Bind(command, stored);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_CONSTRAINT)
        {
            throw await onConstraint(e, write.Connection) ?? e;
        }
        return stored;
    }

    /// <summary>Replaces the document if its stored ETag is still the one it was read with.</summary>
    /// <returns>The stored document with its new ETag, or null when it changed or was deleted since it was read.</returns>
    public async Task<T?> ReplaceAsync(T document, Func<SqliteException, SqliteConnection, Task<Exception?>> onConstraint, CancellationToken cancellationToken)
    {
        var stored = withETag(document, Guid.NewGuid().ToString("N"));
        var assignments = string.Join(", ", columns.Select(c => $"{c.Name} = ${c.Name}"));
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = $"UPDATE {table} SET etag = $etag, {assignments}, doc = $doc WHERE tenant_id = $tenant AND id = $id AND etag = $expected;";
        Bind(command, stored);
        command.Parameters.AddWithValue("$expected", etagOf(document) ?? "");
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken) == 0 ? null : stored;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_CONSTRAINT)
        {
            throw await onConstraint(e, write.Connection) ?? e;
        }
    }

    public static Task<Exception?> NoMapping(SqliteException failure, SqliteConnection connection) => Task.FromResult<Exception?>(null);

    /// <summary>Appends <c> AND column IN (...)</c> with one parameter per value.</summary>
    public static void AppendIn(StringBuilder sql, SqliteCommand command, string column, IEnumerable<string> values)
    {
        var names = values.Select((value, i) => (Name: $"${column}{i}", Value: value)).ToList();
        sql.Append(CultureInfo.InvariantCulture, $" AND {column} IN ({string.Join(", ", names.Select(n => n.Name))})");
        names.ForEach(n => command.Parameters.AddWithValue(n.Name, n.Value));
    }

    private void Bind(SqliteCommand command, T document)
    {
        command.Parameters.AddWithValue("$tenant", tenantOf(document));
        command.Parameters.AddWithValue("$id", idOf(document));
        command.Parameters.AddWithValue("$etag", etagOf(document));
        foreach (var column in columns)
        {
            command.Parameters.AddWithValue("$" + column.Name, column.Value(document) ?? DBNull.Value);
        }
        command.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(document, json));
    }

    private T Read(SqliteDataReader reader) => withETag(JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(0), json)!, reader.GetString(1));
}
