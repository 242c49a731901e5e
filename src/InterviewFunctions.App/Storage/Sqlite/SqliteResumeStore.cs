using System.Text.Json;
using InterviewFunctions.App.Screening;
using InterviewFunctions.Core.Screening;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>Resumes in the interview store's SQLite file, owned by their candidate, in upload (id) order.</summary>
public sealed class SqliteResumeStore(SqliteDatabase database) : IResumeStore
{
    private readonly SqliteOwnedDocuments<UploadedResume> _documents = new(database, new(
        "resumes", "r|", ScreeningStoredJsonContext.Default.UploadedResume,
        r => (r.TenantId, r.Id, r.CandidateId, r.ETag),
        (r, etag) => r with { ETag = etag },
        id => new ResumeAlreadyExistsException(id),
        id => new InvalidOperationException($"Resume '{id}' is never replaced.")));

    public Task<UploadedResume?> FindAsync(string tenantId, string candidateId, string id, CancellationToken cancellationToken) =>
        _documents.FindAsync(tenantId, candidateId, id, cancellationToken);

    public async Task<UploadedResume?> LatestAsync(string tenantId, string candidateId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc, etag FROM resumes WHERE tenant_id = $tenant AND owner = $owner ORDER BY id DESC LIMIT 1;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$owner", candidateId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(0), ScreeningStoredJsonContext.Default.UploadedResume)! with { ETag = reader.GetString(1) }
            : null;
    }

    public async Task<ResumePage> ListAsync(string tenantId, string candidateId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var (items, next) = await _documents.ListAsync(tenantId, candidateId, pageSize, continuationToken, cancellationToken);
        return new ResumePage(items, next);
    }

    public Task<UploadedResume> CreateAsync(UploadedResume upload, CancellationToken cancellationToken) => _documents.CreateAsync(upload, cancellationToken);

    public Task<bool> DeleteAsync(string tenantId, string candidateId, string id, CancellationToken cancellationToken) =>
        _documents.DeleteAsync(tenantId, candidateId, id, cancellationToken);
}
