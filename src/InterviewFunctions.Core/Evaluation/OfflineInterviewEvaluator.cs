using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation;
using InterviewFunctions.Core.Preparation.Mock;
using static InterviewFunctions.Core.Evaluation.EvaluationRubric;

namespace InterviewFunctions.Core.Evaluation;

/// <summary>
/// Scores a transcript with plain text rules (<see cref="EvaluationRubric"/>), so that the same input always gives the
/// same assessment, and quotes the candidate's sentences that moved each score. It recommends; it never decides.
/// </summary>
public sealed partial class OfflineInterviewEvaluator : IInterviewEvaluator
{
    public const string EngineName = "offline";
    public const string NoPrompt = "none";

    /// <summary>Topics taken from a job description when none are given, at most.</summary>
    private const int MaxDerivedTopics = 15;

    public Task<EvaluationAssessment> EvaluateAsync(EvaluationInput input, CancellationToken cancellationToken) =>
        Task.FromResult(Evaluate(input));

    public static EvaluationAssessment Evaluate(EvaluationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var type = (input.InterviewType ?? "").Trim().ToLowerInvariant();
        var (topics, topicsDerived) = TopicsOf(input);
        var answers = AnswersOf(input.Turns ?? [], IsBehavioural(type), new TopicMatcher(topics));
        var notes = new List<string>();
        if (topicsDerived && topics.Count > 0)
        {
            notes.Add("No topics were given; the role's topics were read from the job description.");
        }
        if (topics.Count == 0)
        {
            notes.Add("No role topics were known; domain knowledge was judged on how specific the answers were.");
        }
        var hash = InputHash(input);
        if (answers.Count == 0)
        {
            notes.Add("The transcript has no candidate answers to judge.");
            var none = Enum.GetValues<EvaluationDimension>()
                .Select(d => new DimensionScore(d, 1, "No candidate answers to judge.", []))
                .ToList();
            return new EvaluationAssessment(none, [], ["The candidate gave no answers."], HireRecommendation.StrongNoHire,
                "No candidate answers: nothing to evaluate.", EngineName, null, NoPrompt, EvaluationRubric.Version, hash, notes);
        }

        var reading = new Reading(answers, topics);
        var dimensions = new List<DimensionScore>
        {
            Communication(reading),
            Technical(reading),
            Confidence(reading),
            DomainKnowledge(reading),
            ProblemSolving(reading),
        };
        var weights = WeightsFor(type);
        var weighted = weights.Sum(w => w.Weight * dimensions.Single(d => d.Dimension == w.Dimension).Score);
        var recommendation = Recommend(weighted, dimensions, weights);
        var candidateWords = answers.Sum(a => a.Signals.Words);
        if (candidateWords < MinimumEvidenceWords && recommendation is HireRecommendation.StrongHire or HireRecommendation.Hire)
        {
            recommendation = HireRecommendation.NoHire;
            notes.Add(Invariant($"The candidate said only {candidateWords} words (under {MinimumEvidenceWords}): too little evidence for a hire."));
        }
        var overall = Clamp(weighted);
        dimensions.Add(new DimensionScore(EvaluationDimension.Overall, overall,
            Invariant($"Weighted mean {weighted:0.00} for a {(type.Length == 0 ? "general" : type)} interview: ")
                + string.Join(", ", weights.Select(w => Invariant($"{w.Dimension.ToWire()} {dimensions.Single(d => d.Dimension == w.Dimension).Score} × {w.Weight:0.00}")))
                + Invariant($"; thresholds strong hire ≥ {StrongHireAt:0.0}, hire ≥ {HireAt:0.0}, no hire ≥ {NoHireAt:0.0}."),
            [.. dimensions.SelectMany(d => d.Evidence.Take(1)).DistinctBy(q => (q.Turn, q.Text)).Take(QuotesPerDimension)]));

        var strengths = Strengths(reading);
        var weaknesses = Weaknesses(reading);
        var best = dimensions.Take(5).OrderByDescending(d => d.Score).ThenBy(d => d.Dimension).First();
        var worst = dimensions.Take(5).OrderBy(d => d.Score).ThenBy(d => d.Dimension).First();
        var summary = Invariant($"Overall {overall}/10 ({recommendation.ToWire()}) over {answers.Count} answers and {candidateWords} candidate words; ")
            + Invariant($"strongest {best.Dimension.ToWire()} ({best.Score}), weakest {worst.Dimension.ToWire()} ({worst.Score}). ")
            + "This is a recommendation; the hiring decision is a person's.";
        return new EvaluationAssessment(dimensions, strengths, weaknesses, recommendation, summary, EngineName, null, NoPrompt, EvaluationRubric.Version, hash, notes);
    }

    /// <summary>SHA-256 (hex) of the input's canonical form: line endings and surrounding space normalised, topics sorted.</summary>
    public static string InputHash(EvaluationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("interviewType", (input.InterviewType ?? "").Trim().ToLowerInvariant());
            json.WriteString("role", Canonical(input.Role));
            json.WriteString("domain", Canonical(input.Domain));
            json.WriteString("jobDescription", Canonical(input.JobDescription));
            json.WriteStartArray("topics");
            foreach (var topic in CanonicalTopics(input.Topics))
            {
                json.WriteStringValue(topic);
            }
            json.WriteEndArray();
            json.WriteStartArray("turns");
            foreach (var turn in input.Turns)
            {
                json.WriteStartObject();
                json.WriteString("speaker", Canonical(turn.Speaker));
                json.WriteString("role", turn.Role.ToWire());
                json.WriteString("text", Canonical(turn.Text));
                json.WriteString("at", turn.At is { } at ? at.ToString("c", CultureInfo.InvariantCulture) : "");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static string Canonical(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();

    private static List<string> CanonicalTopics(IReadOnlyList<string>? topics) =>
        [.. (topics ?? []).Select(t => Canonical(t).ToLowerInvariant()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    // ---- Reading the transcript ----

    /// <summary>One sentence a candidate said, where it was said, and what it shows.</summary>
    private sealed record Sentence(int Turn, string Speaker, string Text, AnswerSignals Signals, Cues Cues, IReadOnlyList<string> Topics);

    /// <summary>Cues of this rubric beyond the mock assessor's.</summary>
    private sealed record Cues(bool Testing, bool Alternatives, bool Steps, bool Reasoning, bool Example);

    /// <summary>A run of candidate turns answering one interviewer turn.</summary>
    private sealed record Answer(string Question, bool Behavioural, IReadOnlyList<Sentence> Sentences, AnswerSignals Signals, Cues Cues, string Text)
    {
        public int FirstTurn => Sentences[0].Turn;

        public bool Direct => !Signals.TooShort && Sentences[0].Signals.Hedges == 0;

        public bool Technical => !Behavioural;

        /// <summary>A story needs the candidate's own past action; a technical answer may own a plan ("I would").</summary>
        public bool Owned => Behavioural ? Signals.OwnAction : Signals.OwnsPlan;
    }

    private sealed class Reading(IReadOnlyList<Answer> answers, IReadOnlyList<string> topics)
    {
        public IReadOnlyList<Answer> Answers { get; } = answers;

        public IReadOnlyList<string> Topics { get; } = topics;

        public IReadOnlyList<Answer> TechnicalAnswers { get; } = answers.Any(a => a.Technical) ? [.. answers.Where(a => a.Technical)] : answers;

        public IReadOnlyList<Answer> BehaviouralAnswers { get; } = [.. answers.Where(a => a.Behavioural)];

        public IReadOnlyList<Sentence> Sentences { get; } = [.. answers.SelectMany(a => a.Sentences)];

        public IReadOnlyList<string> CoveredTopics { get; } = [.. topics.Where(t => answers.Any(a => a.Sentences.Any(s => s.Topics.Contains(t))))];
    }

    private static List<Answer> AnswersOf(IReadOnlyList<TranscriptTurn> turns, bool allBehavioural, TopicMatcher topics)
    {
        var answers = new List<Answer>();
        var question = "";
        var run = new List<(int Index, TranscriptTurn Turn)>();
        void Flush()
        {
            if (run.Count == 0)
            {
                return;
            }
            var sentences = run.SelectMany(r => SentencesOf(r.Turn.Text).Select(s => (r.Index, r.Turn.Speaker, Text: s))).ToList();
            if (sentences.Count > 0)
            {
                var text = string.Join("\n", run.Select(r => r.Turn.Text));
                answers.Add(new Answer(
                    question,
                    allBehavioural || BehaviouralQuestion().IsMatch(question.ToLowerInvariant()),
                    [.. sentences.Select(s => new Sentence(s.Index, s.Speaker, s.Text, MockAnswerAssessor.Signals(s.Text), CuesOf(s.Text), topics.In(s.Text)))],
                    MockAnswerAssessor.Signals(text),
                    CuesOf(text),
                    text));
            }
            run.Clear();
        }
        for (var i = 0; i < turns.Count; i++)
        {
            if (turns[i].Role == TranscriptRole.Candidate)
            {
                run.Add((i, turns[i]));
            }
            else
            {
                Flush();
                question = turns[i].Text ?? "";
            }
        }
        Flush();
        return answers;
    }

    private static Cues CuesOf(string text)
    {
        var lower = text.ToLowerInvariant();
        return new Cues(TestingCue().IsMatch(lower), AlternativesCue().IsMatch(lower), StepsCue().Count(lower) >= 2 || StepCue().IsMatch(lower),
            ReasoningCue().IsMatch(lower), ExampleCue().IsMatch(lower) || MockAnswerAssessor.Signals(text).Number);
    }

    private static IEnumerable<string> SentencesOf(string text) =>
        SentenceSplit().Split(text ?? "").Select(s => s.Trim()).Where(s => s.Any(char.IsLetterOrDigit));

    /// <summary>The topics to look for: those given, else the skills the job description names.</summary>
    private static (IReadOnlyList<string> Topics, bool Derived) TopicsOf(EvaluationInput input)
    {
        var given = CanonicalTopics(input.Topics);
        if (given.Count > 0)
        {
            return (given, false);
        }
        if (string.IsNullOrWhiteSpace(input.JobDescription))
        {
            return ([], false);
        }
        var derived = SkillLexicon.Default.FindIn(input.JobDescription)
            .Select(m => m.Skill.Name.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .Take(MaxDerivedTopics)
            .Order(StringComparer.Ordinal)
            .ToList();
        return (derived, true);
    }

    /// <summary>
    /// Finds the role's topics in a sentence: through the skill lexicon when a topic is a known skill (so "K8s" counts for
    /// "kubernetes"), else as the words themselves.
    /// </summary>
    private sealed class TopicMatcher(IReadOnlyList<string> topics)
    {
        private readonly List<(string Topic, HashSet<string> Skills)> _topics =
            [.. topics.Select(t => (t, SkillLexicon.Default.FindIn(t).Select(m => m.Skill.Id).ToHashSet(StringComparer.Ordinal)))];

        public IReadOnlyList<string> In(string sentence)
        {
            if (_topics.Count == 0)
            {
                return [];
            }
            var skills = SkillLexicon.Default.FindIn(sentence).Select(m => m.Skill.Id).ToHashSet(StringComparer.Ordinal);
            var lower = sentence.ToLowerInvariant();
            return [.. _topics.Where(t => t.Skills.Overlaps(skills) || ContainsWord(lower, t.Topic)).Select(t => t.Topic)];
        }

        private static bool ContainsWord(string text, string phrase)
        {
            for (var at = text.IndexOf(phrase, StringComparison.Ordinal); at >= 0; at = text.IndexOf(phrase, at + 1, StringComparison.Ordinal))
            {
                var end = at + phrase.Length;
                if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end]) || text[end] == 's'))
                {
                    return true;
                }
            }
            return false;
        }
    }

    // ---- The dimensions ----

    private static DimensionScore Communication(Reading r)
    {
        var clarities = r.Answers.Select(a =>
        {
            var s = a.Signals;
            return 10.0
                - (s.TooShort ? TooShortPenalty : 0)
                - (s.Rambling ? RamblingPenalty : 0)
                - Math.Min(MaxHedgePenalty, Math.Max(0, s.Hedges - 1))
                - (s.AverageSentenceWords > LongSentenceWords ? LongSentencePenalty : 0)
                - (a.Behavioural && s.StarParts < StarPartsExpected ? MissingStarPenalty : 0);
        }).ToList();
        var score = Clamp(clarities.Average());
        var tooShort = r.Answers.Count(a => a.Signals.TooShort);
        var rambling = r.Answers.Count(a => a.Signals.Rambling);
        var star = r.BehaviouralAnswers.Count(a => a.Signals.StarParts >= StarPartsExpected);
        var rationale = Invariant($"Mean clarity {clarities.Average():0.0} over {r.Answers.Count} answers: {tooShort} too short, {rambling} rambling, ")
            + Invariant($"{r.Answers.Sum(a => Math.Max(0, a.Signals.Hedges - 1))} hedges beyond the first in an answer")
            + (r.BehaviouralAnswers.Count > 0 ? Invariant($"; {star} of {r.BehaviouralAnswers.Count} behavioural answers had at least {StarPartsExpected} STAR parts.") : ".");
        var good = r.Answers.Where(a => !a.Signals.TooShort && !a.Signals.Rambling && a.Signals.Hedges <= 1)
            .Select(a => a.Sentences.FirstOrDefault(s => s.Signals.Result) ?? a.Sentences[0]);
        var bad = r.Answers.Where(a => a.Signals.TooShort).Select(a => a.Sentences[0])
            .Concat(r.Answers.Where(a => a.Signals.Rambling).Select(a => a.Sentences[0]))
            .Concat(r.Sentences.Where(s => s.Signals.Hedges > 0));
        return new DimensionScore(EvaluationDimension.Communication, score, rationale, Quotes(score, good, bad, r));
    }

    private static DimensionScore Technical(Reading r)
    {
        var answers = r.TechnicalAnswers;
        var tradeOff = answers.Count(a => a.Signals.TradeOff);
        var complexity = answers.Count(a => a.Signals.Complexity);
        var edges = answers.Count(a => a.Signals.EdgeCases);
        var testing = answers.Count(a => a.Cues.Testing);
        var numbers = answers.Count(a => a.Signals.Number);
        var points = TechnicalTradeOffPoints * Credit(tradeOff, answers.Count)
            + TechnicalComplexityPoints * Credit(complexity, answers.Count)
            + TechnicalEdgeCasePoints * Credit(edges, answers.Count)
            + TechnicalTestingPoints * Credit(testing, answers.Count)
            + TechnicalNumberPoints * Credit(numbers, answers.Count);
        var score = Clamp(1 + 0.9 * points);
        var rationale = Invariant($"Over {answers.Count} technical answers: trade-offs in {tradeOff}, complexity in {complexity}, edge cases in {edges}, ")
            + Invariant($"testing or verification in {testing}, numbers in {numbers} ({points:0.0} of 10 points).");
        var good = r.Sentences.Where(s => answers.Any(a => a.Sentences.Contains(s))
            && (s.Signals.TradeOff || s.Signals.Complexity || s.Signals.EdgeCases || s.Cues.Testing || s.Signals.Number));
        var bad = answers.Where(a => !a.Signals.TradeOff && !a.Signals.Complexity && !a.Signals.EdgeCases && !a.Cues.Testing && !a.Signals.Number)
            .Select(a => a.Sentences[0]);
        return new DimensionScore(EvaluationDimension.Technical, score, rationale, Quotes(score, good, bad, r));
    }

    private static DimensionScore Confidence(Reading r)
    {
        var words = Math.Max(1, r.Answers.Sum(a => a.Signals.Words));
        var hedges = r.Answers.Sum(a => a.Signals.Hedges);
        var perHundred = Math.Min(MaxHedgesPerHundredWords, 100.0 * hedges / words);
        var own = r.Answers.Count(a => a.Owned) / (double)r.Answers.Count;
        var direct = r.Answers.Count(a => a.Direct) / (double)r.Answers.Count;
        var value = ConfidenceBase + ConfidenceOwnActionPoints * own + ConfidenceDirectPoints * direct - ConfidenceHedgePenalty * perHundred;
        var score = Clamp(value);
        var rationale = Invariant($"{hedges} hedges in {words} words ({100.0 * hedges / words:0.0} per 100); ")
            + Invariant($"{own:P0} of answers told in the first person; {direct:P0} opened without hedging.");
        var good = r.Sentences.Where(s => s.Signals.OwnActions + s.Signals.Plans > 0 && s.Signals.Hedges == 0);
        var bad = r.Sentences.Where(s => s.Signals.Hedges > 0)
            .Concat(r.Answers.Where(a => !a.Owned && a.Signals.TeamMentions > 0).Select(a => a.Sentences.FirstOrDefault(s => s.Signals.TeamMentions > 0) ?? a.Sentences[0]));
        return new DimensionScore(EvaluationDimension.Confidence, score, rationale, Quotes(score, good, bad, r));
    }

    private static DimensionScore DomainKnowledge(Reading r)
    {
        if (r.Topics.Count > 0)
        {
            var share = r.CoveredTopics.Count / (double)r.Topics.Count;
            var score = Clamp(1 + 9 * share);
            var missing = r.Topics.Except(r.CoveredTopics, StringComparer.Ordinal).ToList();
            var rationale = Invariant($"Mentioned {r.CoveredTopics.Count} of the role's {r.Topics.Count} topics")
                + (r.CoveredTopics.Count > 0 ? " (" + string.Join(", ", r.CoveredTopics) + ")" : "")
                + (missing.Count > 0 ? "; not mentioned: " + string.Join(", ", missing) + "." : ".");
            var good = r.Sentences.Where(s => s.Topics.Count > 0);
            var bad = r.Answers.Where(a => a.Sentences.All(s => s.Topics.Count == 0)).Select(a => a.Sentences[0]);
            return new DimensionScore(EvaluationDimension.DomainKnowledge, score, rationale, Quotes(score, good, bad, r));
        }
        var specific = r.Answers.Count(a => a.Cues.Example);
        var fallback = Clamp(1 + 9 * Credit(specific, r.Answers.Count));
        var why = Invariant($"No role topics known: {specific} of {r.Answers.Count} answers were specific (a number or an example).");
        return new DimensionScore(EvaluationDimension.DomainKnowledge, fallback, why,
            Quotes(fallback, r.Sentences.Where(s => s.Cues.Example), r.Answers.Where(a => !a.Cues.Example).Select(a => a.Sentences[0]), r));
    }

    private static DimensionScore ProblemSolving(Reading r)
    {
        var answers = r.Answers;
        var steps = answers.Count(a => a.Cues.Steps);
        var alternatives = answers.Count(a => a.Cues.Alternatives);
        var tradeOff = answers.Count(a => a.Signals.TradeOff);
        var edges = answers.Count(a => a.Signals.EdgeCases);
        var testing = answers.Count(a => a.Cues.Testing);
        var reasoning = answers.Count(a => a.Cues.Reasoning);
        var points = StepsPoints * Credit(steps, answers.Count)
            + AlternativesPoints * Credit(alternatives, answers.Count)
            + ProblemTradeOffPoints * Credit(tradeOff, answers.Count)
            + ProblemEdgeCasePoints * Credit(edges, answers.Count)
            + ProblemTestingPoints * Credit(testing, answers.Count)
            + ReasoningPoints * Credit(reasoning, answers.Count);
        var score = Clamp(1 + 0.9 * points);
        var rationale = Invariant($"Over {answers.Count} answers: steps in {steps}, alternatives in {alternatives}, trade-offs in {tradeOff}, ")
            + Invariant($"edge cases in {edges}, testing in {testing}, reasoning in {reasoning} ({points:0.0} of 10 points).");
        static bool Shows(Sentence s) => s.Cues.Steps || s.Cues.Alternatives || s.Signals.TradeOff || s.Signals.EdgeCases || s.Cues.Testing || s.Cues.Reasoning;
        var bad = answers.Where(a => !a.Sentences.Any(Shows)).Select(a => a.Sentences[0]);
        return new DimensionScore(EvaluationDimension.ProblemSolving, score, rationale, Quotes(score, r.Sentences.Where(Shows), bad, r));
    }

    private static HireRecommendation Recommend(double weighted, IReadOnlyList<DimensionScore> dimensions, IReadOnlyList<(EvaluationDimension Dimension, double Weight)> weights)
    {
        if (weighted >= StrongHireAt)
        {
            var floorHolds = weights.Where(w => w.Weight >= FloorWeight).All(w => dimensions.Single(d => d.Dimension == w.Dimension).Score >= StrongHireFloor);
            return floorHolds ? HireRecommendation.StrongHire : HireRecommendation.Hire;
        }
        return weighted >= HireAt ? HireRecommendation.Hire : weighted >= NoHireAt ? HireRecommendation.NoHire : HireRecommendation.StrongNoHire;
    }

    // ---- Strengths and weaknesses, each naming what was said ----

    private static List<string> Strengths(Reading r)
    {
        var strengths = new List<string>();
        // A strength names the whole form: all four parts, not the three that spare a clarity penalty.
        var star = r.BehaviouralAnswers.Where(a => a.Signals.StarParts == 4).ToList();
        if (star.Count > 0 && star.Count * 2 >= r.BehaviouralAnswers.Count)
        {
            strengths.Add(Invariant($"Told stories in STAR form (situation, task, action, result) in {star.Count} of {r.BehaviouralAnswers.Count} behavioural answers, e.g. ")
                + Cite(star[0].Sentences.FirstOrDefault(s => s.Signals.Result) ?? star[0].Sentences[0]) + ".");
        }
        AddIfShown(strengths, r, s => s.Signals.Number && s.Signals.Result, "Backed claims with numbers", a => a.Signals.Number, s => s.Signals.Number);
        AddIfShown(strengths, r, s => s.Signals.TradeOff, "Weighed trade-offs", a => a.Signals.TradeOff);
        AddIfShown(strengths, r, s => s.Cues.Alternatives, "Considered alternatives", a => a.Cues.Alternatives);
        AddIfShown(strengths, r, s => s.Signals.Complexity, "Stated complexity", a => a.Signals.Complexity);
        AddIfShown(strengths, r, s => s.Signals.EdgeCases, "Thought about edge cases", a => a.Signals.EdgeCases);
        AddIfShown(strengths, r, s => s.Cues.Testing, "Talked about testing and verification", a => a.Cues.Testing);
        if (r.Topics.Count > 0 && r.CoveredTopics.Count * 2 >= r.Topics.Count)
        {
            strengths.Add(Invariant($"Covered {r.CoveredTopics.Count} of the role's {r.Topics.Count} topics: {string.Join(", ", r.CoveredTopics)}."));
        }
        var own = r.Answers.Where(a => a.Owned).ToList();
        if (own.Count * 2 > r.Answers.Count)
        {
            var sentence = own.SelectMany(a => a.Sentences).First(s => s.Signals.OwnActions + s.Signals.Plans > 0);
            strengths.Add(Invariant($"Spoke about their own actions in {own.Count} of {r.Answers.Count} answers, e.g. ") + Cite(sentence) + ".");
        }
        var words = r.Answers.Sum(a => a.Signals.Words);
        var hedges = r.Answers.Sum(a => a.Signals.Hedges);
        if (words >= MinimumEvidenceWords && hedges * 200 < words && r.Answers.All(a => !a.Signals.TooShort && !a.Signals.Rambling))
        {
            strengths.Add(Invariant($"Answered directly: {hedges} hedges in {words} words, no answer too short or rambling."));
        }
        return strengths;
    }

    /// <param name="sentence">The sentence to quote; <paramref name="fallback"/> when none shows it.</param>
    private static void AddIfShown(List<string> list, Reading r, Func<Sentence, bool> sentence, string what, Func<Answer, bool> answer, Func<Sentence, bool>? fallback = null)
    {
        var count = r.Answers.Count(answer);
        if (count > 0 && Credit(count, r.Answers.Count) >= 1 && (r.Sentences.FirstOrDefault(sentence) ?? r.Sentences.FirstOrDefault(fallback ?? sentence)) is { } example)
        {
            list.Add(Invariant($"{what} in {count} of {r.Answers.Count} answers, e.g. ") + Cite(example) + ".");
        }
    }

    private static List<string> Weaknesses(Reading r)
    {
        var weaknesses = new List<string>();
        var hedged = r.Sentences.Where(s => s.Signals.Hedges > 0).ToList();
        var hedges = r.Answers.Sum(a => a.Signals.Hedges);
        if (hedges >= 2)
        {
            var phrases = r.Answers.SelectMany(a => MockAnswerAssessor.HedgesIn(a.Text)).Distinct(StringComparer.Ordinal).Take(4);
            weaknesses.Add(Invariant($"Hedged {hedges} times ({string.Join(", ", phrases.Select(p => $"\"{p}\""))}), e.g. ") + Cite(hedged[0]) + ".");
        }
        var short_ = r.Answers.Where(a => a.Signals.TooShort).ToList();
        if (short_.Count > 0)
        {
            weaknesses.Add(Invariant($"{short_.Count} of {r.Answers.Count} answers were under {MockAnswerAssessor.MinimumWords} words, e.g. ") + Cite(short_[0].Sentences[0]) + ".");
        }
        foreach (var rambling in r.Answers.Where(a => a.Signals.Rambling).Take(2))
        {
            weaknesses.Add(Invariant($"Rambled in turn {rambling.FirstTurn}: {rambling.Signals.Words} words, {rambling.Signals.AverageSentenceWords:0} per sentence; lead with the point."));
        }
        var noResult = r.BehaviouralAnswers.Where(a => !a.Signals.Result).ToList();
        if (noResult.Count > 0)
        {
            weaknesses.Add(Invariant($"{noResult.Count} of {r.BehaviouralAnswers.Count} behavioural answers stated no result, e.g. the answer at turn {noResult[0].FirstTurn} to \"{Excerpt(noResult[0].Question)}\"."));
        }
        var team = r.Answers.Where(a => !a.Owned && a.Signals.TeamMentions > 0).ToList();
        if (team.Count > 0)
        {
            var sentence = team[0].Sentences.FirstOrDefault(s => s.Signals.TeamMentions > 0) ?? team[0].Sentences[0];
            weaknesses.Add(Invariant($"Described what the team did rather than their own part in {team.Count} answers, e.g. ") + Cite(sentence) + ".");
        }
        if (r.Answers.All(a => !a.Signals.Number))
        {
            weaknesses.Add("Gave no numbers anywhere: no scale, result or measure was quantified.");
        }
        var technical = r.Answers.Where(a => a.Technical).ToList();
        if (technical.Count > 0 && technical.All(a => !a.Signals.TradeOff && !a.Cues.Alternatives))
        {
            weaknesses.Add(Invariant($"Weighed no trade-offs or alternatives in {technical.Count} technical answers, e.g. ") + Cite(technical[0].Sentences[0]) + ".");
        }
        if (r.Topics.Count > 0)
        {
            var missing = r.Topics.Except(r.CoveredTopics, StringComparer.Ordinal).ToList();
            if (missing.Count * 2 > r.Topics.Count)
            {
                weaknesses.Add(Invariant($"Did not mention {missing.Count} of the role's {r.Topics.Count} topics: {string.Join(", ", missing)}."));
            }
        }
        return weaknesses;
    }

    // ---- Quotes ----

    /// <summary>
    /// Up to <see cref="QuotesPerDimension"/> quotes: for a good score the sentences that earned it first, for a poor
    /// one those that cost it; the other side fills the rest. Never empty while there are answers.
    /// </summary>
    private static List<TranscriptQuote> Quotes(int score, IEnumerable<Sentence> good, IEnumerable<Sentence> bad, Reading r)
    {
        var (first, second) = score >= 6 ? (good, bad) : (bad, good);
        var primary = first.DistinctBy(s => (s.Turn, s.Text)).Take(QuotesPerDimension - 1).ToList();
        var chosen = primary.Concat(second.Where(s => !primary.Contains(s)).DistinctBy(s => (s.Turn, s.Text)).Take(1)).ToList();
        if (chosen.Count < QuotesPerDimension)
        {
            chosen.AddRange(first.Where(s => !chosen.Contains(s)).DistinctBy(s => (s.Turn, s.Text)).Take(QuotesPerDimension - chosen.Count));
        }
        if (chosen.Count == 0)
        {
            chosen.Add(r.Sentences[0]);
        }
        return [.. chosen.OrderBy(s => s.Turn).Select(s => new TranscriptQuote(s.Turn, s.Speaker, Excerpt(s.Text)))];
    }

    private static string Cite(Sentence s) => Invariant($"turn {s.Turn}: \"{Excerpt(s.Text)}\"");

    private static string Excerpt(string text)
    {
        var flat = Whitespace().Replace(text ?? "", " ").Trim();
        if (flat.Length <= QuoteLength)
        {
            return flat;
        }
        var cut = flat.LastIndexOf(' ', QuoteLength - 1);
        return flat[..(cut > QuoteLength / 2 ? cut : QuoteLength - 1)] + "…";
    }

    /// <summary>Full credit at half the answers or more, proportionally less below.</summary>
    private static double Credit(int count, int total) => total == 0 ? 0 : Math.Min(1, count / Math.Ceiling(total / 2.0));

    private static int Clamp(double value) => (int)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 1, 10);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\b(tell me about a time|describe a (time|situation)|give me an example|an example of (a time|when)|walk me through a (time|situation)|how did you (handle|deal)|have you ever|a time when|a situation where)\b")]
    private static partial Regex BehaviouralQuestion();

    [GeneratedRegex(@"\b(tests?|tested|testing|unit tests?|integration tests?|load test(s|ed|ing)?|benchmark(s|ed)?|verif(y|ied)|validat(e|ed|ion)|monitor(ed|ing)?|metrics|canary|roll ?back)\b")]
    private static partial Regex TestingCue();

    [GeneratedRegex(@"\b(alternatives?|alternatively|another (option|approach|way)|instead|considered|compared|versus|vs|rather than|option (a|b|one|two)|we could have|i could have)\b")]
    private static partial Regex AlternativesCue();

    [GeneratedRegex(@"\b(first|firstly|second|secondly|then|next|finally|after that)\b")]
    private static partial Regex StepsCue();

    [GeneratedRegex(@"\bstep (one|two|1|2)\b|\bsteps?:")]
    private static partial Regex StepCue();

    [GeneratedRegex(@"\b(because|so that|which means|therefore|since|that is why|the reason)\b")]
    private static partial Regex ReasoningCue();

    [GeneratedRegex(@"\b(for example|for instance|such as|e\.g\.)")]
    private static partial Regex ExampleCue();

    [GeneratedRegex(@"(?<=[.!?])\s+|\n+")]
    private static partial Regex SentenceSplit();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
