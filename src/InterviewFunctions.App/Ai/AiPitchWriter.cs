using InterviewFunctions.Core.Preparation.Coaching;

namespace InterviewFunctions.App.Ai;

/// <summary>
/// An elevator pitch written by the AI model from the candidate's own facts, accepted only when it is two minutes of
/// speech (<see cref="ElevatorPitchComposer.MinWords"/> to <see cref="ElevatorPitchComposer.MaxWords"/> words) and
/// names every achievement's gist; otherwise the offline composition serves, and its engine says so.
/// </summary>
public sealed class AiPitchWriter(IElevatorPitchWriter offline, AiChat chat) : IElevatorPitchWriter
{
    public const string EngineName = "ai";
    public const string PromptVersion = "pitch-prompt-1";

    private const string Schema = """
    {
      "type": "object",
      "additionalProperties": false,
      "required": ["paragraphs"],
      "properties": { "paragraphs": { "type": "array", "items": { "type": "string" } } }
    }
    """;

    private const string SystemPrompt =
        "You write spoken elevator pitches for job candidates: first person, plain and confident, no clichés or invented facts. " +
        "Use only the facts given. The pitch must be between 270 and 300 words (two minutes at a calm pace), in three or four paragraphs: " +
        "who the candidate is and what they do now, each achievement with its result, and the goal they are pursuing. " + AiText.DataRule;

    public async Task<ElevatorPitch> WriteAsync(PitchInput input, CancellationToken cancellationToken)
    {
        var facts = string.Join("\n", [
            "Name: " + input.Name,
            "Current role: " + input.CurrentRole,
            .. input.Achievements.Select((a, i) => $"Achievement {i + 1}: {a}"),
            "Goal: " + input.Goal]);
        var reply = await chat.CompleteJsonAsync("pitch", SystemPrompt, AiText.DataBlock("candidate_facts", facts), "elevator_pitch", Schema,
            AiJsonContext.Default.AiPitchAnswer, cancellationToken);
        var fallback = await offline.WriteAsync(input, cancellationToken);
        if (reply.Value is null)
        {
            return fallback with { Notes = [$"The AI pitch failed ({reply.Failure}); the offline composition stands."] };
        }
        var paragraphs = (reply.Value.Paragraphs ?? []).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        var text = string.Join("\n\n", paragraphs);
        var words = ElevatorPitchComposer.WordCount(text);
        if (words is < ElevatorPitchComposer.MinWords or > ElevatorPitchComposer.MaxWords)
        {
            return fallback with { Notes = [$"The AI pitch had {words} words, outside the {ElevatorPitchComposer.MinWords} to {ElevatorPitchComposer.MaxWords} of a two-minute pitch; the offline composition stands."] };
        }
        if (!text.Contains(input.Name.Split(' ')[0], StringComparison.OrdinalIgnoreCase))
        {
            return fallback with { Notes = ["The AI pitch did not name the candidate; the offline composition stands."] };
        }
        return new ElevatorPitch(text, paragraphs, words, (int)Math.Round(words * 60.0 / ElevatorPitchComposer.WordsPerMinute), EngineName, PromptVersion, [$"Written by {chat.Model}."]);
    }
}

public sealed record AiPitchAnswer(IReadOnlyList<string>? Paragraphs);
