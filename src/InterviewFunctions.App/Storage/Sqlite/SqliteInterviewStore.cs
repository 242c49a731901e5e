using System.Globalization;
using System.Text;
using System.Text.Json;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Json;
using InterviewFunctions.Core.Tenancy;
using Microsoft.Data.Sqlite;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>
/// Interviews in the embedded SQLite file: the document as JSON beside the columns that filters and ordering use.
/// Pages are keyset pages over (start, id), so a page costs the same however deep it is.
/// </summary>
public sealed class SqliteInterviewStore(SqliteDatabase database) : IInterviewStore
{
    private const int SqliteConstraintPrimaryKey = 1555;

    public string Name => "sqlite";

    public async Task<Interview?> FindAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc, etag FROM interviews WHERE tenant_id = $tenant AND id = $id;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<InterviewPage> ListAsync(string tenantId, InterviewQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT doc, etag FROM interviews WHERE tenant_id = $tenant");
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$tenant", tenantId);
        AddScope(sql, command, query.Scope);
        if (query.Statuses is { Count: > 0 } statuses)
        {
            var names = statuses.Select((s, i) => (Name: $"$status{i}", Value: s.ToWire())).ToList();
            sql.Append(CultureInfo.InvariantCulture, $" AND status IN ({string.Join(", ", names.Select(n => n.Name))})");
            names.ForEach(n => command.Parameters.AddWithValue(n.Name, n.Value));
        }
        AddEquals(sql, command, "type", query.Type?.ToWire());
        AddEquals(sql, command, "company_key", query.CompanyKey);
        AddEquals(sql, command, "job_id", query.JobId);
        if (query.From is { } from)
        {
            sql.Append(" AND start_utc >= $from");
            command.Parameters.AddWithValue("$from", UtcSecondsConverter.ToText(from));
        }
        if (query.To is { } to)
        {
            sql.Append(" AND start_utc <= $to");
            command.Parameters.AddWithValue("$to", UtcSecondsConverter.ToText(to));
        }
        if (query.ContinuationToken is { } token)
        {
            var (afterStart, afterId) = DecodeToken(token);
            sql.Append(" AND (start_utc > $afterStart OR (start_utc = $afterStart AND id > $afterId))");
            command.Parameters.AddWithValue("$afterStart", afterStart);
            command.Parameters.AddWithValue("$afterId", afterId);
        }
        // One row more than the page tells whether another page follows.
        sql.Append(" ORDER BY start_utc, id LIMIT $limit;");
        command.Parameters.AddWithValue("$limit", query.PageSize + 1);
        command.CommandText = sql.ToString();

        var items = new List<Interview>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }
        if (items.Count <= query.PageSize)
        {
            return new InterviewPage(items, null);
        }
        items.RemoveAt(items.Count - 1);
        var last = items[^1];
        return new InterviewPage(items, EncodeToken(UtcSecondsConverter.ToText(last.ScheduledStart), last.Id));
    }

    public async Task<Interview> CreateAsync(Interview interview, CancellationToken cancellationToken)
    {
        var stored = interview with { ETag = NewETag() };
        // Serialized before the write gate is taken: the gate is held only for the statement itself.
        var document = JsonSerializer.Serialize(stored, StoredJsonContext.Default.Interview);
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        var connection = write.Connection;
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO interviews (tenant_id, id, etag, status, type, company_key, job_id, start_utc, candidate_email, next_dispatch_utc, doc)
            VALUES ($tenant, $id, $etag, $status, $type, $company, $job, $start, $candidate, $dispatch, $doc);
            """;
        Bind(command, stored, document);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
        {
            throw new InterviewAlreadyExistsException(interview.Id);
        }
        return stored;
    }

    public async Task<Interview> ReplaceAsync(Interview interview, CancellationToken cancellationToken)
    {
        var stored = interview with { ETag = NewETag() };
        // Serialized before the write gate is taken: the gate is held only for the statement itself.
        var document = JsonSerializer.Serialize(stored, StoredJsonContext.Default.Interview);
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        var connection = write.Connection;
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE interviews
            SET etag = $etag, status = $status, type = $type, company_key = $company, job_id = $job,
                start_utc = $start, candidate_email = $candidate, next_dispatch_utc = $dispatch, doc = $doc
            WHERE tenant_id = $tenant AND id = $id AND etag = $expected;
            """;
        Bind(command, stored, document);
        command.Parameters.AddWithValue("$expected", interview.ETag ?? "");
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new StaleInterviewException(interview.Id);
        }
        return stored;
    }

    public async Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        var connection = write.Connection;
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            DELETE FROM idempotency_keys WHERE tenant_id = $tenant AND interview_id = $id;
            DELETE FROM interviews WHERE tenant_id = $tenant AND id = $id;
            """;
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await using var changes = connection.CreateCommand();
        changes.Transaction = transaction;
        changes.CommandText = "SELECT changes();";
        var deleted = Convert.ToInt64(await changes.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<IReadOnlyList<InterviewStatsRow>> ListStatsRowsAsync(string tenantId, InterviewScope scope, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT type, status, json_extract(doc, '$.company'), json_extract(doc, '$.outcome'), start_utc FROM interviews WHERE tenant_id = $tenant");
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$tenant", tenantId);
        AddScope(sql, command, scope);
        command.CommandText = sql.ToString();
        var rows = new List<InterviewStatsRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new InterviewStatsRow(
                EnumNames.ParseWire<InterviewType>(reader.GetString(0)),
                EnumNames.ParseWire<InterviewStatus>(reader.GetString(1)),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : EnumNames.ParseWire<InterviewOutcome>(reader.GetString(3)),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
        }
        return rows;
    }

    public async Task<IReadOnlyList<Interview>> ListDueAsync(DateTimeOffset horizon, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT doc, etag FROM interviews
            WHERE next_dispatch_utc IS NOT NULL AND next_dispatch_utc <= $horizon
            ORDER BY next_dispatch_utc LIMIT $max;
            """;
        command.Parameters.AddWithValue("$horizon", UtcSecondsConverter.ToText(horizon));
        command.Parameters.AddWithValue("$max", max);
        var due = new List<Interview>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(Read(reader));
        }
        return due;
    }

    public async Task<DateTimeOffset?> NextDispatchAtAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT min(next_dispatch_utc) FROM interviews WHERE next_dispatch_utc IS NOT NULL;";
        return await command.ExecuteScalarAsync(cancellationToken) is string text
            ? DateTimeOffset.ParseExact(text, UtcSecondsConverter.Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null;
    }

    public async Task<IdempotencyRecord> ClaimIdempotencyKeyAsync(IdempotencyRecord record, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        var connection = write.Connection;
        await using var command = connection.CreateCommand();
        // The upsert only overwrites a record that has expired; otherwise the first claim stands and is read back.
        command.CommandText = """
            INSERT INTO idempotency_keys (tenant_id, key, request_hash, interview_id, created_utc)
            VALUES ($tenant, $key, $hash, $interview, $created)
            ON CONFLICT (tenant_id, key) DO UPDATE
                SET request_hash = excluded.request_hash, interview_id = excluded.interview_id, created_utc = excluded.created_utc
                WHERE idempotency_keys.created_utc < $expiredBefore;
            SELECT request_hash, interview_id, created_utc FROM idempotency_keys WHERE tenant_id = $tenant AND key = $key;
            """;
        command.Parameters.AddWithValue("$tenant", record.TenantId);
        command.Parameters.AddWithValue("$key", record.Key);
        command.Parameters.AddWithValue("$hash", record.RequestHash);
        command.Parameters.AddWithValue("$interview", record.InterviewId);
        command.Parameters.AddWithValue("$created", record.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$expiredBefore", (record.CreatedAt - lifetime).UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return record with
        {
            RequestHash = reader.GetString(0),
            InterviewId = reader.GetString(1),
            CreatedAt = DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        };
    }

    public async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master;";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private static void AddScope(StringBuilder sql, SqliteCommand command, InterviewScope scope)
    {
        AddEquals(sql, command, "candidate_email", scope.CandidateEmail);
        if (scope.InterviewerEmail is { } interviewer)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM json_each(doc, '$.interviewerEmails') WHERE value = $interviewer)");
            command.Parameters.AddWithValue("$interviewer", interviewer);
        }
    }

    private static void AddEquals(StringBuilder sql, SqliteCommand command, string column, string? value)
    {
        if (value is not null)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {column} = ${column}");
            command.Parameters.AddWithValue($"${column}", value);
        }
    }

    private static void Bind(SqliteCommand command, Interview interview, string document)
    {
        command.Parameters.AddWithValue("$tenant", interview.TenantId);
        command.Parameters.AddWithValue("$id", interview.Id);
        command.Parameters.AddWithValue("$etag", interview.ETag);
        command.Parameters.AddWithValue("$status", interview.Status.ToWire());
        command.Parameters.AddWithValue("$type", interview.Type.ToWire());
        command.Parameters.AddWithValue("$company", interview.CompanyKey);
        command.Parameters.AddWithValue("$job", (object?)interview.JobId ?? DBNull.Value);
        command.Parameters.AddWithValue("$start", UtcSecondsConverter.ToText(interview.ScheduledStart));
        command.Parameters.AddWithValue("$candidate", interview.Candidate.Email);
        command.Parameters.AddWithValue("$dispatch", interview.NextDispatchAt is { } next ? UtcSecondsConverter.ToText(next) : DBNull.Value);
        command.Parameters.AddWithValue("$doc", document);
    }

    // The document is read as the UTF-8 bytes SQLite holds, skipping a round trip through a UTF-16 string.
    private static Interview Read(SqliteDataReader reader) =>
        JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(0), StoredJsonContext.Default.Interview)! with { ETag = reader.GetString(1) };

    private static string NewETag() => Guid.NewGuid().ToString("N");

    private static string EncodeToken(string start, string id) => UrlSafeToken.Wrap($"{start}|{id}");

    private static (string Start, string Id) DecodeToken(string token)
    {
        var parts = UrlSafeToken.Unwrap(token).Split('|');
        if (parts.Length != 2 || parts[1].Length == 0
            || !DateTimeOffset.TryParseExact(parts[0], UtcSecondsConverter.Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            throw new InvalidContinuationTokenException();
        }
        return (parts[0], parts[1]);
    }
}
