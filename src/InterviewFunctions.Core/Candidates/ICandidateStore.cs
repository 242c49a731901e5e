using InterviewFunctions.Core.Jobs;

namespace InterviewFunctions.Core.Candidates;

/// <summary>
/// Where a tenant's candidate profiles live: one by id, or the tenant's in creation order with filters. The store
/// keeps each email to one candidate per tenant. Every call names the tenant; nothing crosses tenants.
/// </summary>
public interface ICandidateStore
{
    Task<CandidateProfile?> FindAsync(string tenantId, string id, CancellationToken cancellationToken);

    /// <summary>Candidates in id (creation) order, a keyset page at a time.</summary>
    /// <exception cref="Interviews.InvalidContinuationTokenException">The token was not one this store handed out.</exception>
    Task<CandidatePage> ListAsync(string tenantId, CandidateQuery query, CancellationToken cancellationToken);

    /// <returns>The stored candidate with its ETag.</returns>
    /// <exception cref="CandidateAlreadyExistsException">A candidate with this id exists in the tenant.</exception>
    /// <exception cref="CandidateEmailTakenException">Another candidate of the tenant has this email.</exception>
    Task<CandidateProfile> CreateAsync(CandidateProfile candidate, CancellationToken cancellationToken);

    /// <summary>Replaces the candidate if its stored ETag still equals <see cref="CandidateProfile.ETag"/>.</summary>
    /// <exception cref="StaleCandidateException">It changed (or was deleted) since it was read.</exception>
    /// <exception cref="CandidateEmailTakenException">The new email belongs to another candidate of the tenant.</exception>
    Task<CandidateProfile> ReplaceAsync(CandidateProfile candidate, CancellationToken cancellationToken);

    /// <summary>Erases the candidate (freeing its email) and the create claims that name it. False when there was none.</summary>
    /// <exception cref="StaleCandidateException">With <paramref name="expectedETag"/>: it changed since it was read.</exception>
    Task<bool> DeleteAsync(string tenantId, string id, string? expectedETag, CancellationToken cancellationToken);

    /// <summary>How many of the tenant's candidates list the job in <see cref="CandidateProfile.JobIds"/>.</summary>
    Task<int> CountForJobAsync(string tenantId, string jobId, CancellationToken cancellationToken);

    /// <summary>As <see cref="IJobStore.ClaimCreateAsync"/>, for candidate creates.</summary>
    Task<CreateClaim> ClaimCreateAsync(CreateClaim claim, TimeSpan lifetime, CancellationToken cancellationToken);
}

/// <param name="Email">Lower-case email the candidate must have exactly.</param>
/// <param name="NameContains">Lower-case text the name must contain.</param>
public sealed record CandidateQuery(
    IReadOnlyList<CandidateStatus>? Statuses = null,
    string? JobId = null,
    string? Email = null,
    string? NameContains = null,
    int PageSize = 50,
    string? ContinuationToken = null);

public sealed record CandidatePage(IReadOnlyList<CandidateProfile> Items, string? ContinuationToken);

public sealed class CandidateAlreadyExistsException(string id) : Exception($"Candidate '{id}' already exists.");

public sealed class StaleCandidateException(string id) : Exception($"Candidate '{id}' changed since it was read.");

/// <summary>The email is another candidate's; <see cref="ExistingId"/> names them.</summary>
public sealed class CandidateEmailTakenException(string existingId) : Exception($"Candidate '{existingId}' already has this email.")
{
    public string ExistingId { get; } = existingId;
}
