using InterviewFunctions.Core.Preparation.Mock;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>Mock interview sessions in the interview store's SQLite file, read by owner in id order with keyset pages.</summary>
public sealed class SqliteMockInterviewStore(SqliteDatabase database) : IMockInterviewStore
{
    private readonly SqliteOwnedDocuments<MockInterview> _documents = new(database, new(
        "mock_interviews", "m|", StoredJsonContext.Default.MockInterview,
        s => (s.TenantId, s.Id, s.Owner, s.ETag),
        (s, etag) => s with { ETag = etag },
        id => new MockInterviewAlreadyExistsException(id),
        id => new StaleMockInterviewException(id)));

    public Task<MockInterview?> FindAsync(string tenantId, string owner, string id, CancellationToken cancellationToken) =>
        _documents.FindAsync(tenantId, owner, id, cancellationToken);

    public async Task<MockInterviewPage> ListAsync(string tenantId, string owner, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var (items, next) = await _documents.ListAsync(tenantId, owner, pageSize, continuationToken, cancellationToken);
        return new MockInterviewPage(items, next);
    }

    public Task<MockInterview> CreateAsync(MockInterview session, CancellationToken cancellationToken) => _documents.CreateAsync(session, cancellationToken);

    public Task<MockInterview> ReplaceAsync(MockInterview session, CancellationToken cancellationToken) => _documents.ReplaceAsync(session, cancellationToken);
}
