using System.Text.Json;
using InterviewFunctions.App.Recovery;
using InterviewFunctions.App.Storage;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Evaluation;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Preparation.Mock;
using InterviewFunctions.Core.Queues;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Evaluations;

/// <summary>
/// Evaluates one transcript, from the evaluation queue, settling the evaluation once (<see cref="SettleOnce"/>): it is
/// marked running, judged, and stored with its assessment. An evaluator error is retried by the queue and fails the
/// evaluation on the last delivery; an interview or mock interview that is gone fails it at once.
/// </summary>
public sealed partial class EvaluateInterviewFunction(
    IEvaluationStore store,
    IInterviewStore interviews,
    IJobStore jobs,
    IMockInterviewStore mockInterviews,
    IInterviewEvaluator evaluator,
    TimeProvider clock,
    IOptions<EvaluationOptions> options,
    IOptions<StalledWorkOptions> stalledWork,
    ILogger<EvaluateInterviewFunction> logger) : IQueueFunction, ISettleOnceWork<InterviewEvaluation, EvaluateInterviewFunction.Verdict>
{
    public const string Name = "EvaluateInterview";

    /// <summary>Plan keywords of a mock interview taken as its topics, at most.</summary>
    private const int MaxMockTopics = 20;

    public string FunctionName => Name;

    public string QueueName => options.Value.QueueName;

    private WorkHeartbeat Heartbeat => new(stalledWork.Value.HeartbeatInterval, stalledWork.Value.AbandonedAfter, clock);

    /// <summary>The evaluator's assessment, or the reason the evaluation fails that no retry can change.</summary>
    public sealed record Verdict(EvaluationAssessment? Assessment, string? Failure);

    public async Task HandleAsync(QueueTrigger trigger, CancellationToken cancellationToken)
    {
        if (TryParse(trigger.Text) is not { } message)
        {
            Log.Unreadable(logger, trigger.MessageId);
            return;
        }
        switch (await SettleOnce.RunAsync(this, message.TenantId, message.EvaluationId, trigger, Heartbeat, logger, cancellationToken))
        {
            case { Status: EvaluationStatus.Succeeded, Assessment: { } assessment } evaluation:
                Log.Evaluated(logger, evaluation.Id, evaluation.Subject, evaluation.SubjectId, assessment.Recommendation);
                break;
            case { Status: EvaluationStatus.Failed } evaluation:
                Log.Failed(logger, evaluation.Id, evaluation.Attempts, evaluation.Error ?? "");
                break;
        }
    }

    Task<InterviewEvaluation?> ISettleOnceWork<InterviewEvaluation, Verdict>.FindAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        store.FindAsync(tenantId, id, cancellationToken);

    Task<InterviewEvaluation?> ISettleOnceWork<InterviewEvaluation, Verdict>.TryReplaceAsync(InterviewEvaluation evaluation, CancellationToken cancellationToken) =>
        ReplaceUnlessStaleAsync(evaluation with { Revision = evaluation.Revision + 1 }, cancellationToken);

    bool ISettleOnceWork<InterviewEvaluation, Verdict>.IsSettled(InterviewEvaluation evaluation) => evaluation.IsSettled;

    InterviewEvaluation ISettleOnceWork<InterviewEvaluation, Verdict>.Start(InterviewEvaluation evaluation)
    {
        var now = clock.GetUtcNow();
        return evaluation with { Status = EvaluationStatus.Running, Attempts = evaluation.Attempts + 1, StartedAt = now, UpdatedAt = now, HeartbeatAt = now };
    }

    RunningWorker? ISettleOnceWork<InterviewEvaluation, Verdict>.WorkerOf(InterviewEvaluation evaluation) => evaluation.Worker;

    // Not a change a client sees: the revision (and so the HTTP ETag) stays.
    Task<InterviewEvaluation?> ISettleOnceWork<InterviewEvaluation, Verdict>.TryBeatAsync(InterviewEvaluation running, DateTimeOffset now, CancellationToken cancellationToken) =>
        ReplaceUnlessStaleAsync(running with { HeartbeatAt = now }, cancellationToken);

    private async Task<InterviewEvaluation?> ReplaceUnlessStaleAsync(InterviewEvaluation evaluation, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ReplaceAsync(evaluation, cancellationToken);
        }
        catch (StaleEvaluationException)
        {
            return null;
        }
    }

    InterviewEvaluation ISettleOnceWork<InterviewEvaluation, Verdict>.Settle(InterviewEvaluation evaluation, Verdict verdict)
    {
        var now = clock.GetUtcNow();
        return verdict.Assessment is { } assessment
            ? evaluation with { Status = EvaluationStatus.Succeeded, Assessment = assessment, CompletedAt = now, UpdatedAt = now }
            : evaluation with { Status = EvaluationStatus.Failed, Error = verdict.Failure, CompletedAt = now, UpdatedAt = now };
    }

    InterviewEvaluation ISettleOnceWork<InterviewEvaluation, Verdict>.Fail(InterviewEvaluation evaluation, Exception failure, bool final)
    {
        var now = clock.GetUtcNow();
        return evaluation with
        {
            // Queued again while the queue waits to retry, with the error shown meanwhile.
            Status = final ? EvaluationStatus.Failed : EvaluationStatus.Queued,
            Error = failure.Message,
            CompletedAt = final ? now : null,
            UpdatedAt = now,
        };
    }

    async Task<Verdict> ISettleOnceWork<InterviewEvaluation, Verdict>.RunAsync(InterviewEvaluation evaluation, CancellationToken cancellationToken)
    {
        try
        {
            var input = await InputForAsync(evaluation, cancellationToken);
            return new Verdict(await evaluator.EvaluateAsync(input, cancellationToken), null);
        }
        catch (SubjectGoneException gone)
        {
            return new Verdict(null, gone.Message);
        }
    }

    /// <summary>What the evaluator needs besides the turns: the interview's type and role, and the job's description and skills.</summary>
    private async Task<EvaluationInput> InputForAsync(InterviewEvaluation evaluation, CancellationToken cancellationToken)
    {
        if (evaluation.Subject == EvaluationSubject.MockInterview)
        {
            var session = await mockInterviews.FindAsync(evaluation.TenantId, evaluation.Owner ?? "", evaluation.SubjectId, cancellationToken)
                ?? throw new SubjectGoneException("The mock interview no longer exists.");
            var job = session.JobId is null ? null : await jobs.FindAsync(evaluation.TenantId, session.JobId, cancellationToken);
            IReadOnlyList<string> topics = job is not null
                ? [.. job.RequiredSkills.Concat(job.NiceToHaveSkills)]
                : [.. session.Plan.Take(session.Turns.Select(t => t.Number).DefaultIfEmpty(0).Max()).SelectMany(q => q.Keywords).Distinct(StringComparer.Ordinal).Take(MaxMockTopics)];
            return new EvaluationInput(session.Kind.ToWire(), session.Role ?? job?.Title, session.DomainId ?? job?.Domain, job?.Description, topics, evaluation.Turns);
        }
        var interview = await interviews.FindAsync(evaluation.TenantId, evaluation.SubjectId, cancellationToken)
            ?? throw new SubjectGoneException("The interview no longer exists.");
        var posting = interview.JobId is null ? null : await jobs.FindAsync(evaluation.TenantId, interview.JobId, cancellationToken);
        return new EvaluationInput(
            interview.Type.ToWire(),
            interview.Role,
            posting?.Domain,
            interview.JobDescription ?? posting?.Description,
            posting is null ? [] : [.. posting.RequiredSkills.Concat(posting.NiceToHaveSkills)],
            evaluation.Turns);
    }

    /// <summary>The queue message that asks this function to evaluate; read back by <see cref="TryParse"/>.</summary>
    public static string MessageText(string tenantId, string evaluationId) =>
        JsonSerializer.Serialize(new EvaluationMessage(tenantId, evaluationId), StoredJsonContext.Default.EvaluationMessage);

    private static EvaluationMessage? TryParse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, StoredJsonContext.Default.EvaluationMessage) is { TenantId.Length: > 0, EvaluationId.Length: > 0 } message ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What was to be evaluated is gone: retrying cannot help.</summary>
    private sealed class SubjectGoneException(string message) : Exception(message);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation {EvaluationId} of {Subject} {SubjectId} succeeded: {Recommendation}")]
        public static partial void Evaluated(ILogger logger, string evaluationId, EvaluationSubject subject, string subjectId, HireRecommendation recommendation);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluation {EvaluationId} failed after {Attempts} attempts: {Reason}")]
        public static partial void Failed(ILogger logger, string evaluationId, int attempts, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluation queue message {MessageId} is not an evaluation message; dropped")]
        public static partial void Unreadable(ILogger logger, string messageId);
    }
}
