using System.Text.Json.Serialization;
using InterviewFunctions.Core.Json;
using InterviewFunctions.Core.Preparation.Bank;

namespace InterviewFunctions.Core.Preparation.Mock;

[JsonConverter(typeof(SnakeCaseEnumConverter<MockKind>))]
public enum MockKind
{
    Behavioral,
    Technical,
    Algorithm,
    SystemDesign,
    Domain,
}

/// <summary>The voice the interviewer gives feedback in; the assessment behind it is the same.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<MockPersona>))]
public enum MockPersona
{
    /// <summary>Blunt and short, no praise.</summary>
    Ruthless,

    /// <summary>Encouraging, with a concrete next step.</summary>
    Helpful,

    /// <summary>Asks the question that leads the candidate to the gap.</summary>
    Discovery,
}

[JsonConverter(typeof(SnakeCaseEnumConverter<MockState>))]
public enum MockState
{
    Active,
    Ended,
}

[JsonConverter(typeof(SnakeCaseEnumConverter<MockEndReason>))]
public enum MockEndReason
{
    AllQuestionsAnswered,
    EndedByCandidate,
    TimeLimit,
}

/// <summary>What an answer lacked, judged against the question's notes. The wire names are stable API values.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<MockGap>))]
public enum MockGap
{
    /// <summary>No outcome: what changed.</summary>
    Result,

    /// <summary>Nothing measurable: no figure, percentage or scale.</summary>
    Number,

    /// <summary>The answer tells what "we" or the team did, not what the candidate did.</summary>
    OwnAction,

    /// <summary>No context: when and where it happened.</summary>
    Situation,

    /// <summary>Fewer than half of the key points the question's notes list.</summary>
    KeyPoints,

    /// <summary>No weighing of alternatives.</summary>
    TradeOff,

    /// <summary>For algorithms: no time or space complexity.</summary>
    Complexity,

    /// <summary>For algorithms: no edge cases.</summary>
    EdgeCases,

    TooShort,
    Rambling,
    Hedging,
}

/// <summary>
/// A question as the session asked it, copied from the bank (or the conductor's own prompts) when the session
/// started, so that a transcript keeps its meaning whatever later happens to the bank.
/// </summary>
/// <param name="Keywords">Lower-case terms a strong answer mentions.</param>
/// <param name="StrongAnswer">What a strong answer contains: the notes the answer is assessed against.</param>
public sealed record MockQuestion(
    string Id,
    QuestionType Type,
    QuestionDifficulty Difficulty,
    string Text,
    IReadOnlyList<string> Keywords,
    string StrongAnswer,
    IReadOnlyList<string> Competencies,
    string? Problem = null);

/// <summary>Each 0-10; see <see cref="MockInterviewConductor"/> for the rubric.</summary>
public sealed record MockScores(int Correctness, int Clarity, int Depth)
{
    [JsonIgnore]
    public double Overall => (Correctness + Clarity + Depth) / 3.0;
}

/// <summary>One question asked and, once answered, the answer with its assessment.</summary>
/// <param name="QuestionId">The planned question this turn belongs to; a follow-up shares its question's id.</param>
/// <param name="Number">1-based position among the planned questions.</param>
public sealed record MockTurn
{
    public required int Number { get; init; }
    public required string QuestionId { get; init; }
    public required string Question { get; init; }
    public bool IsFollowUp { get; init; }

    /// <summary>For a follow-up: the gap it asks about.</summary>
    public MockGap? FollowUpFor { get; init; }
    public required DateTimeOffset AskedAt { get; init; }
    public string? Answer { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public string? Feedback { get; init; }
    public MockScores? Scores { get; init; }
    public IReadOnlyList<MockGap> Missing { get; init; } = [];

    /// <summary>Keywords of the question's notes the answer covered.</summary>
    public IReadOnlyList<string> Covered { get; init; } = [];

    /// <summary>
    /// Who worded the feedback (and a follow-up to it) when not the offline conductor: the AI model, or why the AI
    /// wording was not used. The scores and the question flow are always the conductor's.
    /// </summary>
    public string? Voice { get; init; }
}

/// <param name="Note">How the candidate did on questions probing this competency, and what to work on.</param>
public sealed record MockCompetencyNote(string Competency, int Questions, double AverageScore, string Note);

/// <summary>The close of a session: averages over the answered turns, and what went well and what did not.</summary>
public sealed record MockSummary(
    int QuestionsAsked,
    int QuestionsAnswered,
    double? AverageCorrectness,
    double? AverageClarity,
    double? AverageDepth,
    double? Overall,
    IReadOnlyList<string> Strengths,
    IReadOnlyList<string> Gaps,
    IReadOnlyList<MockCompetencyNote> Competencies);

/// <summary>What became of the hand-off to the interview evaluation pipeline.</summary>
/// <param name="EvaluationId">The evaluation the transcript was handed to.</param>
public sealed record MockEvaluationHandOff(string Status, string Reason, string? EvaluationId = null)
{
    public const string NotAvailable = "not_available";
    public const string HandedOff = "handed_off";
}

/// <summary>
/// A candidate's practice interview: the questions planned when it started, the turns asked and answered so far,
/// and at the end a summary. It belongs to one candidate of one tenant (<see cref="Owner"/> is their email).
/// </summary>
public sealed record MockInterview
{
    public const string DocumentType = "mock_interview";

    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public string DocType { get; init; } = DocumentType;
    public required string Owner { get; init; }
    public required MockKind Kind { get; init; }

    /// <summary>The bank domain or IT family the questions come from; null for general behavioural questions.</summary>
    public string? DomainId { get; init; }
    public string? Role { get; init; }
    public required QuestionDifficulty Difficulty { get; init; }
    public required MockPersona Persona { get; init; }
    public required int QuestionCount { get; init; }
    public required int TimeLimitMinutes { get; init; }
    public string? JobId { get; init; }
    public MockState State { get; init; } = MockState.Active;
    public MockEndReason? EndReason { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public required IReadOnlyList<MockQuestion> Plan { get; init; }
    public IReadOnlyList<MockTurn> Turns { get; init; } = [];
    public MockSummary? Summary { get; init; }
    public MockEvaluationHandOff? Evaluation { get; init; }

    /// <summary>Counts the changes; the HTTP ETag derives from it.</summary>
    public int Revision { get; init; } = 1;

    /// <summary>The store's concurrency token; not part of the stored document.</summary>
    [JsonIgnore]
    public string? ETag { get; init; }

    [JsonIgnore]
    public DateTimeOffset Deadline => StartedAt.AddMinutes(TimeLimitMinutes);

    /// <summary>The turn waiting for an answer, if the session is active.</summary>
    [JsonIgnore]
    public MockTurn? Current => State == MockState.Active && Turns.Count > 0 && Turns[^1].Answer is null ? Turns[^1] : null;
}
