namespace InterviewFunctions.Core.Preparation.Coaching;

public sealed record AnswerFramework(string Question, IReadOnlyList<string> Steps, string Example, IReadOnlyList<string> Avoid);

public sealed record StrengthsAndWeaknessesGuide(AnswerFramework Strengths, AnswerFramework Weaknesses);

/// <summary>How to answer "What are your strengths?" and "What is your greatest weakness?".</summary>
public static class StrengthsAndWeaknesses
{
    public static StrengthsAndWeaknessesGuide Guide { get; } = new(
        new("What are your greatest strengths?",
            [
                "Pick two or three strengths that the job description asks for, not your favourite qualities.",
                "Name each in a few words, then prove it with a short example that has a result.",
                "Connect it to the role: say where in this job the strength would help.",
            ],
            "\"I am good at turning messy information into a plan people can follow. In my last role the warehouse had three different pick lists; " +
            "I merged them into one schedule, which cut picking errors by a third in two months. In this role, with several sites reporting to one planner, that is the first thing I would bring.\"",
            [
                "Lists of adjectives (\"hard-working, passionate, detail-oriented\") with no evidence.",
                "Strengths unrelated to the job.",
                "False modesty; state the strength plainly and let the example carry it.",
            ]),
        new("What is your greatest weakness?",
            [
                "Choose a real weakness that matters but is not central to the role.",
                "Show that you noticed it: say how it showed up and what it cost.",
                "Describe the concrete steps you are taking, and the evidence that they work.",
                "Finish with where you are now, briefly; do not turn it back into a strength.",
            ],
            "\"I used to say yes to every request, and in my first year I missed two deadlines because I had taken on too much. " +
            "Now I keep a visible list of my commitments and, when someone asks for something new, I ask which current task it should replace. " +
            "In the last six months I have delivered every project on its agreed date.\"",
            [
                "Disguised strengths such as \"I work too hard\" or \"I am a perfectionist\"; interviewers hear them as evasive.",
                "A weakness that is a core requirement of the job.",
                "A weakness with no plan to improve it.",
            ]));
}
