using System.Text;
using System.Text.Json.Serialization;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation;
using InterviewFunctions.Core.Preparation.Bank;

namespace InterviewFunctions.App.Ai;

/// <summary>
/// Questions written by the AI model from the job description, kept only when they are new: a question that repeats
/// a bank question or an earlier AI question (same normalised text, or most of its content words shared) is dropped,
/// and the set is topped up from the offline engine's questions, which also serve alone when the AI call fails.
/// The detected domains, skills and key topics are always the offline engine's: they are deterministic and cited.
/// </summary>
public sealed class AiQuestionGenerator : IQuestionGenerator
{
    public const string EngineName = "ai+offline";
    public const string PromptVersion = "questions-prompt-1";

    /// <summary>Two questions sharing this share of the shorter one's content words are the same question.</summary>
    public const double DuplicateOverlap = 0.7;

    /// <summary>Below this many content words only an identical normalised text counts as a duplicate.</summary>
    private const int MinWordsForOverlap = 4;

    private const string Schema = """
    {
      "type": "object",
      "additionalProperties": false,
      "required": ["questions"],
      "properties": {
        "questions": {
          "type": "array",
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["category", "difficulty", "text", "basedOn", "skills", "strongAnswer"],
            "properties": {
              "category": { "type": "string", "enum": ["technical", "behavioral", "company_specific"] },
              "difficulty": { "type": "string", "enum": ["easy", "medium", "hard"] },
              "text": { "type": "string" },
              "basedOn": { "type": "string" },
              "skills": { "type": "array", "items": { "type": "string" } },
              "strongAnswer": { "type": "string" }
            }
          }
        }
      }
    }
    """;

    private readonly IQuestionGenerator _offline;
    private readonly AiChat _chat;
    private readonly List<(string Normalized, HashSet<string> Words)> _bank;

    public AiQuestionGenerator(IQuestionGenerator offline, AiChat chat, QuestionBank bank)
    {
        _offline = offline;
        _chat = chat;
        _bank = [.. bank.Questions.Select(q => (AiText.Normalize(q.Text), AiText.ContentWords(q.Text)))];
    }

    public string Engine => EngineName;

    public bool IsEnabled => true;

    public async Task<GeneratedQuestionSet> GenerateAsync(QuestionGenerationInput input, CancellationToken cancellationToken)
    {
        var offline = await _offline.GenerateAsync(input, cancellationToken);
        var reply = await _chat.CompleteJsonAsync("questions", SystemPrompt, UserPrompt(input, offline), "interview_questions", Schema,
            AiJsonContext.Default.AiQuestionAnswer, cancellationToken);
        if (reply.Value is null)
        {
            return offline with { Notes = [$"AI question generation failed ({reply.Failure}); the offline questions stand."] };
        }

        var kept = new List<(string Normalized, HashSet<string> Words)>();
        var questions = new List<GeneratedQuestion>();
        var dropped = 0;
        foreach (var ai in reply.Value.Questions ?? [])
        {
            if (questions.Count == input.Count)
            {
                break;
            }
            var text = ai.Text?.Trim() ?? "";
            if (text.Length is < 15 or > 600 || Category(ai.Category) is not { } category)
            {
                dropped++;
                continue;
            }
            var candidate = (AiText.Normalize(text), AiText.ContentWords(text));
            if (IsDuplicate(candidate, _bank) || IsDuplicate(candidate, kept))
            {
                dropped++;
                continue;
            }
            kept.Add(candidate);
            questions.Add(new GeneratedQuestion(
                0, category, null, Difficulty(ai.Difficulty), text, Clip(ai.BasedOn, 300),
                [.. (ai.Skills ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => Clip(s, 80)).Take(8)],
                [], Clip(ai.StrongAnswer, 600), null, null));
        }
        var aiCount = questions.Count;
        foreach (var question in offline.Questions)
        {
            if (questions.Count == input.Count)
            {
                break;
            }
            var candidate = (AiText.Normalize(question.Text), AiText.ContentWords(question.Text));
            if (!IsDuplicate(candidate, kept))
            {
                kept.Add(candidate);
                questions.Add(question);
            }
        }
        var notes = new List<string>();
        if (dropped > 0)
        {
            notes.Add($"{dropped} AI question(s) were dropped as repeats of the question bank or of each other, or as malformed.");
        }
        if (aiCount == 0)
        {
            notes.Add("The AI engine gave no usable new question; the offline questions stand.");
            return offline with { Notes = notes };
        }
        if (questions.Count > aiCount)
        {
            notes.Add($"{questions.Count - aiCount} question(s) come from the offline engine to reach the count asked for.");
        }
        return offline with
        {
            Engine = EngineName,
            Model = _chat.Model,
            Questions = [.. questions.Select((q, i) => q with { Number = i + 1 })],
            Notes = [$"Prompt {PromptVersion}.", .. notes],
        };
    }

    private static bool IsDuplicate((string Normalized, HashSet<string> Words) candidate, List<(string Normalized, HashSet<string> Words)> others) =>
        others.Any(o => o.Normalized == candidate.Normalized
            || (Math.Min(o.Words.Count, candidate.Words.Count) >= MinWordsForOverlap && AiText.Overlap(o.Words, candidate.Words) >= DuplicateOverlap));

    private const string SystemPrompt =
        "You are an experienced interviewer preparing a candidate. Write interview questions that follow the job description closely: " +
        "technical questions on the skills and tools it names, behavioral questions on the situations the role involves, and " +
        "company-specific questions when a company is named. Each question names what it is based on (a short quote of the description) " +
        "and what a strong answer contains. Avoid generic questions that would fit any job. " + AiText.DataRule;

    private static string UserPrompt(QuestionGenerationInput input, GeneratedQuestionSet offline)
    {
        var prompt = new StringBuilder();
        prompt.Append("Write ").Append(input.Count).Append(" distinct interview questions");
        if (input.InterviewType is { } type)
        {
            prompt.Append(" for a ").Append(type.ToWire()).Append(" interview");
        }
        prompt.AppendLine(".");
        if (offline.Skills.Count > 0)
        {
            prompt.Append("Skills found in the description: ").AppendJoin(", ", offline.Skills.Select(s => s.AsWritten)).AppendLine(".");
        }
        if (input.Company is { } company)
        {
            prompt.AppendLine(AiText.DataBlock("company", company));
        }
        prompt.Append(AiText.DataBlock("job_description", input.JobDescription));
        return prompt.ToString();
    }

    private static QuestionCategory? Category(string? wire) => wire switch
    {
        "technical" => QuestionCategory.Technical,
        "behavioral" => QuestionCategory.Behavioral,
        "company_specific" => QuestionCategory.CompanySpecific,
        _ => null,
    };

    private static QuestionDifficulty Difficulty(string? wire) => wire switch
    {
        "easy" => QuestionDifficulty.Easy,
        "hard" => QuestionDifficulty.Hard,
        _ => QuestionDifficulty.Medium,
    };

    private static string Clip(string? text, int max)
    {
        var trimmed = text?.Trim() ?? "";
        return trimmed.Length <= max ? trimmed : trimmed[..max].TrimEnd() + "…";
    }
}

public sealed record AiQuestionAnswer([property: JsonPropertyName("questions")] IReadOnlyList<AiQuestion>? Questions);

public sealed record AiQuestion(string? Category, string? Difficulty, string? Text, string? BasedOn, IReadOnlyList<string>? Skills, string? StrongAnswer);
