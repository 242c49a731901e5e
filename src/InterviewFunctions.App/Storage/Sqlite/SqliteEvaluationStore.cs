using System.Globalization;
using System.Text.Json;
using InterviewFunctions.Core.Evaluation;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using Microsoft.Data.Sqlite;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>Evaluations in the interview store's SQLite file: the document beside its subject, replaced under its ETag.</summary>
public sealed class SqliteEvaluationStore(SqliteDatabase database) : IEvaluationStore
{
    private const int SqliteConstraintPrimaryKey = 1555;
    private const string ClaimKind = "evaluation";

    public async Task<InterviewEvaluation?> FindAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc, etag FROM evaluations WHERE tenant_id = $tenant AND id = $id;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<InterviewEvaluation?> FindLatestAsync(string tenantId, EvaluationSubject subject, string subjectId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT doc, etag FROM evaluations
            WHERE tenant_id = $tenant AND subject = $subject AND subject_id = $subjectId
            ORDER BY created_utc DESC, id DESC LIMIT 1;
            """;
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$subject", subject.ToWire());
        command.Parameters.AddWithValue("$subjectId", subjectId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<InterviewEvaluation> CreateAsync(InterviewEvaluation evaluation, CancellationToken cancellationToken)
    {
        var stored = evaluation with { ETag = Guid.NewGuid().ToString("N") };
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = """
            INSERT INTO evaluations (tenant_id, id, subject, subject_id, created_utc, etag, doc)
            VALUES ($tenant, $id, $subject, $subjectId, $created, $etag, $doc);
            """;
        Bind(command, stored);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
        {
            throw new EvaluationAlreadyExistsException(evaluation.Id);
        }
        return stored;
    }

    public async Task<InterviewEvaluation> ReplaceAsync(InterviewEvaluation evaluation, CancellationToken cancellationToken)
    {
        var stored = evaluation with { ETag = Guid.NewGuid().ToString("N") };
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        // The subject and creation instant never change; only the document and its ETag do.
        command.CommandText = "UPDATE evaluations SET etag = $etag, doc = $doc WHERE tenant_id = $tenant AND id = $id AND etag = $expected;";
        Bind(command, stored);
        command.Parameters.AddWithValue("$expected", evaluation.ETag ?? "");
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new StaleEvaluationException(evaluation.Id);
        }
        return stored;
    }

    public Task<CreateClaim> ClaimCreateAsync(CreateClaim claim, TimeSpan lifetime, CancellationToken cancellationToken) =>
        SqliteCreateClaims.ClaimAsync(database, ClaimKind, claim, lifetime, cancellationToken);

    public Task<IReadOnlyList<InterviewEvaluation>> ListPendingAsync(DateTimeOffset sentBefore, int limit, CancellationToken cancellationToken) =>
        PendingSinceText.ListSqliteAsync(database, "evaluations", sentBefore, limit, Read, cancellationToken);

    public async Task<int> DeleteForSubjectAsync(string tenantId, EvaluationSubject subject, string subjectId, CancellationToken cancellationToken)
    {
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "DELETE FROM evaluations WHERE tenant_id = $tenant AND subject = $subject AND subject_id = $subjectId;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$subject", subject.ToWire());
        command.Parameters.AddWithValue("$subjectId", subjectId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Bind(SqliteCommand command, InterviewEvaluation evaluation)
    {
        command.Parameters.AddWithValue("$tenant", evaluation.TenantId);
        command.Parameters.AddWithValue("$id", evaluation.Id);
        command.Parameters.AddWithValue("$subject", evaluation.Subject.ToWire());
        command.Parameters.AddWithValue("$subjectId", evaluation.SubjectId);
        // Fixed-width UTC text sorts as the instants do.
        command.Parameters.AddWithValue("$created", evaluation.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$etag", evaluation.ETag);
        command.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(evaluation, StoredJsonContext.Default.InterviewEvaluation));
    }

    private static InterviewEvaluation Read(SqliteDataReader reader) =>
        JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(0), StoredJsonContext.Default.InterviewEvaluation)! with { ETag = reader.GetString(1) };
}
