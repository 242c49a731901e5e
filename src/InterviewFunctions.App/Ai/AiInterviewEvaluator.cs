using System.Globalization;
using System.Text;
using InterviewFunctions.Core.Evaluation;

namespace InterviewFunctions.App.Ai;

/// <summary>
/// The AI evaluator: the offline evaluation, with the AI model's judgement combined in by fixed rules:
/// <list type="bullet">
/// <item><b>Evidence</b>: a quote counts only when its text occurs in the candidate turn it names (ignoring case,
/// punctuation and spacing); others are dropped.</item>
/// <item><b>Scores</b>: a dimension's AI score is used only with at least one surviving quote; the combined score is the
/// mean of the offline and AI scores, rounded, within <see cref="MaxScoreShift"/> of the offline score and 1-10.
/// Overall is combined the same way, and only when at least one other dimension was.</item>
/// <item><b>Strengths and weaknesses</b>: the offline ones, then up to three of the model's that repeat none of them,
/// and only when some AI score was evidenced.</item>
/// <item><b>Recommendation</b>: the offline rubric's, unchanged; a person records the decision.</item>
/// </list>
/// On timeout, error, refusal or an answer that does not fit the schema, the offline evaluation stands and says so.
/// </summary>
public sealed class AiInterviewEvaluator(IInterviewEvaluator offline, AiChat chat) : IInterviewEvaluator
{
    public const string EngineName = "ai+offline";
    public const string PromptVersion = "evaluation-prompt-1";
    public const int MaxScoreShift = 2;
    private const int MaxExtraPoints = 3;

    private static readonly string[] DimensionNames = ["communication", "technical", "confidence", "domain_knowledge", "problem_solving", "overall"];

    private static readonly string Schema = $$"""
    {
      "type": "object",
      "additionalProperties": false,
      "required": ["dimensions", "strengths", "weaknesses", "summary"],
      "properties": {
        "dimensions": {
          "type": "array",
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["dimension", "score", "rationale", "evidence"],
            "properties": {
              "dimension": { "type": "string", "enum": [{{string.Join(", ", DimensionNames.Select(n => $"\"{n}\""))}}] },
              "score": { "type": "integer" },
              "rationale": { "type": "string" },
              "evidence": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["turn", "text"],
                  "properties": { "turn": { "type": "integer" }, "text": { "type": "string" } }
                }
              }
            }
          }
        },
        "strengths": { "type": "array", "items": { "type": "string" } },
        "weaknesses": { "type": "array", "items": { "type": "string" } },
        "summary": { "type": "string" }
      }
    }
    """;

    private const string SystemPrompt =
        "You evaluate a job interview transcript for a hiring team. Score the candidate 1-10 on communication, technical, confidence, " +
        "domain_knowledge, problem_solving and overall. For each dimension quote the candidate's exact words as evidence with the turn " +
        "number shown in the transcript, copied character for character. Judge only what was said. Name strengths and weaknesses briefly. " +
        "You do not decide on hiring. " + AiText.DataRule;

    public async Task<EvaluationAssessment> EvaluateAsync(EvaluationInput input, CancellationToken cancellationToken)
    {
        var baseline = await offline.EvaluateAsync(input, cancellationToken);
        var reply = await chat.CompleteJsonAsync("evaluation", SystemPrompt, UserPrompt(input), "interview_evaluation", Schema,
            AiJsonContext.Default.AiEvaluationAnswer, cancellationToken);
        if (reply.Value is not { } ai)
        {
            return baseline with { Notes = [.. baseline.Notes, $"The AI evaluator was not used: {reply.Failure}; the offline result stands."] };
        }

        var byDimension = new Dictionary<string, AiDimension>(StringComparer.Ordinal);
        foreach (var d in ai.Dimensions ?? [])
        {
            if (d.Dimension is { } name)
            {
                byDimension.TryAdd(name, d);
            }
        }
        var dropped = 0;
        var combined = 0;
        var dimensions = new List<DimensionScore>();
        foreach (var score in baseline.Dimensions)
        {
            var wire = DimensionNames[(int)score.Dimension];
            if (score.Dimension == EvaluationDimension.Overall || !byDimension.TryGetValue(wire, out var judged))
            {
                dimensions.Add(score);
                continue;
            }
            var quotes = new List<TranscriptQuote>();
            foreach (var quote in judged.Evidence ?? [])
            {
                if (quote.Turn is { } turn && turn >= 0 && turn < input.Turns.Count && input.Turns[turn].Role == TranscriptRole.Candidate
                    && quote.Text is { } text && AiText.Occurs(text, input.Turns[turn].Text))
                {
                    quotes.Add(new TranscriptQuote(turn, input.Turns[turn].Speaker, text.Trim()));
                }
                else
                {
                    dropped++;
                }
            }
            if (quotes.Count == 0)
            {
                dimensions.Add(score);
                continue;
            }
            combined++;
            dimensions.Add(score with
            {
                Score = Combine(score.Score, judged.Score),
                Evidence = [.. score.Evidence.Concat(quotes).DistinctBy(q => (q.Turn, AiText.Normalize(q.Text)))],
                Rationale = string.IsNullOrWhiteSpace(judged.Rationale) ? score.Rationale : $"{score.Rationale} AI: {Clip(judged.Rationale, 300)}",
            });
        }
        if (combined > 0 && baseline.Dimensions.FirstOrDefault(d => d.Dimension == EvaluationDimension.Overall) is { } overall
            && byDimension.TryGetValue("overall", out var aiOverall))
        {
            dimensions[dimensions.FindIndex(d => d.Dimension == EvaluationDimension.Overall)] = overall with { Score = Combine(overall.Score, aiOverall.Score) };
        }

        var notes = new List<string>(baseline.Notes)
        {
            string.Create(CultureInfo.InvariantCulture, $"AI judgement combined ({PromptVersion}): evidenced AI scores for {combined} of {baseline.Dimensions.Count - 1} dimensions, each kept within {MaxScoreShift} of the offline score."),
        };
        if (dropped > 0)
        {
            notes.Add($"{dropped} AI quote(s) did not occur in the candidate's turn they named and were ignored.");
        }
        return baseline with
        {
            Dimensions = dimensions,
            Strengths = combined > 0 ? Extend(baseline.Strengths, ai.Strengths) : baseline.Strengths,
            Weaknesses = combined > 0 ? Extend(baseline.Weaknesses, ai.Weaknesses) : baseline.Weaknesses,
            Engine = EngineName,
            Model = chat.Model,
            PromptVersion = PromptVersion,
            Notes = notes,
        };
    }

    public static int Combine(int offlineScore, int aiScore)
    {
        var mean = (int)Math.Round((offlineScore + Math.Clamp(aiScore, 1, 10)) / 2.0, MidpointRounding.AwayFromZero);
        return Math.Clamp(Math.Clamp(mean, offlineScore - MaxScoreShift, offlineScore + MaxScoreShift), 1, 10);
    }

    private static List<string> Extend(IReadOnlyList<string> offlinePoints, IReadOnlyList<string>? aiPoints)
    {
        var result = offlinePoints.ToList();
        var words = result.Select(AiText.ContentWords).ToList();
        foreach (var point in (aiPoints ?? []).Select(p => p.Trim()).Where(p => p.Length is > 3 and <= 200).Take(MaxExtraPoints))
        {
            var pointWords = AiText.ContentWords(point);
            if (!words.Any(w => AiText.Overlap(w, pointWords) >= 0.7))
            {
                result.Add(point + " (AI)");
                words.Add(pointWords);
            }
        }
        return result;
    }

    private static string UserPrompt(EvaluationInput input)
    {
        var prompt = new StringBuilder();
        prompt.Append("Interview type: ").AppendLine(input.InterviewType);
        if (input.Role is { } role)
        {
            prompt.Append("Role: ").AppendLine(role);
        }
        if (input.Topics.Count > 0)
        {
            prompt.Append("Topics the role asks for: ").AppendJoin(", ", input.Topics).AppendLine();
        }
        if (!string.IsNullOrWhiteSpace(input.JobDescription))
        {
            prompt.AppendLine(AiText.DataBlock("job_description", input.JobDescription));
        }
        var transcript = new StringBuilder();
        for (var i = 0; i < input.Turns.Count; i++)
        {
            var turn = input.Turns[i];
            transcript.Append(CultureInfo.InvariantCulture, $"[turn {i}] {turn.Speaker} ({turn.Role.ToString().ToLowerInvariant()}): ").AppendLine(turn.Text);
        }
        prompt.Append(AiText.DataBlock("transcript", transcript.ToString()));
        return prompt.ToString();
    }

    private static string Clip(string text, int max) => text.Length <= max ? text.Trim() : text[..max].TrimEnd() + "…";
}

public sealed record AiEvaluationAnswer(IReadOnlyList<AiDimension>? Dimensions, IReadOnlyList<string>? Strengths, IReadOnlyList<string>? Weaknesses, string? Summary);

public sealed record AiDimension(string? Dimension, int Score, string? Rationale, IReadOnlyList<AiTranscriptQuote>? Evidence);

public sealed record AiTranscriptQuote(int? Turn, string? Text);
