using InterviewFunctions.App.Recovery;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Queues;
using InterviewFunctions.Core.Screening;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Screening;

/// <summary>
/// Screens one resume against one job, from the screening queue, settling the screening once (<see cref="SettleOnce"/>).
/// A resume that could not be read, or a job or resume that is gone, fails the screening at once with the reason
/// (retrying cannot help); an engine error is retried by the queue and fails the screening, with the error, on the last
/// delivery.
/// </summary>
public sealed partial class ScreenResumeFunction(
    IScreeningStore screenings,
    IResumeStore resumes,
    IJobStore jobs,
    IScreeningEngine engine,
    TimeProvider clock,
    IOptions<ScreeningOptions> options,
    IOptions<StalledWorkOptions> stalledWork,
    ILogger<ScreenResumeFunction> logger) : IQueueFunction, ISettleOnceWork<ResumeScreening, ScreenResumeFunction.Verdict>
{
    public const string Name = "ScreenResume";

    public string FunctionName => Name;

    public string QueueName => options.Value.QueueName;

    private WorkHeartbeat Heartbeat => new(stalledWork.Value.HeartbeatInterval, stalledWork.Value.AbandonedAfter, clock);

    /// <summary>The engine's assessment, or the reason the screening fails that no retry can change.</summary>
    public sealed record Verdict(ScreeningAssessment? Assessment, string? Failure);

    public async Task HandleAsync(QueueTrigger trigger, CancellationToken cancellationToken)
    {
        if (ScreeningMessage.TryParse(trigger.Text) is not { } message)
        {
            Log.Unreadable(logger, trigger.MessageId);
            return;
        }
        switch (await SettleOnce.RunAsync(this, message.TenantId, message.ScreeningId, trigger, Heartbeat, logger, cancellationToken))
        {
            case { Status: ScreeningStatus.Succeeded, Assessment: { } assessment } screening:
                Log.Succeeded(logger, screening.Id, screening.JobId, assessment.Scores.Overall);
                break;
            case { Status: ScreeningStatus.Failed } screening:
                Log.Failed(logger, screening.Id, screening.JobId, screening.Error ?? "");
                break;
        }
    }

    Task<ResumeScreening?> ISettleOnceWork<ResumeScreening, Verdict>.FindAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        screenings.FindAsync(tenantId, id, cancellationToken);

    async Task<ResumeScreening?> ISettleOnceWork<ResumeScreening, Verdict>.TryReplaceAsync(ResumeScreening screening, CancellationToken cancellationToken)
    {
        try
        {
            return await screenings.ReplaceAsync(screening, cancellationToken);
        }
        catch (StaleScreeningException)
        {
            return null;
        }
    }

    bool ISettleOnceWork<ResumeScreening, Verdict>.IsSettled(ResumeScreening screening) => screening.IsSettled;

    ResumeScreening ISettleOnceWork<ResumeScreening, Verdict>.Start(ResumeScreening screening) => ScreeningRules.Start(screening, clock.GetUtcNow());

    RunningWorker? ISettleOnceWork<ResumeScreening, Verdict>.WorkerOf(ResumeScreening screening) => screening.Worker;

    Task<ResumeScreening?> ISettleOnceWork<ResumeScreening, Verdict>.TryBeatAsync(ResumeScreening running, DateTimeOffset now, CancellationToken cancellationToken) =>
        ((ISettleOnceWork<ResumeScreening, Verdict>)this).TryReplaceAsync(ScreeningRules.Beat(running, now), cancellationToken);

    ResumeScreening ISettleOnceWork<ResumeScreening, Verdict>.Settle(ResumeScreening screening, Verdict verdict) => verdict.Assessment is { } assessment
        ? ScreeningRules.Succeed(screening, assessment, clock.GetUtcNow())
        : ScreeningRules.Fail(screening, verdict.Failure!, clock.GetUtcNow());

    ResumeScreening ISettleOnceWork<ResumeScreening, Verdict>.Fail(ResumeScreening screening, Exception failure, bool final) => final
        ? ScreeningRules.Fail(screening, $"The screening failed after {screening.Attempts} attempts: {failure.Message}", clock.GetUtcNow())
        // Say so on the screening while the queue waits to retry.
        : ScreeningRules.Retry(screening, failure.Message);

    async Task<Verdict> ISettleOnceWork<ResumeScreening, Verdict>.RunAsync(ResumeScreening screening, CancellationToken cancellationToken)
    {
        if (await resumes.FindAsync(screening.TenantId, screening.CandidateId, screening.ResumeId, cancellationToken) is not { } resume)
        {
            return new Verdict(null, "The resume was deleted before it could be screened.");
        }
        if (!resume.Extraction.Succeeded)
        {
            return new Verdict(null, $"The resume '{resume.FileName}' could not be read: {resume.Extraction.FailureMessage}");
        }
        if (await jobs.FindAsync(screening.TenantId, screening.JobId, cancellationToken) is not { } job)
        {
            return new Verdict(null, $"The job '{screening.JobId}' was deleted before the resume could be screened against it.");
        }
        var input = new ScreeningInput(job, resume.Extraction.VisibleText ?? "", resume.Extraction.ToFlags(), resume.AsOf);
        return new Verdict(await engine.ScreenAsync(input, cancellationToken), null);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Screening {ScreeningId} for job {JobId} succeeded with overall {Overall}")]
        public static partial void Succeeded(ILogger logger, string screeningId, string jobId, int overall);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Screening {ScreeningId} for job {JobId} failed: {Reason}")]
        public static partial void Failed(ILogger logger, string screeningId, string jobId, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Screening queue message {MessageId} is not a screening message; dropped")]
        public static partial void Unreadable(ILogger logger, string messageId);
    }
}
