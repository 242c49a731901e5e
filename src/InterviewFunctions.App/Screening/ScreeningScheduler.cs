using System.Text.Json.Nodes;
using InterviewFunctions.Core.Candidates;
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

    /// <returns>The screening, and whether it was queued now (false: an earlier one stands).</returns>
    public async Task<(ResumeScreening Screening, bool Queued)> QueueAsync(string jobId, UploadedResume resume, bool rescreen, CancellationToken cancellationToken)
    {
        if (!rescreen && await screenings.FindReusableAsync(resume.TenantId, jobId, resume.CandidateId, resume.Id, cancellationToken) is { } existing)
        {
            return (existing, false);
        }
        var now = clock.GetUtcNow();
        var screening = await screenings.CreateAsync(
            ScreeningRules.Queue(resume.TenantId, Guid.CreateVersion7(now).ToString(), jobId, resume.CandidateId, resume.Id, now), cancellationToken);
        await queues.SendAsync(options.Value.QueueName, new ScreeningMessage(screening.TenantId, screening.Id).ToText(), TimeSpan.Zero, null, cancellationToken);
        Log.Queued(logger, screening.Id, jobId, resume.CandidateId);
        return (screening, true);
    }

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
