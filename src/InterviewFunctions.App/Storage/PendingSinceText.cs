using System.Globalization;
using InterviewFunctions.App.Storage.Sqlite;
using Microsoft.Azure.Cosmos;
using Microsoft.Data.Sqlite;

namespace InterviewFunctions.App.Storage;

/// <summary>
/// An instant as the stored JSON writes it (ISO 8601 in UTC, fraction without trailing zeros): comparing this text with a
/// stored <c>pendingSince</c> as strings compares the instants, which is how both adapters query stalled work.
/// </summary>
internal static class PendingSinceText
{
    public static string Of(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    /// <summary>The path SQLite indexes (partially, where set) to find stalled screenings and evaluations.</summary>
    public const string SqliteExpression = "json_extract(doc, '$.pendingSince')";

    /// <summary>The oldest stalled rows of <paramref name="table"/> first, through its partial index on the pending instant.</summary>
    public static async Task<IReadOnlyList<T>> ListSqliteAsync<T>(
        SqliteDatabase database, string table, DateTimeOffset sentBefore, int limit, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The IS NOT NULL term repeats the partial index's own condition, so that the planner may use the index.
        command.CommandText = $"""
            SELECT doc, etag FROM {table}
            WHERE {SqliteExpression} IS NOT NULL AND {SqliteExpression} < $cutoff
            ORDER BY {SqliteExpression} LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$cutoff", Of(sentBefore));
        command.Parameters.AddWithValue("$limit", limit);
        var items = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(read(reader));
        }
        return items;
    }

    /// <summary>
    /// A cross-partition range query on <c>pendingSince</c> (the latest sign of life: a message sent or a worker's
    /// heartbeat), which only unsettled documents carry, served by the range index on every path. No ORDER BY: each one
    /// found is sent again and its <c>pendingSince</c> moves on, so the next sweep reaches the rest.
    /// </summary>
    public static QueryDefinition CosmosQuery(string documentType, DateTimeOffset sentBefore) =>
        new QueryDefinition("SELECT * FROM c WHERE c.docType = @docType AND c.pendingSince < @cutoff")
            .WithParameter("@docType", documentType)
            .WithParameter("@cutoff", Of(sentBefore));
}
