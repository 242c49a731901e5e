using System.Text.RegularExpressions;
using InterviewFunctions.Core.Preparation.Bank;

namespace InterviewFunctions.Core.Preparation.Mock;

/// <param name="Missing">Every gap found, content gaps first in the order a follow-up would ask about them.</param>
/// <param name="FollowUp">The content gap worth one follow-up question, if any.</param>
public sealed record MockAssessment(
    MockScores Scores,
    IReadOnlyList<MockGap> Missing,
    IReadOnlyList<string> Covered,
    IReadOnlyList<string> NotCovered,
    MockGap? FollowUp,
    int Words);

/// <summary>
/// Judges an answer against its question's notes with plain text rules, so that the same answer always gets the same
/// assessment. The rubric (each score 0-10):
/// <list type="bullet">
/// <item><b>Correctness</b>: coverage of the notes, 10 × (0.7 × share of the question's keywords mentioned, or a
/// synonym or word form of them, + 0.3 × share of the strong answer's key terms); for algorithm questions a quarter of
/// it is stating the complexity. At most 3 when the answer is under the minimum length.</item>
/// <item><b>Clarity</b>: 10, less 4 when too short, 3 when rambling (over 400 words or sentences over 45 words on
/// average), 1 per hedge beyond the first (at most 3), 2 for a behavioural answer with fewer than three of the STAR
/// parts, 1 for sentences over 30 words on average.</item>
/// <item><b>Depth</b>: points for the elements that make an answer convincing. Behavioural: own action 3, result 2,
/// a number 2, situation 1, task 1, 80 words or more 1. Technical and domain: coverage × 4, trade-offs 3, a number or
/// an example 2, 80 words or more 1. Algorithm: complexity 3, edge cases 3, coverage × 3, 60 words or more 1. System
/// design: coverage × 4, trade-offs 3, numbers for scale 2, 120 words or more 1. Situational: own action 3,
/// coverage × 4, reasoning ("because", trade-offs) 2, 60 words or more 1.</item>
/// </list>
/// </summary>
public static partial class MockAnswerAssessor
{
    public const string RubricVersion = "mock-rubric-1";

    /// <summary>Answers below this many words are too short to judge well.</summary>
    public const int MinimumWords = 25;

    public const int RamblingWords = 400;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "about", "after", "again", "against", "their", "there", "these", "those", "through", "which", "while", "would",
        "should", "could", "where", "other", "others", "explains", "mentions", "names", "describes", "specific", "before",
        "between", "without", "within", "under", "makes", "using", "being", "into", "what", "when", "with", "them", "they",
    };

    /// <summary>Other ways of saying a keyword that count as covering it.</summary>
    private static readonly Dictionary<string, string[]> Synonyms = new(StringComparer.Ordinal)
    {
        ["trade-off"] = ["tradeoff", "trade off", "versus", "downside"],
        ["idempotent"] = ["safe to retry", "same effect"],
        ["idempotency"] = ["safe to retry", "same effect", "deduplicat"],
        ["latency"] = ["response time"],
        ["throughput"] = ["requests per second", "rps"],
        ["cdc"] = ["change data capture"],
        ["sbar"] = ["situation background assessment recommendation"],
        ["429"] = ["too many requests"],
        ["mentor"] = ["coach"],
        ["stakeholders"] = ["sponsor", "management"],
        ["outcome"] = ["result"],
    };

    public static MockAssessment Assess(MockKind kind, MockQuestion question, string answer)
    {
        var text = Normalize(answer);
        var words = WordsOf(text);
        var stems = words.Select(Stem).ToHashSet(StringComparer.Ordinal);
        var wordCount = words.Count;
        var sentences = Math.Max(1, SentenceEnd().Count(answer.TrimEnd('.', '!', '?')) + 1);
        var averageSentence = wordCount / (double)sentences;

        var covered = new List<string>();
        var notCovered = new List<string>();
        foreach (var keyword in question.Keywords)
        {
            (Covers(text, stems, keyword) ? covered : notCovered).Add(keyword);
        }
        var keyTerms = KeyTermsOf(question.StrongAnswer);
        var termShare = keyTerms.Count == 0 ? 0 : keyTerms.Count(stems.Contains) / (double)keyTerms.Count;
        var keywordShare = question.Keywords.Count == 0 ? termShare : covered.Count / (double)question.Keywords.Count;
        var coverage = 0.7 * keywordShare + 0.3 * termShare;

        var style = Style(kind, question);
        var situation = SituationCue().IsMatch(text);
        var task = TaskCue().IsMatch(text);
        var ownActions = OwnActionCue().Count(text) + (style == AnswerStyle.Situational ? WouldCue().Count(text) : 0);
        var teamMentions = TeamCue().Count(text);
        var ownAction = ownActions > 0 && teamMentions <= 2 * ownActions;
        var result = ResultCue().IsMatch(text);
        var number = NumberCue().IsMatch(text);
        var tradeOff = TradeOffCue().IsMatch(text);
        var reasoning = tradeOff || text.Contains("because", StringComparison.Ordinal);
        var complexity = ComplexityCue().IsMatch(text);
        var edgeCases = EdgeCaseCue().IsMatch(text);
        var example = number || text.Contains("for example", StringComparison.Ordinal) || text.Contains("for instance", StringComparison.Ordinal);
        var hedges = HedgeCue().Count(text);
        var minimumWords = style is AnswerStyle.Algorithm or AnswerStyle.SystemDesign ? 40 : MinimumWords;
        var tooShort = wordCount < minimumWords;
        var rambling = wordCount > RamblingWords || averageSentence > 45;

        var missing = new List<MockGap>();
        void Require(bool present, MockGap gap)
        {
            if (!present)
            {
                missing.Add(gap);
            }
        }
        // Content gaps in the order a follow-up asks about them: the one that most weakens the answer first.
        switch (style)
        {
            case AnswerStyle.Behavioral:
                Require(ownAction, MockGap.OwnAction);
                Require(result, MockGap.Result);
                Require(number, MockGap.Number);
                Require(keywordShare >= 0.5, MockGap.KeyPoints);
                Require(situation, MockGap.Situation);
                break;
            case AnswerStyle.Situational:
                Require(ownAction, MockGap.OwnAction);
                Require(keywordShare >= 0.5, MockGap.KeyPoints);
                break;
            case AnswerStyle.Algorithm:
                Require(complexity, MockGap.Complexity);
                Require(keywordShare >= 0.5, MockGap.KeyPoints);
                Require(edgeCases, MockGap.EdgeCases);
                break;
            case AnswerStyle.SystemDesign:
                Require(number, MockGap.Number);
                Require(keywordShare >= 0.5, MockGap.KeyPoints);
                Require(tradeOff, MockGap.TradeOff);
                break;
            default:
                Require(keywordShare >= 0.5, MockGap.KeyPoints);
                // An easy question asks for a fact; weighing alternatives is expected from medium up.
                Require(tradeOff || question.Difficulty == QuestionDifficulty.Easy, MockGap.TradeOff);
                break;
        }
        var followUp = missing.Count > 0 ? missing[0] : (MockGap?)null;
        Require(!tooShort, MockGap.TooShort);
        Require(!rambling, MockGap.Rambling);
        Require(hedges < 2, MockGap.Hedging);

        var correctnessShare = style == AnswerStyle.Algorithm ? 0.75 * coverage + (complexity ? 0.25 : 0) : coverage;
        var correctness = Score(10 * correctnessShare);
        if (tooShort)
        {
            correctness = Math.Min(correctness, 3);
        }

        var starParts = (situation ? 1 : 0) + (task ? 1 : 0) + (ownAction ? 1 : 0) + (result ? 1 : 0);
        var clarity = 10.0
            - (tooShort ? 4 : 0)
            - (rambling ? 3 : 0)
            - Math.Min(3, Math.Max(0, hedges - 1))
            - (style == AnswerStyle.Behavioral && starParts < 3 ? 2 : 0)
            - (averageSentence > 30 ? 1 : 0);

        var depth = style switch
        {
            AnswerStyle.Behavioral => (ownAction ? 3 : 0) + (result ? 2 : 0) + (number ? 2 : 0) + (situation ? 1 : 0) + (task ? 1 : 0) + (wordCount >= 80 ? 1 : 0),
            AnswerStyle.Situational => (ownAction ? 3 : 0) + 4 * coverage + (reasoning ? 2 : 0) + (wordCount >= 60 ? 1 : 0),
            AnswerStyle.Algorithm => (complexity ? 3 : 0) + (edgeCases ? 3 : 0) + 3 * coverage + (wordCount >= 60 ? 1 : 0),
            AnswerStyle.SystemDesign => 4 * coverage + (tradeOff ? 3 : 0) + (number ? 2 : 0) + (wordCount >= 120 ? 1 : 0),
            _ => 4 * coverage + (tradeOff ? 3 : 0) + (example ? 2 : 0) + (wordCount >= 80 ? 1 : 0),
        };

        return new MockAssessment(new MockScores(correctness, Score(clarity), Score(depth)), missing, covered, notCovered, followUp, wordCount);
    }

    private enum AnswerStyle
    {
        Behavioral,
        Situational,
        Technical,
        Algorithm,
        SystemDesign,
    }

    private static AnswerStyle Style(MockKind kind, MockQuestion question) => kind switch
    {
        MockKind.Algorithm => AnswerStyle.Algorithm,
        MockKind.SystemDesign => AnswerStyle.SystemDesign,
        _ => question.Type switch
        {
            QuestionType.Behavioral => AnswerStyle.Behavioral,
            QuestionType.Situational => AnswerStyle.Situational,
            _ => AnswerStyle.Technical,
        },
    };

    private static int Score(double value) => (int)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 0, 10);

    private static string Normalize(string answer) =>
        Whitespace().Replace(answer.ToLowerInvariant().Replace('’', '\''), " ");

    private static List<string> WordsOf(string text) => [.. Word().Matches(text).Select(m => m.Value)];

    /// <summary>A crude stem: the first five letters, enough to match "escalate" with "escalation" and "index" with "indexes".</summary>
    private static string Stem(string word) => word.Length <= 5 ? word : word[..5];

    private static bool Covers(string text, HashSet<string> stems, string keyword)
    {
        if (ContainsPhrase(text, keyword))
        {
            return true;
        }
        if (Synonyms.TryGetValue(keyword, out var others) && others.Any(o => text.Contains(o, StringComparison.Ordinal)))
        {
            return true;
        }
        var parts = WordsOf(keyword).Where(w => w.Length >= 3 || w.Any(char.IsDigit)).ToList();
        return parts.Count > 0 && parts.All(p => stems.Contains(Stem(p)));
    }

    /// <summary>The phrase starting at a word boundary, with any ending, so that "indexes" covers "index".</summary>
    private static bool ContainsPhrase(string text, string phrase)
    {
        for (var at = text.IndexOf(phrase, StringComparison.Ordinal); at >= 0; at = text.IndexOf(phrase, at + 1, StringComparison.Ordinal))
        {
            if (at == 0 || !char.IsLetterOrDigit(text[at - 1]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The strong answer's content words (six letters or more), as stems.</summary>
    private static List<string> KeyTermsOf(string strongAnswer) =>
        [.. WordsOf(Normalize(strongAnswer)).Where(w => w.Length >= 6 && !StopWords.Contains(w)).Select(Stem).Distinct(StringComparer.Ordinal)];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'+#-]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"[.!?](\s|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\b(when i was|at my (last|previous|current|old|first)|in my (last|previous|current|old|first)|last (year|month|week|quarter)|one time|a time when|we had|there was|while i was|i was working|working (at|as|on)|during|(19|20)\d\d|(months|years|weeks) ago|on a project|the project)\b")]
    private static partial Regex SituationCue();

    [GeneratedRegex(@"\b(my (goal|job|task|role|responsibility|aim)|i (needed|had|was asked|was responsible|was tasked)|the goal was|responsible for|had to|my brief)\b")]
    private static partial Regex TaskCue();

    /// <summary>"I" followed by a verb of doing, not of thinking or being.</summary>
    [GeneratedRegex(@"\bi (?!think\b|guess\b|believe\b|feel\b|was\b|am\b|would\b|might\b|hope\b|suppose\b|mean\b|don't\b|do not\b|'m\b)[a-z]+")]
    private static partial Regex OwnActionCue();

    [GeneratedRegex(@"\b(i would|i'd|i will|i'll)\b")]
    private static partial Regex WouldCue();

    [GeneratedRegex(@"\b(we|our team|the team|they|everyone)\b")]
    private static partial Regex TeamCue();

    [GeneratedRegex(@"\b(result|results|resulted|outcome|in the end|led to|which meant|so that|reduced|increased|improved|cut|saved|grew|dropped|fell|rose|went from|ended up|achieved|delivered|shipped|launched|passed|approved|recovered|since then|afterwards)\b")]
    private static partial Regex ResultCue();

    [GeneratedRegex(@"\d|%|\b(percent|half|double|doubled|twice|tripled|dozen|hundred|hundreds|thousand|thousands|million|millions|two|three|four|five|six|seven|eight|nine|ten)\b")]
    private static partial Regex NumberCue();

    [GeneratedRegex(@"\b(trade-offs?|tradeoffs?|trade offs?|however|instead|versus|vs|downside|at the expense|on the other hand|it depends|depends on|alternatively|rather than|whereas|pros|cons|cost of)\b")]
    private static partial Regex TradeOffCue();

    [GeneratedRegex(@"o\([^)]{1,12}\)|\b(big o|complexity|linear time|logarithmic|quadratic|constant time|n log n|log n)\b")]
    private static partial Regex ComplexityCue();

    [GeneratedRegex(@"\b(edge cases?|corner cases?|empty|null|duplicates?|negative|overflow|single element|boundary|zero)\b")]
    private static partial Regex EdgeCaseCue();

    [GeneratedRegex(@"\b(i think|maybe|probably|i guess|kind of|sort of|not sure|perhaps|i suppose|might be|hopefully)\b")]
    private static partial Regex HedgeCue();
}
