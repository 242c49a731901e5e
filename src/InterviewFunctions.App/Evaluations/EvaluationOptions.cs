using InterviewFunctions.Core.Evaluation;

namespace InterviewFunctions.App.Evaluations;

public sealed class EvaluationOptions
{
    public const string Section = "Evaluation";

    /// <summary>The queue the EvaluateInterview function listens on; its function.json names the same queue.</summary>
    public string QueueName { get; set; } = "evaluations";

    public int MaxTurns { get; set; } = 500;

    /// <summary>Characters in one turn's text.</summary>
    public int MaxTurnCharacters { get; set; } = 5000;

    /// <summary>Characters of text in the whole transcript; keeps a stored evaluation well inside a Cosmos DB item.</summary>
    public int MaxTranscriptCharacters { get; set; } = 200_000;

    /// <summary>Characters in the notes of a hiring decision.</summary>
    public int MaxDecisionNotes { get; set; } = 4000;

    public TranscriptLimits Limits => new(MaxTurns, MaxTurnCharacters, MaxTranscriptCharacters);

    public bool IsValid => MaxTurns > 0 && MaxTurnCharacters > 0 && MaxTranscriptCharacters > 0 && MaxDecisionNotes > 0 && !string.IsNullOrWhiteSpace(QueueName);
}
