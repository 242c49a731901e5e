using System.Text.Json.Serialization;
using InterviewFunctions.Core.Json;

namespace InterviewFunctions.Core.Evaluation;

/// <summary>
/// Scores an interview transcript. Deterministic evaluators give the same result for the same input; an AI evaluator
/// combines its judgement with the deterministic one. Neither decides: a person records the decision.
/// </summary>
public interface IInterviewEvaluator
{
    Task<EvaluationAssessment> EvaluateAsync(EvaluationInput input, CancellationToken cancellationToken);
}

[JsonConverter(typeof(SnakeCaseEnumConverter<TranscriptRole>))]
public enum TranscriptRole
{
    Interviewer,
    Candidate,
}

/// <param name="Speaker">The name as the transcript gives it.</param>
/// <param name="At">Offset from the start of the interview, when the transcript has timestamps.</param>
public sealed record TranscriptTurn(string Speaker, TranscriptRole Role, string Text, TimeSpan? At = null);

/// <param name="InterviewType">The interview's type in its wire form (e.g. "technical", "behavioral").</param>
/// <param name="Topics">Skills and topics the role asks for, e.g. from the job's required skills.</param>
public sealed record EvaluationInput(
    string InterviewType,
    string? Role,
    string? Domain,
    string? JobDescription,
    IReadOnlyList<string> Topics,
    IReadOnlyList<TranscriptTurn> Turns);

[JsonConverter(typeof(SnakeCaseEnumConverter<EvaluationDimension>))]
public enum EvaluationDimension
{
    Communication,
    Technical,
    Confidence,
    DomainKnowledge,
    ProblemSolving,
    Overall,
}

[JsonConverter(typeof(SnakeCaseEnumConverter<HireRecommendation>))]
public enum HireRecommendation
{
    StrongHire,
    Hire,
    NoHire,
    StrongNoHire,
}

/// <param name="Turn">Index of the turn in the transcript, from 0.</param>
public sealed record TranscriptQuote(int Turn, string Speaker, string Text);

/// <param name="Score">1 to 10.</param>
public sealed record DimensionScore(EvaluationDimension Dimension, int Score, string Rationale, IReadOnlyList<TranscriptQuote> Evidence);

/// <param name="Dimensions">One per <see cref="EvaluationDimension"/>, overall last.</param>
/// <param name="Engine">"offline", or "ai+offline".</param>
/// <param name="InputHash">SHA-256 (hex) of the input as judged.</param>
public sealed record EvaluationAssessment(
    IReadOnlyList<DimensionScore> Dimensions,
    IReadOnlyList<string> Strengths,
    IReadOnlyList<string> Weaknesses,
    HireRecommendation Recommendation,
    string Summary,
    string Engine,
    string? Model,
    string PromptVersion,
    string RubricVersion,
    string InputHash,
    IReadOnlyList<string> Notes);
