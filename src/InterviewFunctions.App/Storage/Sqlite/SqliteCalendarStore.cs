using System.Globalization;
using System.Text.Json;
using InterviewFunctions.Core.Calendar.Sync;
using InterviewFunctions.Core.Interviews;
using Microsoft.Data.Sqlite;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>Calendar connections, event links and the delivery log in the interview store's SQLite file.</summary>
public sealed class SqliteCalendarStore(SqliteDatabase database) : ICalendarStore
{
    private const int SqliteConstraintPrimaryKey = 1555;

    public async Task<CalendarEventLink?> FindLinkAsync(string tenantId, CalendarProvider provider, string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc, etag FROM calendar_links WHERE tenant_id = $tenant AND link_key = $key;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$key", CalendarEventLink.LinkKey(provider, eventId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadLink(reader) : null;
    }

    public async Task<CalendarEventLink> SaveLinkAsync(CalendarEventLink link, CancellationToken cancellationToken)
    {
        var stored = link with { ETag = Guid.NewGuid().ToString("N") };
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = link.ETag is null
            ? """
              INSERT INTO calendar_links (tenant_id, link_key, connection_id, candidate_email, event_type, state, updated_utc, etag, doc)
              VALUES ($tenant, $key, $connection, $email, $type, $state, $updated, $etag, $doc);
              """
            : """
              UPDATE calendar_links SET connection_id = $connection, candidate_email = $email, event_type = $type, state = $state,
                  updated_utc = $updated, etag = $etag, doc = $doc
              WHERE tenant_id = $tenant AND link_key = $key AND etag = $expected;
              """;
        command.Parameters.AddWithValue("$tenant", stored.TenantId);
        command.Parameters.AddWithValue("$key", stored.Key);
        command.Parameters.AddWithValue("$connection", stored.ConnectionId);
        command.Parameters.AddWithValue("$email", (object?)stored.CandidateEmail ?? DBNull.Value);
        command.Parameters.AddWithValue("$type", stored.EventType);
        command.Parameters.AddWithValue("$state", stored.State.ToWire());
        command.Parameters.AddWithValue("$updated", Utc(stored.UpdatedAt));
        command.Parameters.AddWithValue("$etag", stored.ETag);
        command.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(stored, StoredJson.Options));
        command.Parameters.AddWithValue("$expected", link.ETag ?? "");
        try
        {
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw new StaleCalendarRecordException(stored.Key);
            }
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
        {
            throw new StaleCalendarRecordException(stored.Key);
        }
        return stored;
    }

    public async Task<IReadOnlyList<CalendarEventLink>> FindPairableLinksAsync(
        string tenantId, string connectionId, string candidateEmail, string eventType, IReadOnlyList<CalendarLinkState> states, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = states.Select((s, i) => (Name: $"$state{i}", Value: s.ToWire())).ToList();
        command.CommandText = $"""
            SELECT doc, etag FROM calendar_links
            WHERE tenant_id = $tenant AND connection_id = $connection AND candidate_email = $email AND event_type = $type
              AND updated_utc >= $since AND state IN ({string.Join(", ", names.Select(n => n.Name))});
            """;
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$connection", connectionId);
        command.Parameters.AddWithValue("$email", candidateEmail);
        command.Parameters.AddWithValue("$type", eventType);
        command.Parameters.AddWithValue("$since", Utc(since));
        names.ForEach(n => command.Parameters.AddWithValue(n.Name, n.Value));
        var links = new List<CalendarEventLink>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            links.Add(ReadLink(reader));
        }
        return links;
    }

    public async Task<CalendarConnection> CreateConnectionAsync(CalendarConnection calendarConnection, CancellationToken cancellationToken)
    {
        var stored = calendarConnection with { ETag = Guid.NewGuid().ToString("N") };
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "INSERT INTO calendar_connections (id, tenant_id, etag, expires_utc, doc) VALUES ($id, $tenant, $etag, $expires, $doc);";
        BindConnection(command, stored);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
        {
            throw new CalendarConnectionAlreadyExistsException(stored.Id);
        }
        return stored;
    }

    public async Task<CalendarConnection?> FindConnectionAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await FindConnectionByIdAsync(id, cancellationToken) is { } found && found.TenantId == tenantId ? found : null;

    public async Task<CalendarConnection?> FindConnectionByIdAsync(string id, CancellationToken cancellationToken)
    {
        var found = await QueryConnectionsAsync("SELECT doc, etag FROM calendar_connections WHERE id = $p;", id, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<CalendarConnection>> ListConnectionsAsync(string tenantId, CancellationToken cancellationToken) =>
        QueryConnectionsAsync("SELECT doc, etag FROM calendar_connections WHERE tenant_id = $p ORDER BY id;", tenantId, cancellationToken);

    public Task<IReadOnlyList<CalendarConnection>> ListSubscriptionsExpiringAsync(DateTimeOffset horizon, CancellationToken cancellationToken) =>
        QueryConnectionsAsync("SELECT doc, etag FROM calendar_connections WHERE expires_utc IS NOT NULL AND expires_utc <= $p ORDER BY expires_utc;", Utc(horizon), cancellationToken);

    public async Task<CalendarConnection> ReplaceConnectionAsync(CalendarConnection calendarConnection, CancellationToken cancellationToken)
    {
        var stored = calendarConnection with { ETag = Guid.NewGuid().ToString("N") };
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = """
            UPDATE calendar_connections SET etag = $etag, expires_utc = $expires, doc = $doc
            WHERE id = $id AND tenant_id = $tenant AND etag = $expected;
            """;
        BindConnection(command, stored);
        command.Parameters.AddWithValue("$expected", calendarConnection.ETag ?? "");
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new StaleCalendarRecordException(stored.Id);
        }
        return stored;
    }

    public async Task<CalendarConnection?> DeleteConnectionAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        // Read and deleted under the one write lease: no writer can record another subscription in between.
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        CalendarConnection deleted;
        await using (var read = write.Connection.CreateCommand())
        {
            read.CommandText = "SELECT doc, etag FROM calendar_connections WHERE tenant_id = $tenant AND id = $id;";
            read.Parameters.AddWithValue("$tenant", tenantId);
            read.Parameters.AddWithValue("$id", id);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            deleted = ReadConnection(reader);
        }
        await using var command = write.Connection.CreateCommand();
        command.CommandText = """
            DELETE FROM calendar_deliveries WHERE tenant_id = $tenant AND connection_id = $id;
            DELETE FROM calendar_connections WHERE tenant_id = $tenant AND id = $id;
            """;
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return deleted;
    }

    public async Task AddDeliveryAsync(CalendarDelivery delivery, CancellationToken cancellationToken)
    {
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO calendar_deliveries (tenant_id, connection_id, id, doc) VALUES ($tenant, $connection, $id, $doc);";
        command.Parameters.AddWithValue("$tenant", delivery.TenantId);
        command.Parameters.AddWithValue("$connection", delivery.ConnectionId);
        command.Parameters.AddWithValue("$id", delivery.Id);
        command.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(delivery, StoredJson.Options));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CalendarDelivery>> ListDeliveriesAsync(string tenantId, string connectionId, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc FROM calendar_deliveries WHERE tenant_id = $tenant AND connection_id = $connection ORDER BY id DESC LIMIT $max;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$connection", connectionId);
        command.Parameters.AddWithValue("$max", max);
        var deliveries = new List<CalendarDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(JsonSerializer.Deserialize<CalendarDelivery>(reader.GetString(0), StoredJson.Options)!);
        }
        return deliveries;
    }

    private async Task<IReadOnlyList<CalendarConnection>> QueryConnectionsAsync(string sql, string parameter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", parameter);
        var found = new List<CalendarConnection>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(ReadConnection(reader));
        }
        return found;
    }

    private static void BindConnection(SqliteCommand command, CalendarConnection connection)
    {
        command.Parameters.AddWithValue("$id", connection.Id);
        command.Parameters.AddWithValue("$tenant", connection.TenantId);
        command.Parameters.AddWithValue("$etag", connection.ETag);
        command.Parameters.AddWithValue("$expires", connection.Subscription is { } s ? Utc(s.ExpiresAt) : DBNull.Value);
        command.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(connection, StoredJson.Options));
    }

    private static CalendarConnection ReadConnection(SqliteDataReader reader) =>
        JsonSerializer.Deserialize<CalendarConnection>(reader.GetString(0), StoredJson.Options)! with { ETag = reader.GetString(1) };

    private static CalendarEventLink ReadLink(SqliteDataReader reader) =>
        JsonSerializer.Deserialize<CalendarEventLink>(reader.GetString(0), StoredJson.Options)! with { ETag = reader.GetString(1) };

    /// <summary>Fixed-width UTC text, so that text order is time order.</summary>
    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
