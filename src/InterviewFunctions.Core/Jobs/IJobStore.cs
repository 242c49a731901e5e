namespace InterviewFunctions.Core.Jobs;

/// <summary>
/// Where a tenant's job postings live: one by id, or the tenant's in creation order (ids are time-ordered) with
/// filters. Every call names the tenant; nothing crosses tenants.
/// </summary>
public interface IJobStore
{
    Task<Job?> FindAsync(string tenantId, string id, CancellationToken cancellationToken);

    /// <summary>Jobs in id (creation) order, a keyset page at a time.</summary>
    /// <exception cref="Interviews.InvalidContinuationTokenException">The token was not one this store handed out.</exception>
    Task<JobPage> ListAsync(string tenantId, JobQuery query, CancellationToken cancellationToken);

    /// <returns>The stored job with its ETag.</returns>
    /// <exception cref="JobAlreadyExistsException">A job with this id exists in the tenant.</exception>
    Task<Job> CreateAsync(Job job, CancellationToken cancellationToken);

    /// <summary>Replaces the job if its stored ETag still equals <see cref="Job.ETag"/>.</summary>
    /// <exception cref="StaleJobException">It changed (or was deleted) since it was read.</exception>
    Task<Job> ReplaceAsync(Job job, CancellationToken cancellationToken);

    /// <summary>
    /// Erases the job and the create claims that name it. With <paramref name="expectedETag"/>, only the version read.
    /// False when there was none.
    /// </summary>
    /// <exception cref="StaleJobException">It changed since it was read.</exception>
    Task<bool> DeleteAsync(string tenantId, string id, string? expectedETag, CancellationToken cancellationToken);

    /// <summary>
    /// Records that <see cref="CreateClaim.Key"/> creates <see cref="CreateClaim.ResourceId"/>, unless the key is already
    /// recorded and unexpired: then the earlier claim is returned and nothing is written.
    /// </summary>
    Task<CreateClaim> ClaimCreateAsync(CreateClaim claim, TimeSpan lifetime, CancellationToken cancellationToken);
}

/// <param name="TitleContains">Lower-case text the title must contain.</param>
/// <param name="DomainKey">Lower-case domain the job must have exactly.</param>
public sealed record JobQuery(
    IReadOnlyList<JobStatus>? Statuses = null,
    string? DomainKey = null,
    string? TitleContains = null,
    int PageSize = 50,
    string? ContinuationToken = null);

public sealed record JobPage(IReadOnlyList<Job> Items, string? ContinuationToken);

/// <summary>An Idempotency-Key of a create request: the body's hash and the id of what it creates.</summary>
public sealed record CreateClaim(string TenantId, string Key, string RequestHash, string ResourceId, DateTimeOffset CreatedAt);

public sealed class JobAlreadyExistsException(string id) : Exception($"Job '{id}' already exists.");

public sealed class StaleJobException(string id) : Exception($"Job '{id}' changed since it was read.");
