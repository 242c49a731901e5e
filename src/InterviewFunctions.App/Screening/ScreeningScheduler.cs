using System.Text.Json.Nodes;
using InterviewFunctions.Core.Candidates;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Queues;
using InterviewFunctions.Core.Screening;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Screening;

/// <summary>
/// Queues screenings, for the upload and for the screening request alike: one that already stands for the same job,
/// candidate and resume is handed back instead of a second (unless a rescreen is asked for), and a candidate who was
/// <c>new</c> moves to <c>screening</c>.
/// </summary>
public sealed partial class ScreeningScheduler(
    IScreeningStore screenings,
    ICandidateStore candidates,
    IMessageQueues queues,
    TimeProvider clock,
    IOptions<ScreeningOptions> options,
    ILogger<ScreeningScheduler> logger)
{
    private const int MaxRetriesOnConflict = 5;

    /// <summary>Screenings of one resume for one job, one after another, that the claims keep apart before giving up on them.</summary>
    private const int MaxClaimChain = 32;

    /// <summary>Long enough to outlast any race between two requests; after it, a request finds the screening itself.</summary>
    private static readonly TimeSpan ClaimLifetime = TimeSpan.FromHours(24);

    /// <returns>The screening, and whether it was queued now (false: an earlier one stands).</returns>
    /// <remarks>
    /// Concurrent requests for the same job, candidate and resume agree on one screening through a chain of create
    /// claims: the first claim of a key names the screening's id, a request that loses the claim takes that id, and
    /// whichever insert comes second conflicts and reads the first. A failed screening extends the chain by its id, so
    /// that the next request claims a new key and queues a new screening. A rescreen is asked for on purpose and
    /// always queues one of its own.
    /// </remarks>
    public async Task<(ResumeScreening Screening, bool Queued)> QueueAsync(string jobId, UploadedResume resume, bool rescreen, CancellationToken cancellationToken)
    {
        if (rescreen)
        {
            return await CreateAsync(NewScreening(Guid.CreateVersion7(clock.GetUtcNow()).ToString(), jobId, resume), cancellationToken);
        }
        if (await screenings.FindReusableAsync(resume.TenantId, jobId, resume.CandidateId, resume.Id, cancellationToken) is { } existing)
        {
            return (existing, false);
        }
        var key = ClaimKeyOf(jobId, resume);
        for (var link = 0; link < MaxClaimChain; link++)
        {
            var now = clock.GetUtcNow();
            var id = Guid.CreateVersion7(now).ToString();
            var claim = await screenings.ClaimCreateAsync(new CreateClaim(resume.TenantId, key, key, id, now), ClaimLifetime, cancellationToken);
            if (claim.ResourceId != id)
            {
                if (await screenings.FindAsync(resume.TenantId, claim.ResourceId, cancellationToken) is { } claimed)
                {
                    if (claimed.Status != ScreeningStatus.Failed)
                    {
                        return (claimed, false);
                    }
                    key = key + "\n" + claimed.Id;
                    continue;
                }
                // The request that claimed it has not stored it yet (or died before it could): store it under its id.
                id = claim.ResourceId;
            }
            return await CreateAsync(NewScreening(id, jobId, resume), cancellationToken);
        }
        // A chain this long within a claim's lifetime means screenings keep failing at once: queue without a claim.
        return await CreateAsync(NewScreening(Guid.CreateVersion7(clock.GetUtcNow()).ToString(), jobId, resume), cancellationToken);
    }

    private ResumeScreening NewScreening(string id, string jobId, UploadedResume resume) =>
        ScreeningRules.Queue(resume.TenantId, id, jobId, resume.CandidateId, resume.Id, clock.GetUtcNow());

    /// <summary>Stores and sends the screening; when a concurrent request stored it first, that one sends and this one reads it.</summary>
    private async Task<(ResumeScreening Screening, bool Queued)> CreateAsync(ResumeScreening queued, CancellationToken cancellationToken)
    {
        ResumeScreening screening;
        try
        {
            screening = await screenings.CreateAsync(queued, cancellationToken);
        }
        catch (ScreeningAlreadyExistsException)
        {
            return (await screenings.FindAsync(queued.TenantId, queued.Id, cancellationToken)
                ?? throw new InvalidOperationException($"Screening '{queued.Id}' vanished while it was queued."), false);
        }
        await queues.SendAsync(options.Value.QueueName, new ScreeningMessage(screening.TenantId, screening.Id).ToText(), TimeSpan.Zero, null, cancellationToken);
        Log.Queued(logger, screening.Id, screening.JobId, screening.CandidateId);
        return (screening, true);
    }

    /// <summary>The inputs that make two requests the same screening. Ids hold no newline, so the parts cannot run together.</summary>
    private static string ClaimKeyOf(string jobId, UploadedResume resume) => $"{jobId}\n{resume.CandidateId}\n{resume.Id}";

    /// <summary>A candidate who was <c>new</c> is in screening now; one further along (or out) stays where they are.</summary>
    public async Task MarkScreeningAsync(CandidateProfile candidate, CancellationToken cancellationToken)
    {
        for (var attempt = 1; candidate.Status == CandidateStatus.New && CandidatePipeline.CanMove(candidate.Status, CandidateStatus.Screening); attempt++)
        {
            if (CandidateRules.Patch(candidate, new JsonObject { ["status"] = "screening" }, clock.GetUtcNow()) is not CandidateChange.Applied applied)
            {
                return;
            }
            try
            {
                await candidates.ReplaceAsync(applied.Candidate, cancellationToken);
                Log.CandidateInScreening(logger, candidate.Id);
                return;
            }
            catch (StaleCandidateException)
            {
                // The profile keeps changing under us: the status is a convenience, never worth failing the upload for.
                if (attempt >= MaxRetriesOnConflict || await candidates.FindAsync(candidate.TenantId, candidate.Id, cancellationToken) is not { } fresh)
                {
                    return;
                }
                candidate = fresh;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Screening {ScreeningId} queued for job {JobId} and candidate {CandidateId}")]
        public static partial void Queued(ILogger logger, string screeningId, string jobId, string candidateId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Candidate {CandidateId} is now in screening")]
        public static partial void CandidateInScreening(ILogger logger, string candidateId);
    }
}
