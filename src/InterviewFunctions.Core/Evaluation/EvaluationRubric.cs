namespace InterviewFunctions.Core.Evaluation;

/// <summary>
/// Every weight and threshold of the offline interview rubric, in one place; <see cref="OfflineInterviewEvaluator"/>
/// applies them. Changing any of them changes what a score means: bump <see cref="Version"/> with it, so that stored
/// assessments say which rubric made them.
/// </summary>
/// <remarks>
/// The rubric reads the candidate's answers (each run of candidate turns after an interviewer turn is one answer) with
/// the cues the mock interview assessor uses (<see cref="Preparation.Mock.AnswerSignals"/>) and a few of its own.
/// Cue-based dimensions give a cue full credit when at least half the answers it applies to show it, and
/// proportionally less below that: one stray "trade-off" does not make a strong technical interview, and a strong
/// candidate need not name complexity in every answer.
/// <list type="table">
/// <item><term>Communication</term><description>Mean clarity per answer: 10, less <see cref="TooShortPenalty"/> when
/// under the mock rubric's minimum words, <see cref="RamblingPenalty"/> when rambling, 1 per hedge beyond the first (at
/// most <see cref="MaxHedgePenalty"/>), <see cref="LongSentencePenalty"/> for sentences over
/// <see cref="LongSentenceWords"/> words on average, <see cref="MissingStarPenalty"/> for a behavioural answer with fewer
/// than <see cref="StarPartsExpected"/> STAR parts.</description></item>
/// <item><term>Technical</term><description>1 + 0.9 × points over the technical answers: trade-offs
/// <see cref="TechnicalTradeOffPoints"/>, complexity <see cref="TechnicalComplexityPoints"/>, edge cases
/// <see cref="TechnicalEdgeCasePoints"/>, testing or verification <see cref="TechnicalTestingPoints"/>, numbers
/// <see cref="TechnicalNumberPoints"/>.</description></item>
/// <item><term>Confidence</term><description><see cref="ConfidenceBase"/> + <see cref="ConfidenceOwnActionPoints"/> ×
/// share of answers told in the first person + <see cref="ConfidenceDirectPoints"/> × share of direct answers (opening
/// without a hedge, not too short) − <see cref="ConfidenceHedgePenalty"/> per hedge per 100 words (at most
/// <see cref="MaxHedgesPerHundredWords"/>).</description></item>
/// <item><term>Domain knowledge</term><description>1 + 9 × share of the role's topics the candidate mentioned; with no
/// topics known, 1 + 9 × credit for specific answers (a number or an example).</description></item>
/// <item><term>Problem solving</term><description>1 + 0.9 × points: steps (first, then, finally)
/// <see cref="StepsPoints"/>, alternatives <see cref="AlternativesPoints"/>, trade-offs
/// <see cref="ProblemTradeOffPoints"/>, edge cases <see cref="ProblemEdgeCasePoints"/>, testing
/// <see cref="ProblemTestingPoints"/>, reasoning ("because", "so that") <see cref="ReasoningPoints"/>.</description></item>
/// <item><term>Overall</term><description>The weighted mean of the five, with weights by interview type
/// (<see cref="WeightsFor"/>), rounded; the recommendation reads the unrounded mean.</description></item>
/// </list>
/// </remarks>
public static class EvaluationRubric
{
    public const string Version = "interview-rubric-1";

    // Recommendation, on the unrounded weighted overall (1-10).
    public const double StrongHireAt = 8.0;
    public const double HireAt = 6.5;
    public const double NoHireAt = 4.5;

    /// <summary>A strong hire also needs every weighted dimension at or above this; otherwise it is a hire.</summary>
    public const int StrongHireFloor = 5;

    /// <summary>Below this many candidate words there is too little evidence for a hire: the recommendation is at most no hire.</summary>
    public const int MinimumEvidenceWords = 120;

    /// <summary>A dimension weighing less than this does not hold back a strong hire (technical depth in a behavioural interview).</summary>
    public const double FloorWeight = 0.1;

    // Communication.
    public const double TooShortPenalty = 4;
    public const double RamblingPenalty = 3;
    public const double MaxHedgePenalty = 3;
    public const double LongSentencePenalty = 1;
    public const int LongSentenceWords = 30;
    public const double MissingStarPenalty = 2;
    public const int StarPartsExpected = 3;

    // Technical.
    public const double TechnicalTradeOffPoints = 3;
    public const double TechnicalComplexityPoints = 2;
    public const double TechnicalEdgeCasePoints = 2;
    public const double TechnicalTestingPoints = 1.5;
    public const double TechnicalNumberPoints = 1.5;

    // Confidence.
    public const double ConfidenceBase = 4;
    public const double ConfidenceOwnActionPoints = 3;
    public const double ConfidenceDirectPoints = 3;
    public const double ConfidenceHedgePenalty = 1.5;
    public const double MaxHedgesPerHundredWords = 4;

    // Problem solving.
    public const double StepsPoints = 2;
    public const double AlternativesPoints = 2;
    public const double ProblemTradeOffPoints = 2;
    public const double ProblemEdgeCasePoints = 1.5;
    public const double ProblemTestingPoints = 1.5;
    public const double ReasoningPoints = 1;

    /// <summary>Evidence quoted per dimension, at most.</summary>
    public const int QuotesPerDimension = 3;

    /// <summary>A quote longer than this is cut at a word boundary.</summary>
    public const int QuoteLength = 200;

    /// <summary>
    /// How much each dimension counts toward overall for an interview type (the interview's wire type, or a mock
    /// interview's kind). Each set sums to 1.
    /// </summary>
    public static IReadOnlyList<(EvaluationDimension Dimension, double Weight)> WeightsFor(string interviewType) => interviewType switch
    {
        "behavioral" => W(communication: 0.30, technical: 0.05, confidence: 0.20, domain: 0.15, problemSolving: 0.30),
        "phone_screen" => W(communication: 0.30, technical: 0.15, confidence: 0.20, domain: 0.25, problemSolving: 0.10),
        "algorithm" => W(communication: 0.15, technical: 0.35, confidence: 0.05, domain: 0.10, problemSolving: 0.35),
        "system_design" => W(communication: 0.15, technical: 0.30, confidence: 0.10, domain: 0.15, problemSolving: 0.30),
        "domain" => W(communication: 0.20, technical: 0.15, confidence: 0.10, domain: 0.35, problemSolving: 0.20),
        // technical, video_interview, on_site, panel, final_round, and anything else.
        _ => W(communication: 0.20, technical: 0.30, confidence: 0.10, domain: 0.20, problemSolving: 0.20),
    };

    /// <summary>Interview types whose every answer is read as a behavioural one (STAR expected).</summary>
    public static bool IsBehavioural(string interviewType) => interviewType == "behavioral";

    private static (EvaluationDimension, double)[] W(double communication, double technical, double confidence, double domain, double problemSolving) =>
    [
        (EvaluationDimension.Communication, communication),
        (EvaluationDimension.Technical, technical),
        (EvaluationDimension.Confidence, confidence),
        (EvaluationDimension.DomainKnowledge, domain),
        (EvaluationDimension.ProblemSolving, problemSolving),
    ];
}
