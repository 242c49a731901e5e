using System.Text.Json.Serialization;
using InterviewFunctions.Core.Json;
using InterviewFunctions.Core.Queues;

namespace InterviewFunctions.Core.Evaluation;

[JsonConverter(typeof(SnakeCaseEnumConverter<EvaluationStatus>))]
public enum EvaluationStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>What was evaluated: a scheduled interview's transcript, or a candidate's mock interview.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<EvaluationSubject>))]
public enum EvaluationSubject
{
    Interview,
    MockInterview,
}

/// <summary>The hiring decision a person records; <see cref="Hold"/> keeps the candidate waiting for more evidence.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<HiringDecision>))]
public enum HiringDecision
{
    StrongHire,
    Hire,
    Hold,
    NoHire,
    StrongNoHire,
}

/// <param name="DecidedBy">The caller who recorded it, as authenticated; never the evaluator.</param>
public sealed record EvaluationDecision(HiringDecision Decision, string DecidedBy, DateTimeOffset DecidedAt, string? Notes);

/// <summary>
/// One evaluation of one transcript: the turns as submitted, where the queue-triggered evaluation stands, the
/// assessment once it succeeded, and the decision a person recorded. The assessment advises; only
/// <see cref="Decision"/> decides, and it is only ever written by a person through the API.
/// </summary>
public sealed record InterviewEvaluation
{
    public const string DocumentType = "evaluation";

    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public string DocType { get; init; } = DocumentType;
    public required EvaluationSubject Subject { get; init; }

    /// <summary>The interview's or the mock interview's id.</summary>
    public required string SubjectId { get; init; }

    /// <summary>For a mock interview, the candidate it belongs to: only they read its evaluation.</summary>
    public string? Owner { get; init; }

    /// <summary>How the transcript arrived: json, text or vtt (mock for a mock interview's own transcript).</summary>
    public required string TranscriptFormat { get; init; }
    public required IReadOnlyList<TranscriptTurn> Turns { get; init; }

    /// <summary>Who submitted the transcript.</summary>
    public required string SubmittedBy { get; init; }
    public EvaluationStatus Status { get; init; } = EvaluationStatus.Queued;

    /// <summary>How many times the evaluation function has started on it.</summary>
    public int Attempts { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Why the last attempt failed; kept on a success after retries, cleared by nothing.</summary>
    public string? Error { get; init; }
    public EvaluationAssessment? Assessment { get; init; }
    public EvaluationDecision? Decision { get; init; }

    /// <summary>When the stalled-work sweeper last sent its queue message again; null while only the first send was made.</summary>
    public DateTimeOffset? ResentAt { get; init; }

    /// <summary>While a delivery works on it, when that delivery last showed it is alive; not a change a client sees.</summary>
    public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>
    /// While unsettled, its latest sign of life: its latest queue message going out, or its worker's latest heartbeat
    /// (stored, for the sweeper's query); null once settled.
    /// </summary>
    public DateTimeOffset? PendingSince => IsSettled ? null : RunningWorker.LatestSignOfLife(ResentAt ?? CreatedAt, HeartbeatAt);

    /// <summary>Counts the changes a client can see; the HTTP ETag derives from it.</summary>
    public int Revision { get; init; } = 1;

    /// <summary>The store's concurrency token; not part of the stored document.</summary>
    [JsonIgnore]
    public string? ETag { get; init; }

    [JsonIgnore]
    public bool IsSettled => Status is EvaluationStatus.Succeeded or EvaluationStatus.Failed;

    /// <summary>While a delivery works on it: that delivery's start (its attempt) and latest heartbeat; null otherwise.</summary>
    [JsonIgnore]
    public RunningWorker? Worker => Status == EvaluationStatus.Running ? new RunningWorker(Attempts, HeartbeatAt ?? StartedAt ?? CreatedAt) : null;

    /// <summary>A mock interview has one evaluation, whose id follows from the session's: handing it off twice finds the first.</summary>
    public static string IdForMockInterview(string mockInterviewId) => "mock-" + mockInterviewId;
}

/// <summary>The queue message that asks for an evaluation to run.</summary>
public sealed record EvaluationMessage(string TenantId, string EvaluationId);
