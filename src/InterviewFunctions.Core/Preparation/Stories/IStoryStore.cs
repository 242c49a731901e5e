namespace InterviewFunctions.Core.Preparation.Stories;

/// <summary>
/// Where candidates' STAR stories live. Every call names the tenant and the owner: a story is only ever read by the
/// candidate who wrote it, so another owner's id looks missing.
/// </summary>
public interface IStoryStore
{
    Task<StarStory?> FindAsync(string tenantId, string owner, string id, CancellationToken cancellationToken);

    /// <summary>The owner's stories in creation order (ids are time-ordered), a page at a time.</summary>
    /// <exception cref="Interviews.InvalidContinuationTokenException">The token was not one this store handed out.</exception>
    Task<StoryPage> ListAsync(string tenantId, string owner, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <returns>The stored story with its ETag.</returns>
    /// <exception cref="StoryAlreadyExistsException">A story with this id exists in the tenant.</exception>
    Task<StarStory> CreateAsync(StarStory story, CancellationToken cancellationToken);

    /// <summary>Replaces the story if its stored ETag still equals <see cref="StarStory.ETag"/>.</summary>
    /// <exception cref="StaleStoryException">It changed (or was deleted) since it was read.</exception>
    Task<StarStory> ReplaceAsync(StarStory story, CancellationToken cancellationToken);

    /// <summary>False when the owner had no such story.</summary>
    Task<bool> DeleteAsync(string tenantId, string owner, string id, CancellationToken cancellationToken);
}

public sealed record StoryPage(IReadOnlyList<StarStory> Items, string? ContinuationToken);

public sealed class StoryAlreadyExistsException(string id) : Exception($"Story '{id}' already exists.");

public sealed class StaleStoryException(string id) : Exception($"Story '{id}' changed since it was read.");
