using InterviewFunctions.Core.Evaluation;
using InterviewFunctions.Core.Preparation.Mock;
using InterviewFunctions.Core.Queues;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Evaluations;

/// <summary>Stores an evaluation as queued and puts its message on the evaluation queue: the one way work reaches the evaluator.</summary>
public sealed partial class EvaluationHandOff(IEvaluationStore store, IMessageQueues queues, IOptions<EvaluationOptions> options, ILogger<EvaluationHandOff> logger)
{
    public const string MockTranscriptFormat = "mock";
    public const string MockInterviewerName = "Mock interviewer";
    public const string MockCandidateName = "Candidate";

    public async Task<InterviewEvaluation> EnqueueAsync(InterviewEvaluation evaluation, CancellationToken cancellationToken)
    {
        var stored = await store.CreateAsync(evaluation, cancellationToken);
        await SendAsync(stored, cancellationToken);
        return stored;
    }

    /// <summary>
    /// Hands an ended mock interview's transcript to evaluation, once: the evaluation's id follows from the session's,
    /// so a second hand-off (a retried request, a repair on read) finds the first and sends nothing.
    /// </summary>
    public async Task<InterviewEvaluation> MockEndedAsync(MockInterview session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = InterviewEvaluation.IdForMockInterview(session.Id);
        if (await store.FindAsync(session.TenantId, id, cancellationToken) is { } existing)
        {
            return existing;
        }
        try
        {
            var evaluation = await EnqueueAsync(new InterviewEvaluation
            {
                Id = id,
                TenantId = session.TenantId,
                Subject = EvaluationSubject.MockInterview,
                SubjectId = session.Id,
                Owner = session.Owner,
                TranscriptFormat = MockTranscriptFormat,
                Turns = TurnsOf(session),
                SubmittedBy = session.Owner,
                CreatedAt = now,
                UpdatedAt = now,
            }, cancellationToken);
            Log.MockHandedOff(logger, session.Id, id);
            return evaluation;
        }
        catch (EvaluationAlreadyExistsException)
        {
            return await store.FindAsync(session.TenantId, id, cancellationToken) ?? throw new InvalidOperationException($"Evaluation '{id}' vanished while it was handed off.");
        }
    }

    /// <summary>The questions as interviewer turns and the answers as candidate turns, timed from the session's start.</summary>
    public static IReadOnlyList<TranscriptTurn> TurnsOf(MockInterview session)
    {
        var turns = new List<TranscriptTurn>();
        foreach (var turn in session.Turns)
        {
            turns.Add(new TranscriptTurn(MockInterviewerName, TranscriptRole.Interviewer, turn.Question, turn.AskedAt - session.StartedAt));
            if (turn.Answer is { } answer)
            {
                turns.Add(new TranscriptTurn(MockCandidateName, TranscriptRole.Candidate, answer, turn.AnsweredAt is { } at ? at - session.StartedAt : null));
            }
        }
        return turns;
    }

    private Task<QueueReceipt> SendAsync(InterviewEvaluation evaluation, CancellationToken cancellationToken) =>
        queues.SendAsync(options.Value.QueueName,
            EvaluateInterviewFunction.MessageText(evaluation.TenantId, evaluation.Id), TimeSpan.Zero, null, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Mock interview {MockInterviewId} handed to evaluation {EvaluationId}")]
        public static partial void MockHandedOff(ILogger logger, string mockInterviewId, string evaluationId);
    }
}
