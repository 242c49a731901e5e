using System.Globalization;
using System.Text;
using InterviewFunctions.Core.Preparation.Mock;

namespace InterviewFunctions.App.Ai;

/// <summary>
/// Words the conductor's verdict on an answer in the persona's voice. Registered only when AI is configured; without
/// it the offline conductor's own wording stands.
/// </summary>
public interface IMockInterviewVoice
{
    /// <summary>
    /// The session as the conductor left it after an answer, with the answered turn's feedback (and the follow-up
    /// question, when one was asked) reworded. Nothing else changes: scores, gaps, the next question and the session's
    /// state are the conductor's.
    /// </summary>
    Task<MockInterview> VoiceAsync(MockInterview answered, CancellationToken cancellationToken);
}

/// <summary>
/// The AI interviewer's voice. The rule that keeps sessions deterministic in structure: the offline assessor decides
/// the scores, the gaps, whether a follow-up is asked and which question comes next; the model only words the
/// feedback on those gaps in the persona's voice and may reword the follow-up question about the same gap. Its
/// wording is used only when it is of a sensible length and a follow-up stays a question; otherwise the conductor's
/// words stand and the turn's <see cref="MockTurn.Voice"/> says why.
/// </summary>
public sealed class AiMockVoice(AiChat chat) : IMockInterviewVoice
{
    public const string PromptVersion = "mock-voice-prompt-1";
    public const int MaxFeedback = 1200;
    public const int MaxFollowUp = 300;

    private const string Schema = """
    {
      "type": "object",
      "additionalProperties": false,
      "required": ["feedback", "followUpQuestion"],
      "properties": {
        "feedback": { "type": "string" },
        "followUpQuestion": { "type": "string" }
      }
    }
    """;

    public async Task<MockInterview> VoiceAsync(MockInterview answered, CancellationToken cancellationToken)
    {
        var index = answered.Turns.ToList().FindLastIndex(t => t.Answer is not null);
        if (index < 0 || answered.Turns[index].Feedback is not { } offlineFeedback)
        {
            return answered;
        }
        var turn = answered.Turns[index];
        var followUp = index + 1 < answered.Turns.Count && answered.Turns[index + 1] is { IsFollowUp: true } next && next.Number == turn.Number
            ? answered.Turns[index + 1]
            : null;
        var question = answered.Plan[turn.Number - 1];

        var prompt = new StringBuilder();
        prompt.AppendLine(CultureInfo.InvariantCulture, $"Persona: {Persona(answered.Persona)}");
        prompt.AppendLine(CultureInfo.InvariantCulture, $"Scores (0-10, fixed, do not restate differently): correctness {turn.Scores?.Correctness}, clarity {turn.Scores?.Clarity}, depth {turn.Scores?.Depth}.");
        prompt.AppendLine(CultureInfo.InvariantCulture, $"Gaps the assessor found (cover each, add none): {(turn.Missing.Count == 0 ? "none" : string.Join(", ", turn.Missing.Select(m => m.ToString())))}.");
        prompt.AppendLine(followUp is null
            ? "No follow-up question is asked: return an empty followUpQuestion."
            : $"A follow-up question is asked about the gap '{followUp.FollowUpFor}'. Reword it in the persona's voice, about that gap only: {followUp.Question}");
        prompt.AppendLine(AiText.DataBlock("question", turn.Question));
        prompt.AppendLine(AiText.DataBlock("what_a_strong_answer_contains", question.StrongAnswer));
        prompt.AppendLine(AiText.DataBlock("assessor_feedback", offlineFeedback));
        prompt.Append(AiText.DataBlock("candidate_answer", turn.Answer!));

        var reply = await chat.CompleteJsonAsync("mock-feedback", SystemPrompt, prompt.ToString(), "mock_feedback", Schema,
            AiJsonContext.Default.AiMockVoiceAnswer, cancellationToken);
        string? problem = reply.Failure;
        var feedback = reply.Value?.Feedback?.Trim() ?? "";
        var followUpText = reply.Value?.FollowUpQuestion?.Trim() ?? "";
        if (problem is null && feedback.Length is < 10 or > MaxFeedback)
        {
            problem = "the AI feedback was empty or too long";
        }
        if (problem is null && followUp is not null && (followUpText.Length is < 10 or > MaxFollowUp || !followUpText.EndsWith('?')))
        {
            problem = "the AI follow-up was not a single question";
        }
        var turns = answered.Turns.ToList();
        if (problem is not null)
        {
            turns[index] = turn with { Voice = $"offline (the AI wording was not used: {problem})" };
            return answered with { Turns = turns };
        }
        turns[index] = turn with { Feedback = feedback, Voice = $"ai:{chat.Model} ({PromptVersion})" };
        if (followUp is not null)
        {
            turns[index + 1] = followUp with { Question = followUpText, Voice = $"ai:{chat.Model} ({PromptVersion})" };
        }
        return answered with { Turns = turns };
    }

    private const string SystemPrompt =
        "You are the interviewer in a mock interview, giving feedback on the candidate's last answer. An assessor has already scored " +
        "the answer and listed its gaps; your job is only to say it in the persona's voice, in two to five sentences, naming each gap " +
        "and nothing the assessor did not find. Do not give scores, do not ask a new question in the feedback. " + AiText.DataRule;

    private static string Persona(MockPersona persona) => persona switch
    {
        MockPersona.Ruthless => "ruthless: blunt and short, no praise, states each gap plainly.",
        MockPersona.Helpful => "helpful: encouraging, names what went well, and gives a concrete next step for each gap.",
        _ => "discovery: asks the questions that lead the candidate to find each gap themselves.",
    };
}

public sealed record AiMockVoiceAnswer(string? Feedback, string? FollowUpQuestion);
