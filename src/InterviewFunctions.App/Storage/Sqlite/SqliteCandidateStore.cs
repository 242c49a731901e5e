using System.Globalization;
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
    private const string ClaimKind = "candidate";
    private const string TokenPrefix = "c";

    private readonly SqliteTenantTable<CandidateProfile> _candidates = new(
        database,
        "candidates",
        StoredJsonContext.Default.CandidateProfile,
        candidate => candidate.TenantId,
        candidate => candidate.Id,
        candidate => candidate.ETag,
        (candidate, etag) => candidate with { ETag = etag },
        [
            new("status", candidate => candidate.Status.ToWire()),
            new("email", candidate => candidate.Email),
            new("name_key", candidate => candidate.NameKey),
        ]);

    public Task<CandidateProfile?> FindAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        _candidates.FindAsync(tenantId, id, cancellationToken);

    public async Task<CandidatePage> ListAsync(string tenantId, CandidateQuery query, CancellationToken cancellationToken)
    {
        var after = query.ContinuationToken is null ? "" : SqliteCreateClaims.DecodeToken(TokenPrefix, query.ContinuationToken);
        var (items, more) = await _candidates.ListAsync(tenantId, after, query.PageSize, (sql, command) =>
        {
            if (query.Statuses is { Count: > 0 } statuses)
            {
                SqliteTenantTable<CandidateProfile>.AppendIn(sql, command, "status", statuses.Select(s => s.ToWire()));
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
        }, cancellationToken);
        return new CandidatePage(items, more ? SqliteCreateClaims.EncodeToken(TokenPrefix, items[^1].Id) : null);
    }

    public Task<CandidateProfile> CreateAsync(CandidateProfile candidate, CancellationToken cancellationToken) =>
        _candidates.InsertAsync(candidate, async (failure, connection) => failure.SqliteExtendedErrorCode switch
        {
            SqliteTenantTable<CandidateProfile>.ConstraintPrimaryKey => new CandidateAlreadyExistsException(candidate.Id),
            SqliteTenantTable<CandidateProfile>.ConstraintUnique => await EmailConflictAsync(connection, candidate, cancellationToken),
            _ => null,
        }, cancellationToken);

    public async Task<CandidateProfile> ReplaceAsync(CandidateProfile candidate, CancellationToken cancellationToken) =>
        await _candidates.ReplaceAsync(candidate, async (failure, connection) =>
            failure.SqliteExtendedErrorCode == SqliteTenantTable<CandidateProfile>.ConstraintUnique
                ? await EmailConflictAsync(connection, candidate, cancellationToken)
                : null, cancellationToken)
        ?? throw new StaleCandidateException(candidate.Id);

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
}
