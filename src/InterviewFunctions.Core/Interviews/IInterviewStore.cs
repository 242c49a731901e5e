using InterviewFunctions.Core.Tenancy;

namespace InterviewFunctions.Core.Interviews;

/// <summary>
/// Where interviews live, shaped by how they are read: one by id, a tenant's by filters in start order, a projection
/// for statistics. Every call names the tenant; nothing crosses tenants.
/// </summary>
public interface IInterviewStore
{
    /// <summary>The adapter's name, shown by the health endpoint.</summary>
    string Name { get; }

    Task<Interview?> FindAsync(string tenantId, string id, CancellationToken cancellationToken);

    /// <summary>Interviews in start order (then id), a page at a time.</summary>
    /// <exception cref="InvalidContinuationTokenException">The token was not one this store handed out.</exception>
    Task<InterviewPage> ListAsync(string tenantId, InterviewQuery query, CancellationToken cancellationToken);

    /// <returns>The stored interview with its ETag.</returns>
    /// <exception cref="InterviewAlreadyExistsException">An interview with this id exists.</exception>
    Task<Interview> CreateAsync(Interview interview, CancellationToken cancellationToken);

    /// <summary>Replaces the interview if its stored ETag still equals <see cref="Interview.ETag"/>.</summary>
    /// <exception cref="StaleInterviewException">It changed (or was deleted) since it was read.</exception>
    Task<Interview> ReplaceAsync(Interview interview, CancellationToken cancellationToken);

    /// <summary>Erases the interview and what the store derived from it (idempotency records). False when there was none.</summary>
    Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<InterviewStatsRow>> ListStatsRowsAsync(string tenantId, InterviewScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// Interviews of every tenant whose <see cref="Interview.NextDispatchAt"/> is at or before <paramref name="horizon"/>,
    /// earliest first: an indexed query whose cost follows the number of due interviews, not of all interviews.
    /// </summary>
    Task<IReadOnlyList<Interview>> ListDueAsync(DateTimeOffset horizon, int max, CancellationToken cancellationToken);

    /// <summary>The earliest <see cref="Interview.NextDispatchAt"/> of any interview; null when nothing is planned.</summary>
    Task<DateTimeOffset?> NextDispatchAtAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records that <see cref="IdempotencyRecord.Key"/> creates <see cref="IdempotencyRecord.InterviewId"/>, unless the key
    /// is already recorded and unexpired: then the earlier record is returned and nothing is written.
    /// </summary>
    Task<IdempotencyRecord> ClaimIdempotencyKeyAsync(IdempotencyRecord record, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot be reached.</summary>
    Task CheckHealthAsync(CancellationToken cancellationToken);
}

public sealed record InterviewQuery(
    InterviewScope Scope,
    IReadOnlyList<InterviewStatus>? Statuses = null,
    InterviewType? Type = null,
    string? CompanyKey = null,
    string? JobId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int PageSize = 50,
    string? ContinuationToken = null);

public sealed record InterviewPage(IReadOnlyList<Interview> Items, string? ContinuationToken);

public sealed record IdempotencyRecord(string TenantId, string Key, string RequestHash, string InterviewId, DateTimeOffset CreatedAt);

public sealed class InterviewAlreadyExistsException(string id) : Exception($"Interview '{id}' already exists.");

public sealed class StaleInterviewException(string id) : Exception($"Interview '{id}' changed since it was read.");

public sealed class InvalidContinuationTokenException(Exception? inner = null) : Exception("The continuation token is not valid for this query.", inner);
