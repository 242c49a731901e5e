using System.Text.Json.Serialization;
using InterviewFunctions.Core.Json;
using InterviewFunctions.Core.Queues;

namespace InterviewFunctions.Core.Screening;

[JsonConverter(typeof(SnakeCaseEnumConverter<ScreeningStatus>))]
public enum ScreeningStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// One screening of one resume against one job: queued by an upload or a request, run by the queue function, settled
/// as succeeded (with the assessment) or failed (with the reason). Named apart from the namespace it lives in.
/// </summary>
public sealed record ResumeScreening
{
    public const string DocumentType = "screening";

    /// <summary>What a screening ranks as before it has a score: below every real score (0 to 100).</summary>
    public const int Unranked = -1;

    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public string DocType { get; init; } = DocumentType;
    public required string JobId { get; init; }
    public required string CandidateId { get; init; }
    public required string ResumeId { get; init; }
    public ScreeningStatus Status { get; init; } = ScreeningStatus.Queued;

    /// <summary>Deliveries that started work on it.</summary>
    public int Attempts { get; init; }
    public required DateTimeOffset QueuedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Why it failed, or why the last attempt did when it is to be retried.</summary>
    public string? Error { get; init; }
    public ScreeningAssessment? Assessment { get; init; }

    /// <summary>The overall score, or <see cref="Unranked"/>: stored (and indexed) so that ranking is a query, never a sort in memory.</summary>
    public int RankScore => Assessment?.Scores.Overall ?? Unranked;

    /// <summary>When the stalled-work sweeper last sent its queue message again; null while only the first send was made.</summary>
    public DateTimeOffset? ResentAt { get; init; }

    /// <summary>
    /// While a delivery works on it, when that delivery last showed it is alive; refreshed while the engine runs, so that
    /// long work is told apart from work whose process died.
    /// </summary>
    public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>
    /// While unsettled, its latest sign of life: its latest queue message going out, or its worker's latest heartbeat.
    /// Stored (and indexed) so that the sweeper finds screenings stalled by a lost message or a dead worker with a
    /// query, and leaves alone those a live worker is still on. Null once settled.
    /// </summary>
    public DateTimeOffset? PendingSince => IsSettled ? null : RunningWorker.LatestSignOfLife(ResentAt ?? QueuedAt, HeartbeatAt);

    [JsonIgnore]
    public bool IsSettled => Status is ScreeningStatus.Succeeded or ScreeningStatus.Failed;

    /// <summary>While a delivery works on it: that delivery's start (its attempt) and latest heartbeat; null otherwise.</summary>
    [JsonIgnore]
    public RunningWorker? Worker => Status == ScreeningStatus.Running ? new RunningWorker(Attempts, HeartbeatAt ?? StartedAt ?? QueuedAt) : null;

    /// <summary>The store's concurrency token; not part of the stored document.</summary>
    [JsonIgnore]
    public string? ETag { get; init; }
}

/// <summary>The moves of a screening, as pure functions of the screening and the time.</summary>
public static class ScreeningRules
{
    public const int MaxCandidatesPerRequest = 100;
    public const int MaxError = 2000;

    public static ResumeScreening Queue(string tenantId, string id, string jobId, string candidateId, string resumeId, DateTimeOffset now) => new()
    {
        Id = id,
        TenantId = tenantId,
        JobId = jobId,
        CandidateId = candidateId,
        ResumeId = resumeId,
        QueuedAt = now,
    };

    /// <summary>A screening that stands for this request instead of a new one: the same resume, still queued, running or done well.</summary>
    public static bool Reusable(ResumeScreening screening) => screening.Status is not ScreeningStatus.Failed;

    public static ResumeScreening Start(ResumeScreening screening, DateTimeOffset now) =>
        screening with { Status = ScreeningStatus.Running, Attempts = screening.Attempts + 1, StartedAt = now, HeartbeatAt = now };

    /// <summary>The running screening with its worker's fresh heartbeat.</summary>
    public static ResumeScreening Beat(ResumeScreening screening, DateTimeOffset now) => screening with { HeartbeatAt = now };

    public static ResumeScreening Succeed(ResumeScreening screening, ScreeningAssessment assessment, DateTimeOffset now) =>
        screening with { Status = ScreeningStatus.Succeeded, Assessment = assessment, CompletedAt = now, Error = null };

    public static ResumeScreening Fail(ResumeScreening screening, string error, DateTimeOffset now) =>
        screening with { Status = ScreeningStatus.Failed, CompletedAt = now, Error = Clip(error) };

    /// <summary>An attempt failed and the queue will try again: back to queued, the reason kept for whoever looks meanwhile.</summary>
    public static ResumeScreening Retry(ResumeScreening screening, string error) =>
        screening with { Status = ScreeningStatus.Queued, Error = Clip($"Attempt {screening.Attempts} failed and will be retried: {error}") };

    private static string Clip(string text) => text.Length <= MaxError ? text : text[..(MaxError - 1)] + "…";
}

[JsonConverter(typeof(SnakeCaseEnumConverter<ScreeningOrder>))]
public enum ScreeningOrder
{
    /// <summary>Best first: overall score descending, unscored last; ties in queue order.</summary>
    Overall,

    /// <summary>Queue order, oldest first.</summary>
    QueuedAt,
}

public sealed record ScreeningQuery(
    ScreeningOrder OrderBy = ScreeningOrder.Overall,
    IReadOnlyList<ScreeningStatus>? Statuses = null,
    int PageSize = 50,
    string? ContinuationToken = null);

public sealed record ScreeningPage(IReadOnlyList<ResumeScreening> Items, string? ContinuationToken);

/// <summary>A tenant's screenings: one by id, a job's ranked, and the one that already stands for a resume.</summary>
public interface IScreeningStore
{
    Task<ResumeScreening?> FindAsync(string tenantId, string id, CancellationToken cancellationToken);

    /// <summary>The job's screenings in the query's order, a keyset page at a time.</summary>
    /// <exception cref="Interviews.InvalidContinuationTokenException">The token was not one this store handed out for this order.</exception>
    Task<ScreeningPage> ListForJobAsync(string tenantId, string jobId, ScreeningQuery query, CancellationToken cancellationToken);

    /// <summary>The latest screening of this resume for this job that is queued, running or succeeded; null when none is.</summary>
    Task<ResumeScreening?> FindReusableAsync(string tenantId, string jobId, string candidateId, string resumeId, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="claim"/> unless an unexpired claim of its key stands; returns the claim that stands. Makes
    /// the creation of one screening of the same inputs by concurrent requests agree on one id.
    /// </summary>
    Task<Jobs.CreateClaim> ClaimCreateAsync(Jobs.CreateClaim claim, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Unsettled screenings of every tenant whose queue message went out before <paramref name="sentBefore"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ResumeScreening>> ListPendingAsync(DateTimeOffset sentBefore, int limit, CancellationToken cancellationToken);

    /// <summary>Erases every screening of the resume (they quote its text); returns how many there were.</summary>
    Task<int> DeleteForResumeAsync(string tenantId, string candidateId, string resumeId, CancellationToken cancellationToken);

    /// <exception cref="ScreeningAlreadyExistsException">A screening with this id exists in the tenant.</exception>
    Task<ResumeScreening> CreateAsync(ResumeScreening screening, CancellationToken cancellationToken);

    /// <summary>Replaces the screening if its stored ETag still equals <see cref="ResumeScreening.ETag"/>.</summary>
    /// <exception cref="StaleScreeningException">It changed (or is gone) since it was read.</exception>
    Task<ResumeScreening> ReplaceAsync(ResumeScreening screening, CancellationToken cancellationToken);
}

public sealed class ScreeningAlreadyExistsException(string id) : Exception($"Screening '{id}' already exists.");

public sealed class StaleScreeningException(string id) : Exception($"Screening '{id}' changed since it was read.");
