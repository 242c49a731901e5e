using System.Globalization;
using System.Text;
using System.Text.Json;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using Microsoft.Data.Sqlite;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>Job postings in the interview store's SQLite file: the document beside the columns its filters use, keyset pages by id.</summary>
public sealed class SqliteJobStore(SqliteDatabase database) : IJobStore
{
    private const int SqliteConstraintPrimaryKey = 1555;
    private const string ClaimKind = "job";
    private const string TokenPrefix = "j";

    public async Task<Job?> FindAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc, etag FROM jobs WHERE tenant_id = $tenant AND id = $id;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<JobPage> ListAsync(string tenantId, JobQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT doc, etag FROM jobs WHERE tenant_id = $tenant AND id > $after");
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
        // One row more than the page tells whether another page follows.
        sql.Append(" ORDER BY id LIMIT $limit;");
        command.Parameters.AddWithValue("$limit", query.PageSize + 1);
        command.CommandText = sql.ToString();
        var items = new List<Job>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }
        if (items.Count <= query.PageSize)
        {
            return new JobPage(items, null);
        }
        items.RemoveAt(items.Count - 1);
        return new JobPage(items, SqliteCreateClaims.EncodeToken(TokenPrefix, items[^1].Id));
    }

    public async Task<Job> CreateAsync(Job job, CancellationToken cancellationToken)
    {
        var stored = job with { ETag = Guid.NewGuid().ToString("N") };
        var document = JsonSerializer.Serialize(stored, StoredJsonContext.Default.Job);
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = """
            INSERT INTO jobs (tenant_id, id, etag, status, domain_key, title_key, doc)
            VALUES ($tenant, $id, $etag, $status, $domain, $title, $doc);
            """;
        Bind(command, stored, document);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
        {
            throw new JobAlreadyExistsException(job.Id);
        }
        return stored;
    }

    public async Task<Job> ReplaceAsync(Job job, CancellationToken cancellationToken)
    {
        var stored = job with { ETag = Guid.NewGuid().ToString("N") };
        var document = JsonSerializer.Serialize(stored, StoredJsonContext.Default.Job);
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = """
            UPDATE jobs SET etag = $etag, status = $status, domain_key = $domain, title_key = $title, doc = $doc
            WHERE tenant_id = $tenant AND id = $id AND etag = $expected;
            """;
        Bind(command, stored, document);
        command.Parameters.AddWithValue("$expected", job.ETag ?? "");
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new StaleJobException(job.Id);
        }
        return stored;
    }

    public async Task<bool> DeleteAsync(string tenantId, string id, string? expectedETag, CancellationToken cancellationToken) =>
        await SqliteCreateClaims.DeleteWithClaimsAsync(database, "jobs", ClaimKind, tenantId, id, expectedETag, cancellationToken)
        ?? throw new StaleJobException(id);

    public Task<CreateClaim> ClaimCreateAsync(CreateClaim claim, TimeSpan lifetime, CancellationToken cancellationToken) =>
        SqliteCreateClaims.ClaimAsync(database, ClaimKind, claim, lifetime, cancellationToken);

    private static void Bind(SqliteCommand command, Job job, string document)
    {
        command.Parameters.AddWithValue("$tenant", job.TenantId);
        command.Parameters.AddWithValue("$id", job.Id);
        command.Parameters.AddWithValue("$etag", job.ETag);
        command.Parameters.AddWithValue("$status", job.Status.ToWire());
        command.Parameters.AddWithValue("$domain", (object?)job.DomainKey ?? DBNull.Value);
        command.Parameters.AddWithValue("$title", job.TitleKey);
        command.Parameters.AddWithValue("$doc", document);
    }

    private static Job Read(SqliteDataReader reader) =>
        JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(0), StoredJsonContext.Default.Job)! with { ETag = reader.GetString(1) };
}
