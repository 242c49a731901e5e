using System.Text.Json;
using InterviewFunctions.App.Storage;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Evaluation;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Preparation.Mock;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Evaluations;

/// <summary>
/// Evaluates one transcript, from the evaluation queue. Safe under at-least-once delivery: a message whose evaluation
/// has settled (succeeded or failed) does nothing; otherwise the evaluation is marked running, judged, and stored with
/// its assessment. A failure is recorded and retried by the queue; on the last delivery it settles as failed, so the
/// poison queue is never the only place a failure shows.
/// </summary>
public sealed partial class EvaluateInterviewFunction(
    IEvaluationStore store,
    IInterviewStore interviews,
    IJobStore jobs,
    IMockInterviewStore mockInterviews,
    IInterviewEvaluator evaluator,
    TimeProvider clock,
    IOptions<EvaluationOptions> options,
    ILogger<EvaluateInterviewFunction> logger) : IQueueFunction
{
    public const string Name = "EvaluateInterview";
    private const int MaxRetriesOnConflict = 5;

    /// <summary>Plan keywords of a mock interview taken as its topics, at most.</summary>
    private const int MaxMockTopics = 20;

    public string FunctionName => Name;

    public string QueueName => options.Value.QueueName;

    public async Task HandleAsync(QueueTrigger trigger, CancellationToken cancellationToken)
    {
        if (TryParse(trigger.Text) is not { } message)
        {
            Log.Unreadable(logger, trigger.MessageId);
            return;
        }
        if (await store.FindAsync(message.TenantId, message.EvaluationId, cancellationToken) is not { } evaluation)
        {
            Log.Dropped(logger, message.EvaluationId, "it no longer exists");
            return;
        }
        if (evaluation.IsSettled)
        {
            Log.AlreadySettled(logger, evaluation.Id, evaluation.Status);
            return;
        }
        var started = clock.GetUtcNow();
        evaluation = await SaveAsync(evaluation, e => e.IsSettled ? null : e with
        {
            Status = EvaluationStatus.Running,
            Attempts = e.Attempts + 1,
            StartedAt = started,
            UpdatedAt = started,
        }, cancellationToken);
        if (evaluation.IsSettled)
        {
            return;
        }
        EvaluationAssessment assessment;
        try
        {
            var input = await InputForAsync(evaluation, cancellationToken);
            assessment = await evaluator.EvaluateAsync(input, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var last = trigger.IsLastAttempt || e is SubjectGoneException;
            Log.Failed(logger, evaluation.Id, evaluation.Attempts, last, e.Message);
            await SaveAsync(evaluation, current => current.IsSettled ? null : current with
            {
                Status = last ? EvaluationStatus.Failed : EvaluationStatus.Queued,
                Error = e.Message,
                CompletedAt = last ? now : null,
                UpdatedAt = now,
            }, cancellationToken);
            if (last)
            {
                return;
            }
            throw;
        }
        var completed = clock.GetUtcNow();
        await SaveAsync(evaluation, current => current.IsSettled ? null : current with
        {
            Status = EvaluationStatus.Succeeded,
            Assessment = assessment,
            CompletedAt = completed,
            UpdatedAt = completed,
        }, cancellationToken);
        Log.Evaluated(logger, evaluation.Id, evaluation.Subject, evaluation.SubjectId, assessment.Recommendation);
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

    /// <summary>
    /// Applies <paramref name="change"/> and writes it, re-reading and re-applying when someone else wrote meanwhile (a
    /// person recording a decision). A change that returns null leaves the evaluation as it is.
    /// </summary>
    private async Task<InterviewEvaluation> SaveAsync(InterviewEvaluation evaluation, Func<InterviewEvaluation, InterviewEvaluation?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (change(evaluation) is not { } changed)
            {
                return evaluation;
            }
            try
            {
                return await store.ReplaceAsync(changed with { Revision = evaluation.Revision + 1 }, cancellationToken);
            }
            catch (StaleEvaluationException) when (attempt < MaxRetriesOnConflict)
            {
                evaluation = await store.FindAsync(evaluation.TenantId, evaluation.Id, cancellationToken) ?? throw new SubjectGoneException("The evaluation was erased.");
            }
        }
    }

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

        [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluation {EvaluationId} attempt {Attempt} failed (final: {Final}): {Reason}")]
        public static partial void Failed(ILogger logger, string evaluationId, int attempt, bool final, string reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation message for {EvaluationId} redelivered after it settled as {Status}; nothing to do")]
        public static partial void AlreadySettled(ILogger logger, string evaluationId, EvaluationStatus status);

        [LoggerMessage(Level = LogLevel.Information, Message = "Dropped evaluation message for {EvaluationId}: {Reason}")]
        public static partial void Dropped(ILogger logger, string evaluationId, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluation queue message {MessageId} is not an evaluation message; dropped")]
        public static partial void Unreadable(ILogger logger, string messageId);
    }
}
