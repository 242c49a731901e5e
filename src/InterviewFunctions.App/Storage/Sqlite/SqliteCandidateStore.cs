using System.Globalization;
using System.Text;
using System.Text.Json;
using InterviewFunctions.Core.Candidates;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using Microsoft.Data.Sqlite;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>
/// Candidate profiles in the interview store's SQLite file. A unique index on (tenant, email) keeps an email to one
/// candidate per tenant, so two racing creates cannot both win.
/// </summary>
public sealed class SqliteCandidateStore(SqliteDatabase database) : ICandidateStore
{
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;
    private const string ClaimKind = "candidate";
    private const string TokenPrefix = "c";

    public async Task<CandidateProfile?> FindAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc, etag FROM candidates WHERE tenant_id = $tenant AND id = $id;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<CandidatePage> ListAsync(string tenantId, CandidateQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT doc, etag FROM candidates WHERE tenant_id = $tenant AND id > $after");
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$after", query.ContinuationToken is null ? "" : SqliteCreateClaims.DecodeToken(TokenPrefix, query.ContinuationToken));
        if (query.Statuses is { Count: > 0 } statuses)
        {
            var names = statuses.Select((s, i) => (Name: $"$status{i}", Value: s.ToWire())).ToList();
            sql.Append(CultureInfo.InvariantCulture, $" AND status IN ({string.Join(", ", names.Select(n => n.Name))})");
            names.ForEach(n => command.Parameters.AddWithValue(n.Name, n.Value));
        }
        if (query.Email is { } email)
        {
            sql.Append(" AND email = $email");
            command.Parameters.AddWithValue("$email", email);
        }
        if (query.JobId is { } jobId)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM json_each(doc, '$.jobIds') WHERE value = $job)");
            command.Parameters.AddWithValue("$job", jobId);
        }
        if (query.NameContains is { } text)
        {
            // instr, not LIKE: the search text is taken literally, '%' and '_' included.
            sql.Append(" AND instr(name_key, $text) > 0");
            command.Parameters.AddWithValue("$text", text);
        }
        sql.Append(" ORDER BY id LIMIT $limit;");
        command.Parameters.AddWithValue("$limit", query.PageSize + 1);
        command.CommandText = sql.ToString();
        var items = new List<CandidateProfile>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }
        if (items.Count <= query.PageSize)
        {
            return new CandidatePage(items, null);
        }
        items.RemoveAt(items.Count - 1);
        return new CandidatePage(items, SqliteCreateClaims.EncodeToken(TokenPrefix, items[^1].Id));
    }

    public async Task<CandidateProfile> CreateAsync(CandidateProfile candidate, CancellationToken cancellationToken)
    {
        var stored = candidate with { ETag = Guid.NewGuid().ToString("N") };
        var document = JsonSerializer.Serialize(stored, StoredJsonContext.Default.CandidateProfile);
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = """
            INSERT INTO candidates (tenant_id, id, etag, status, email, name_key, doc)
            VALUES ($tenant, $id, $etag, $status, $email, $name, $doc);
            """;
        Bind(command, stored, document);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
        {
            throw new CandidateAlreadyExistsException(candidate.Id);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintUnique)
        {
            throw await EmailConflictAsync(write.Connection, candidate, cancellationToken);
        }
        return stored;
    }

    public async Task<CandidateProfile> ReplaceAsync(CandidateProfile candidate, CancellationToken cancellationToken)
    {
        var stored = candidate with { ETag = Guid.NewGuid().ToString("N") };
        var document = JsonSerializer.Serialize(stored, StoredJsonContext.Default.CandidateProfile);
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = """
            UPDATE candidates SET etag = $etag, status = $status, email = $email, name_key = $name, doc = $doc
            WHERE tenant_id = $tenant AND id = $id AND etag = $expected;
            """;
        Bind(command, stored, document);
        command.Parameters.AddWithValue("$expected", candidate.ETag ?? "");
        int changed;
        try
        {
            changed = await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintUnique)
        {
            throw await EmailConflictAsync(write.Connection, candidate, cancellationToken);
        }
        return changed == 0 ? throw new StaleCandidateException(candidate.Id) : stored;
    }

    public async Task<bool> DeleteAsync(string tenantId, string id, string? expectedETag, CancellationToken cancellationToken) =>
        await SqliteCreateClaims.DeleteWithClaimsAsync(database, "candidates", ClaimKind, tenantId, id, expectedETag, cancellationToken)
        ?? throw new StaleCandidateException(id);

    public async Task<int> CountForJobAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT count(*) FROM candidates
            WHERE tenant_id = $tenant AND EXISTS (SELECT 1 FROM json_each(doc, '$.jobIds') WHERE value = $job);
            """;
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$job", jobId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public Task<CreateClaim> ClaimCreateAsync(CreateClaim claim, TimeSpan lifetime, CancellationToken cancellationToken) =>
        SqliteCreateClaims.ClaimAsync(database, ClaimKind, claim, lifetime, cancellationToken);

    /// <summary>
    /// Who holds the email, read on the write connection (still held, so the holder cannot change in between). When it is
    /// this very candidate, the insert repeated an earlier one: that is an existing id, not a taken email.
    /// </summary>
    private static async Task<Exception> EmailConflictAsync(SqliteConnection connection, CandidateProfile candidate, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM candidates WHERE tenant_id = $tenant AND email = $email;";
        command.Parameters.AddWithValue("$tenant", candidate.TenantId);
        command.Parameters.AddWithValue("$email", candidate.Email);
        var holder = await command.ExecuteScalarAsync(cancellationToken) as string ?? "";
        return holder == candidate.Id ? new CandidateAlreadyExistsException(candidate.Id) : new CandidateEmailTakenException(holder);
    }

    private static void Bind(SqliteCommand command, CandidateProfile candidate, string document)
    {
        command.Parameters.AddWithValue("$tenant", candidate.TenantId);
        command.Parameters.AddWithValue("$id", candidate.Id);
        command.Parameters.AddWithValue("$etag", candidate.ETag);
        command.Parameters.AddWithValue("$status", candidate.Status.ToWire());
        command.Parameters.AddWithValue("$email", candidate.Email);
        command.Parameters.AddWithValue("$name", candidate.NameKey);
        command.Parameters.AddWithValue("$doc", document);
    }

    private static CandidateProfile Read(SqliteDataReader reader) =>
        JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(0), StoredJsonContext.Default.CandidateProfile)! with { ETag = reader.GetString(1) };
}
