using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>Job postings in the interview store's SQLite file: the document beside the columns its filters use, keyset pages by id.</summary>
public sealed class SqliteJobStore(SqliteDatabase database) : IJobStore
{
    private const string ClaimKind = "job";
    private const string TokenPrefix = "j";

    private readonly SqliteTenantTable<Job> _jobs = new(
        database,
        "jobs",
        StoredJsonContext.Default.Job,
        job => job.TenantId,
        job => job.Id,
        job => job.ETag,
        (job, etag) => job with { ETag = etag },
        [
            new("status", job => job.Status.ToWire()),
            new("domain_key", job => job.DomainKey),
            new("title_key", job => job.TitleKey),
        ]);

    public Task<Job?> FindAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        _jobs.FindAsync(tenantId, id, cancellationToken);

    public async Task<JobPage> ListAsync(string tenantId, JobQuery query, CancellationToken cancellationToken)
    {
        var after = query.ContinuationToken is null ? "" : SqliteCreateClaims.DecodeToken(TokenPrefix, query.ContinuationToken);
        var (items, more) = await _jobs.ListAsync(tenantId, after, query.PageSize, (sql, command) =>
        {
            if (query.Statuses is { Count: > 0 } statuses)
            {
                SqliteTenantTable<Job>.AppendIn(sql, command, "status", statuses.Select(s => s.ToWire()));
            }
            if (query.DomainKey is { } domain)
            {
                sql.Append(" AND domain_key = $domain");
                command.Parameters.AddWithValue("$domain", domain);
            }
            if (query.TitleContains is { } text)
            {
                // instr, not LIKE: the search text is taken literally, '%' and '_' included.
                sql.Append(" AND instr(title_key, $text) > 0");
                command.Parameters.AddWithValue("$text", text);
            }
        }, cancellationToken);
        return new JobPage(items, more ? SqliteCreateClaims.EncodeToken(TokenPrefix, items[^1].Id) : null);
    }

    public Task<Job> CreateAsync(Job job, CancellationToken cancellationToken) =>
        _jobs.InsertAsync(job, (failure, _) => Task.FromResult<Exception?>(
            failure.SqliteExtendedErrorCode == SqliteTenantTable<Job>.ConstraintPrimaryKey ? new JobAlreadyExistsException(job.Id) : null), cancellationToken);

    public async Task<Job> ReplaceAsync(Job job, CancellationToken cancellationToken) =>
        await _jobs.ReplaceAsync(job, SqliteTenantTable<Job>.NoMapping, cancellationToken) ?? throw new StaleJobException(job.Id);

    public async Task<bool> DeleteAsync(string tenantId, string id, string? expectedETag, CancellationToken cancellationToken) =>
        await SqliteCreateClaims.DeleteWithClaimsAsync(database, "jobs", ClaimKind, tenantId, id, expectedETag, cancellationToken)
        ?? throw new StaleJobException(id);

    public Task<CreateClaim> ClaimCreateAsync(CreateClaim claim, TimeSpan lifetime, CancellationToken cancellationToken) =>
        SqliteCreateClaims.ClaimAsync(database, ClaimKind, claim, lifetime, cancellationToken);
}
