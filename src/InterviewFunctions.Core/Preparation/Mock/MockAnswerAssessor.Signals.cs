namespace InterviewFunctions.Core.Preparation.Mock;

/// <summary>
/// The cues <see cref="MockAnswerAssessor"/> reads in an answer, before any question's notes are applied: what the
/// answer does (sets a situation, names the candidate's own action, states a result, gives a number, weighs a
/// trade-off) rather than what it is about. The interview evaluator reads transcripts with the same cues, so that
/// practice feedback and interview evaluation mean the same thing by "a result" or "hedging".
/// </summary>
/// <param name="OwnActions">"I" followed by a verb of doing.</param>
/// <param name="Plans">"I would", "I'll": the candidate's own action in a hypothetical or design answer.</param>
/// <param name="TeamMentions">"we", "the team", "they": a story told about others.</param>
/// <param name="AverageSentenceWords">Words per sentence, on average.</param>
public sealed record AnswerSignals(
    int Words,
    double AverageSentenceWords,
    bool Situation,
    bool Task,
    int OwnActions,
    int Plans,
    int TeamMentions,
    bool Result,
    bool Number,
    bool TradeOff,
    bool Complexity,
    bool EdgeCases,
    int Hedges)
{
    /// <summary>The candidate's own action carries the story: at least one, and the team not mentioned twice as often.</summary>
    public bool OwnAction => OwnActions > 0 && TeamMentions <= 2 * OwnActions;

    /// <summary>As <see cref="OwnAction"/>, counting what the candidate says they would do: how a situational or design answer owns its plan.</summary>
    public bool OwnsPlan => OwnActions + Plans > 0 && TeamMentions <= 2 * (OwnActions + Plans);

    /// <summary>How many of situation, task, action and result the answer has.</summary>
    public int StarParts => (Situation ? 1 : 0) + (Task ? 1 : 0) + (OwnAction ? 1 : 0) + (Result ? 1 : 0);

    public bool TooShort => Words < MockAnswerAssessor.MinimumWords;

    /// <summary>The mock rubric's rambling: over its word limit, or sentences over 45 words on average.</summary>
    public bool Rambling => Words > MockAnswerAssessor.RamblingWords || AverageSentenceWords > 45;
}

public static partial class MockAnswerAssessor
{
    /// <summary>The cues in <paramref name="answer"/>, with the same rules <see cref="Assess"/> uses.</summary>
    public static AnswerSignals Signals(string answer)
    {
        var text = Normalize(answer);
        var words = WordsOf(text).Count;
        var sentences = Math.Max(1, SentenceEnd().Count(answer.TrimEnd('.', '!', '?')) + 1);
        return new AnswerSignals(
            words,
            words / (double)sentences,
            SituationCue().IsMatch(text),
            TaskCue().IsMatch(text),
            OwnActionCue().Count(text),
            WouldCue().Count(text),
            TeamCue().Count(text),
            ResultCue().IsMatch(text),
            NumberCue().IsMatch(text),
            TradeOffCue().IsMatch(text),
            ComplexityCue().IsMatch(text),
            EdgeCaseCue().IsMatch(text),
            HedgeCue().Count(text));
    }

    /// <summary>The hedging phrases in the answer, lower-case, in order: what a reviewer would point at.</summary>
    public static IReadOnlyList<string> HedgesIn(string answer) =>
        [.. HedgeCue().Matches(Normalize(answer)).Select(m => m.Value)];
}
