namespace InterviewFunctions.Core.Preparation.Mock;

/// <summary>
/// The interviewer's words about an assessment, in the persona's voice. Every persona names the same gaps; the
/// ruthless one states them, the helpful one adds a concrete next step, the discovery one asks the question that
/// leads to them.
/// </summary>
public static class MockFeedback
{
    public static string Write(MockAssessment assessment, MockPersona persona)
    {
        var lines = new List<string>();
        var covered = assessment.Covered.Count > 0 ? string.Join(", ", assessment.Covered) : null;
        var notCovered = string.Join(", ", assessment.NotCovered.Take(3));
        switch (persona)
        {
            case MockPersona.Ruthless:
                lines.Add(assessment.Missing.Count == 0 ? "Acceptable." : $"Weak spots: {assessment.Missing.Count}.");
                break;
            case MockPersona.Helpful:
                lines.Add(covered is null ? "Thanks, that gives us something to work with." : $"Good: you covered {covered}.");
                break;
            default:
                lines.Add(covered is null ? "Let's dig into that." : $"You touched on {covered}.");
                break;
        }
        foreach (var gap in assessment.Missing)
        {
            lines.Add(Line(gap, persona, notCovered));
        }
        if (assessment.Missing.Count == 0)
        {
            lines.Add(persona switch
            {
                MockPersona.Ruthless => "Next.",
                MockPersona.Helpful => "That is a strong answer. Next step: practise saying it in under two minutes.",
                _ => "If the interviewer asked why that mattered most, what would you say?",
            });
        }
        return string.Join(" ", lines);
    }

    /// <summary>The interviewer's follow-up question about a gap, the same in every voice.</summary>
    public static string FollowUpQuestion(MockGap gap, MockQuestion question, IReadOnlyList<string> notCovered) => gap switch
    {
        MockGap.OwnAction => "You told me what the team did. What did you do yourself, step by step?",
        MockGap.Result => "How did it end? What changed because of it, and by how much?",
        MockGap.Number => question.Type == Bank.QuestionType.Technical
            ? "Put numbers on it: what load, data volume or latency are you designing for?"
            : "Can you put a number on it: how much, how many or how fast, before and after?",
        MockGap.Situation => "Set the scene first: where were you, when, and what was at stake?",
        MockGap.Complexity => "What are the time and space complexity of your approach?",
        MockGap.EdgeCases => "Which inputs would break it? Walk me through the edge cases.",
        MockGap.TradeOff => "What would you give up with that approach, and when would you choose differently?",
        MockGap.KeyPoints when notCovered.Count > 0 => $"How do {string.Join(" and ", notCovered.Take(2))} come into this?",
        _ => "What would you add to make that answer complete?",
    };

    /// <summary>The follow-up answer's verdict on the gap it was asked about.</summary>
    public static string FollowUpVerdict(MockGap gap, bool closed, MockPersona persona) => (closed, persona) switch
    {
        (true, MockPersona.Ruthless) => "Gap closed.",
        (true, MockPersona.Helpful) => "That fills the gap; lead with it next time.",
        (true, _) => "Now you have it. Where would that fit in your first answer?",
        (false, _) => "Still missing: " + Line(gap, persona, ""),
    };

    private static string Line(MockGap gap, MockPersona persona, string notCovered) => (gap, persona) switch
    {
        (MockGap.Result, MockPersona.Ruthless) => "No result: say what changed and by how much.",
        (MockGap.Result, MockPersona.Helpful) => "No result yet: say what changed and by how much, for example 'cut the backlog from 40 to 12 in three weeks'.",
        (MockGap.Result, _) => "What changed because of what you did, and by how much?",
        (MockGap.Number, MockPersona.Ruthless) => "No number.",
        (MockGap.Number, MockPersona.Helpful) => "No number yet: add one (a percentage, a count, time saved, load or scale) so the interviewer can weigh it.",
        (MockGap.Number, _) => "How would you measure that, and what would the measurement show?",
        (MockGap.OwnAction, MockPersona.Ruthless) => "You described the team, not your own action.",
        (MockGap.OwnAction, MockPersona.Helpful) => "You described the team, not your own action: say what you yourself did, with 'I', the decision you made and the step you took.",
        (MockGap.OwnAction, _) => "Which of those steps were yours, and what would have happened without you?",
        (MockGap.Situation, MockPersona.Ruthless) => "No situation: no context.",
        (MockGap.Situation, MockPersona.Helpful) => "No situation: open with one or two sentences on where you were and what was at stake.",
        (MockGap.Situation, _) => "Where and when was this, and why did it matter?",
        (MockGap.KeyPoints, MockPersona.Ruthless) => $"Missed key points: {notCovered}.",
        (MockGap.KeyPoints, MockPersona.Helpful) => $"Missed key points: cover {notCovered}; the notes for this question expect them.",
        (MockGap.KeyPoints, _) => $"How would {notCovered} change your answer?",
        (MockGap.TradeOff, MockPersona.Ruthless) => "No trade-offs.",
        (MockGap.TradeOff, MockPersona.Helpful) => "No trade-offs: say what your choice costs and when you would choose differently; that shows judgement.",
        (MockGap.TradeOff, _) => "What would you lose with that choice, and when would another be better?",
        (MockGap.Complexity, MockPersona.Ruthless) => "No complexity.",
        (MockGap.Complexity, MockPersona.Helpful) => "No complexity: state the time and space complexity, for example O(n log n) time and O(n) space.",
        (MockGap.Complexity, _) => "How does the running time grow when the input doubles?",
        (MockGap.EdgeCases, MockPersona.Ruthless) => "No edge cases.",
        (MockGap.EdgeCases, MockPersona.Helpful) => "No edge cases: walk through empty input, duplicates and overflow, and how your code handles them.",
        (MockGap.EdgeCases, _) => "What happens with an empty input, or with duplicates?",
        (MockGap.TooShort, MockPersona.Ruthless) => "Too short.",
        (MockGap.TooShort, MockPersona.Helpful) => "Too short: give it more, about 80 to 250 words, a minute or two of speaking.",
        (MockGap.TooShort, _) => "What else would the interviewer need to hear to believe it?",
        (MockGap.Rambling, MockPersona.Ruthless) => "Rambling. Cut to the point.",
        (MockGap.Rambling, MockPersona.Helpful) => "Rambling: lead with the point, then the detail, and stay under 300 words.",
        (MockGap.Rambling, _) => "If you had sixty seconds, which parts would you keep?",
        (MockGap.Hedging, MockPersona.Ruthless) => "Too much hedging. Commit.",
        (MockGap.Hedging, MockPersona.Helpful) => "Hedging: drop 'maybe' and 'I think' and say it with conviction.",
        (_, _) => "How sure are you? What would let you say it without 'maybe'?",
    };
}
