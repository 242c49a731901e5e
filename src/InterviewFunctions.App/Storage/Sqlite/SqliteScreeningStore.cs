using System.Globalization;
using System.Text;
using System.Text.Json;
using InterviewFunctions.App.Screening;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Screening;
using Microsoft.Data.Sqlite;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>
/// Screenings in the interview store's SQLite file. The overall score is a column (<c>rank_score</c>, -1 until scored),
/// so a job's ranking is read best first from an index with keyset pages on (score, id).
/// </summary>
public sealed class SqliteScreeningStore(SqliteDatabase database) : IScreeningStore
{
    private const int SqliteConstraintPrimaryKey = 1555;
    private const string RankPrefix = "so|";
    private const string QueuePrefix = "sq|";
    private const string ClaimKind = "screening";

    public async Task<ResumeScreening?> FindAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc, etag FROM screenings WHERE tenant_id = $tenant AND id = $id;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<ScreeningPage> ListForJobAsync(string tenantId, string jobId, ScreeningQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT doc, etag FROM screenings WHERE tenant_id = $tenant AND job_id = $job");
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$job", jobId);
        if (query.Statuses is { Count: > 0 } statuses)
        {
            var names = statuses.Select((s, i) => (Name: $"$status{i}", Value: s.ToWire())).ToList();
            sql.Append(CultureInfo.InvariantCulture, $" AND status IN ({string.Join(", ", names.Select(n => n.Name))})");
            names.ForEach(n => command.Parameters.AddWithValue(n.Name, n.Value));
        }
        if (query.OrderBy == ScreeningOrder.Overall)
        {
            if (query.ContinuationToken is { } token)
            {
                var (score, id) = DecodeRank(token);
                sql.Append(" AND (rank_score < $score OR (rank_score = $score AND id > $after))");
                command.Parameters.AddWithValue("$score", score);
                command.Parameters.AddWithValue("$after", id);
            }
            sql.Append(" ORDER BY rank_score DESC, id ASC");
        }
        else
        {
            if (query.ContinuationToken is { } token)
            {
                sql.Append(" AND id > $after");
                command.Parameters.AddWithValue("$after", DecodeQueue(token));
            }
            sql.Append(" ORDER BY id ASC");
        }
        // One row more than the page tells whether another page follows.
        sql.Append(" LIMIT $limit;");
        command.Parameters.AddWithValue("$limit", query.PageSize + 1);
        command.CommandText = sql.ToString();
        var items = new List<ResumeScreening>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }
        if (items.Count <= query.PageSize)
        {
            return new ScreeningPage(items, null);
        }
        items.RemoveAt(items.Count - 1);
        var last = items[^1];
        var next = query.OrderBy == ScreeningOrder.Overall
            ? RankPrefix + last.RankScore.ToString(CultureInfo.InvariantCulture) + "|" + last.Id
            : QueuePrefix + last.Id;
        return new ScreeningPage(items, UrlSafeToken.Wrap(next));
    }

    public async Task<ResumeScreening?> FindReusableAsync(string tenantId, string jobId, string candidateId, string resumeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT doc, etag FROM screenings
            WHERE tenant_id = $tenant AND job_id = $job AND candidate_id = $candidate AND resume_id = $resume AND status <> $failed
            ORDER BY id DESC LIMIT 1;
            """;
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$job", jobId);
        command.Parameters.AddWithValue("$candidate", candidateId);
        command.Parameters.AddWithValue("$resume", resumeId);
        command.Parameters.AddWithValue("$failed", ScreeningStatus.Failed.ToWire());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public Task<CreateClaim> ClaimCreateAsync(CreateClaim claim, TimeSpan lifetime, CancellationToken cancellationToken) =>
        SqliteCreateClaims.ClaimAsync(database, ClaimKind, claim, lifetime, cancellationToken);

    public Task<IReadOnlyList<ResumeScreening>> ListPendingAsync(DateTimeOffset sentBefore, int limit, CancellationToken cancellationToken) =>
        PendingSinceText.ListSqliteAsync(database, "screenings", sentBefore, limit, Read, cancellationToken);

    public async Task<int> DeleteForResumeAsync(string tenantId, string candidateId, string resumeId, CancellationToken cancellationToken)
    {
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "DELETE FROM screenings WHERE tenant_id = $tenant AND candidate_id = $candidate AND resume_id = $resume;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$candidate", candidateId);
        command.Parameters.AddWithValue("$resume", resumeId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ResumeScreening> CreateAsync(ResumeScreening screening, CancellationToken cancellationToken)
    {
        var stored = screening with { ETag = Guid.NewGuid().ToString("N") };
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = """
            INSERT INTO screenings (tenant_id, id, etag, job_id, candidate_id, resume_id, status, rank_score, doc)
            VALUES ($tenant, $id, $etag, $job, $candidate, $resume, $status, $score, $doc);
            """;
        Bind(command, stored);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
        {
            throw new ScreeningAlreadyExistsException(screening.Id);
        }
        return stored;
    }

    public async Task<ResumeScreening> ReplaceAsync(ResumeScreening screening, CancellationToken cancellationToken)
    {
        var stored = screening with { ETag = Guid.NewGuid().ToString("N") };
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = """
            UPDATE screenings SET etag = $etag, status = $status, rank_score = $score, doc = $doc
            WHERE tenant_id = $tenant AND id = $id AND etag = $expected;
            """;
        Bind(command, stored);
        command.Parameters.AddWithValue("$expected", screening.ETag ?? "");
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new StaleScreeningException(screening.Id);
        }
        return stored;
    }

    private static void Bind(SqliteCommand command, ResumeScreening screening)
    {
        command.Parameters.AddWithValue("$tenant", screening.TenantId);
        command.Parameters.AddWithValue("$id", screening.Id);
        command.Parameters.AddWithValue("$etag", screening.ETag);
        command.Parameters.AddWithValue("$job", screening.JobId);
        command.Parameters.AddWithValue("$candidate", screening.CandidateId);
        command.Parameters.AddWithValue("$resume", screening.ResumeId);
        command.Parameters.AddWithValue("$status", screening.Status.ToWire());
        command.Parameters.AddWithValue("$score", screening.RankScore);
        command.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(screening, ScreeningStoredJsonContext.Default.ResumeScreening));
    }

    private static ResumeScreening Read(SqliteDataReader reader) =>
        JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(0), ScreeningStoredJsonContext.Default.ResumeScreening)! with { ETag = reader.GetString(1) };

    private static (int Score, string Id) DecodeRank(string token)
    {
        var text = UrlSafeToken.Unwrap(token);
        var parts = text.StartsWith(RankPrefix, StringComparison.Ordinal) ? text[RankPrefix.Length..].Split('|', 2) : [];
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var score) && parts[1].Length > 0
            ? (score, parts[1])
            : throw new InvalidContinuationTokenException();
    }

    private static string DecodeQueue(string token)
    {
        var text = UrlSafeToken.Unwrap(token);
        return text.StartsWith(QueuePrefix, StringComparison.Ordinal) && text.Length > QueuePrefix.Length
            ? text[QueuePrefix.Length..]
            : throw new InvalidContinuationTokenException();
    }
}
