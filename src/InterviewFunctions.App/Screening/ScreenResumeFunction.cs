using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Screening;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Screening;

/// <summary>
/// Screens one resume against one job, from the screening queue. Safe under at-least-once delivery: a screening
/// already succeeded or failed is left as it is, so a redelivered message does nothing. A resume that could not be
/// read, or a job or resume that is gone, fails the screening at once with the reason (retrying cannot help); an
/// engine error is retried by the queue and fails the screening, with the error, on the last delivery.
/// </summary>
public sealed partial class ScreenResumeFunction(
    IScreeningStore screenings,
    IResumeStore resumes,
    IJobStore jobs,
    IScreeningEngine engine,
    TimeProvider clock,
    IOptions<ScreeningOptions> options,
    ILogger<ScreenResumeFunction> logger) : IQueueFunction
{
    public const string Name = "ScreenResume";
    private const int MaxRetriesOnConflict = 5;

    public string FunctionName => Name;

    public string QueueName => options.Value.QueueName;

    public async Task HandleAsync(QueueTrigger trigger, CancellationToken cancellationToken)
    {
        if (ScreeningMessage.TryParse(trigger.Text) is not { } message)
        {
            Log.Unreadable(logger, trigger.MessageId);
            return;
        }
        if (await screenings.FindAsync(message.TenantId, message.ScreeningId, cancellationToken) is not { } screening)
        {
            Log.Dropped(logger, message.ScreeningId, "the screening no longer exists");
            return;
        }
        if (screening.IsSettled)
        {
            Log.AlreadySettled(logger, screening.Id, screening.Status);
            return;
        }
        if (await SaveAsync(screening, s => ScreeningRules.Start(s, clock.GetUtcNow()), cancellationToken) is not { } running)
        {
            return;
        }

        (ScreeningAssessment? Assessment, string? Failure) outcome;
        try
        {
            outcome = await JudgeAsync(running, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (trigger.IsLastAttempt)
            {
                Log.Failed(logger, running.Id, running.JobId, e.Message);
                await SaveAsync(running, s => ScreeningRules.Fail(s, $"The screening failed after {s.Attempts} attempts: {e.Message}", clock.GetUtcNow()), cancellationToken);
                return;
            }
            // Say so on the screening while the queue waits to retry, then let the queue retry.
            await SaveAsync(running, s => ScreeningRules.Retry(s, e.Message), cancellationToken);
            throw;
        }
        if (outcome.Assessment is { } assessment)
        {
            await SaveAsync(running, s => ScreeningRules.Succeed(s, assessment, clock.GetUtcNow()), cancellationToken);
            Log.Succeeded(logger, running.Id, running.JobId, assessment.Scores.Overall);
        }
        else
        {
            await SaveAsync(running, s => ScreeningRules.Fail(s, outcome.Failure!, clock.GetUtcNow()), cancellationToken);
            Log.Failed(logger, running.Id, running.JobId, outcome.Failure!);
        }
    }

    /// <summary>The engine's assessment, or the reason the screening fails that no retry can change.</summary>
    private async Task<(ScreeningAssessment? Assessment, string? Failure)> JudgeAsync(ResumeScreening screening, CancellationToken cancellationToken)
    {
        if (await resumes.FindAsync(screening.TenantId, screening.CandidateId, screening.ResumeId, cancellationToken) is not { } resume)
        {
            return (null, "The resume was deleted before it could be screened.");
        }
        if (!resume.Extraction.Succeeded)
        {
            return (null, $"The resume '{resume.FileName}' could not be read: {resume.Extraction.FailureMessage}");
        }
        if (await jobs.FindAsync(screening.TenantId, screening.JobId, cancellationToken) is not { } job)
        {
            return (null, $"The job '{screening.JobId}' was deleted before the resume could be screened against it.");
        }
        var input = new ScreeningInput(job, resume.Extraction.VisibleText ?? "", resume.Extraction.ToFlags(), resume.AsOf);
        return (await engine.ScreenAsync(input, cancellationToken), null);
    }

    /// <summary>
    /// Writes <paramref name="change"/> of the screening under its ETag. When another delivery changed it meanwhile, the
    /// change is applied to the fresh copy unless that one is settled, which then stands: null.
    /// </summary>
    private async Task<ResumeScreening?> SaveAsync(ResumeScreening screening, Func<ResumeScreening, ResumeScreening> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await screenings.ReplaceAsync(change(screening), cancellationToken);
            }
            catch (StaleScreeningException) when (attempt < MaxRetriesOnConflict)
            {
                if (await screenings.FindAsync(screening.TenantId, screening.Id, cancellationToken) is not { IsSettled: false } fresh)
                {
                    Log.Dropped(logger, screening.Id, "another delivery settled it meanwhile");
                    return null;
                }
                screening = fresh;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Screening {ScreeningId} for job {JobId} succeeded with overall {Overall}")]
        public static partial void Succeeded(ILogger logger, string screeningId, string jobId, int overall);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Screening {ScreeningId} for job {JobId} failed: {Reason}")]
        public static partial void Failed(ILogger logger, string screeningId, string jobId, string reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "Screening message for {ScreeningId} dropped: {Reason}")]
        public static partial void Dropped(ILogger logger, string screeningId, string reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "Screening message for {ScreeningId} dropped: it is already {Status}")]
        public static partial void AlreadySettled(ILogger logger, string screeningId, ScreeningStatus status);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Screening queue message {MessageId} is not a screening message; dropped")]
        public static partial void Unreadable(ILogger logger, string messageId);
    }
}
