namespace InterviewFunctions.Core.Preparation.Mock;

/// <summary>
/// Where mock interview sessions live. Every call names the tenant and the owner: a session is only ever read by the
/// candidate who started it, so another owner's id looks missing.
/// </summary>
public interface IMockInterviewStore
{
    Task<MockInterview?> FindAsync(string tenantId, string owner, string id, CancellationToken cancellationToken);

    /// <summary>The owner's sessions in start order (ids are time-ordered), a page at a time.</summary>
    /// <exception cref="Interviews.InvalidContinuationTokenException">The token was not one this store handed out.</exception>
    Task<MockInterviewPage> ListAsync(string tenantId, string owner, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <returns>The stored session with its ETag.</returns>
    /// <exception cref="MockInterviewAlreadyExistsException">A session with this id exists in the tenant.</exception>
    Task<MockInterview> CreateAsync(MockInterview session, CancellationToken cancellationToken);

    /// <summary>Replaces the session if its stored ETag still equals <see cref="MockInterview.ETag"/>.</summary>
    /// <exception cref="StaleMockInterviewException">It changed since it was read (another answer got there first).</exception>
    Task<MockInterview> ReplaceAsync(MockInterview session, CancellationToken cancellationToken);
}

public sealed record MockInterviewPage(IReadOnlyList<MockInterview> Items, string? ContinuationToken);

public sealed class MockInterviewAlreadyExistsException(string id) : Exception($"Mock interview '{id}' already exists.");

public sealed class StaleMockInterviewException(string id) : Exception($"Mock interview '{id}' changed since it was read.");
