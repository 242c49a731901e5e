using System.Text.RegularExpressions;

namespace InterviewFunctions.Core.Screening;

/// <summary>One phrase in a document that tries to steer whoever (or whatever) reads it.</summary>
/// <param name="Rule">The rule that matched, e.g. <c>ignore-instructions</c>.</param>
/// <param name="Excerpt">The matched text, whitespace collapsed.</param>
public sealed record InjectionMatch(string Rule, string Excerpt);

/// <summary>
/// Prompt-injection phrases that a resume or transcript has no honest reason to contain. Extraction flags them and
/// screening gives the text no credit. The list is deliberately short and literal: a false alarm costs a reviewer a
/// glance, while a vague pattern ("perfect fit") would flag ordinary cover letters.
/// </summary>
public static partial class InjectionPatterns
{
    private static readonly (string Rule, Regex Pattern)[] Rules =
    [
        ("ignore-instructions", IgnoreInstructions()),
        ("role-override", RoleOverride()),
        ("score-demand", ScoreDemand()),
        ("system-prompt", SystemPrompt()),
        ("new-instructions", NewInstructions()),
    ];

    /// <summary>The rules' names, for documentation and tests.</summary>
    public static IReadOnlyList<string> RuleNames { get; } = Rules.Select(r => r.Rule).ToArray();

    public static IReadOnlyList<InjectionMatch> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<InjectionMatch>? matches = null;
        foreach (var (rule, pattern) in Rules)
        {
            foreach (Match match in pattern.Matches(text))
            {
                (matches ??= []).Add(new InjectionMatch(rule, Whitespace().Replace(match.Value, " ").Trim()));
            }
        }
        return matches ?? (IReadOnlyList<InjectionMatch>)[];
    }

    public static bool IsMatch(string text) => Rules.Any(r => r.Pattern.IsMatch(text));

    // Linear time in the input, whatever it holds: no timeout is needed, so a busy machine cannot turn a slow match
    // into a false alarm.
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    [GeneratedRegex(@"\b(?:ignore|disregard|forget|override|skip)\s+(?:all\s+|any\s+|the\s+|of\s+)*(?:previous|prior|above|earlier|preceding|former|your|other|system)\s+(?:instructions?|prompts?|directions|rules|guidelines|criteria)", Options)]
    private static partial Regex IgnoreInstructions();

    [GeneratedRegex(@"\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai\b|a\.i\.|artificial\s+intelligence|(?:large\s+)?language\s+model|llm\b|chat\s?gpt|gpt|assistant\b|ai\s+(?:model|assistant|recruiter|screener))|\bas\s+an\s+ai\s+language\s+model\b", Options)]
    private static partial Regex RoleOverride();

    [GeneratedRegex(@"\b(?:rate|score|rank|grade|mark|evaluate|give)\s+(?:(?:this|the|my)\s+(?:candidate|applicant|resume|cv|profile)|me|him|her)\b[^.\n]{0,40}?(?:\b100\b|\b10\s*/\s*10\b|ten\s+out\s+of\s+ten|\b(?:highest|perfect|maximum|max|full|top)\s+(?:score|marks|rating|rank))", Options)]
    private static partial Regex ScoreDemand();

    [GeneratedRegex(@"\bsystem\s+prompt\b|<\|?\s*(?:system|im_start|im_end)\s*\|?>|\[\s*system\s*\]|\bsystem\s*:\s*you\b", Options)]
    private static partial Regex SystemPrompt();

    [GeneratedRegex(@"\bnew\s+instructions\s*:|\bdo\s+not\s+(?:mention|reveal|disclose)\s+(?:this|these)\s+instructions\b", Options)]
    private static partial Regex NewInstructions();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
