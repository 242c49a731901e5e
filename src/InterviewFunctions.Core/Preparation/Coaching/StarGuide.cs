namespace InterviewFunctions.Core.Preparation.Coaching;

/// <param name="Share">Roughly how much of the answer this part takes, in percent.</param>
public sealed record StarStep(string Letter, string Name, string WhatToCover, int Share, string Pitfall);

public sealed record StarExample(string Question, string Situation, string Task, string Action, string Result, IReadOnlyList<string> WhyItWorks);

/// <param name="Seconds">Where the part starts and ends in a two-and-a-half-minute answer.</param>
public sealed record StarTimingMark(string Part, string Seconds);

public sealed record StarTiming(int MinMinutes, int MaxMinutes, string Rule, IReadOnlyList<StarTimingMark> Marks);

public sealed record StarGuide(string Summary, IReadOnlyList<StarStep> Steps, StarTiming Timing, StarExample Example, IReadOnlyList<string> Mistakes);

/// <summary>How to answer "tell me about a time when…" questions with the STAR method.</summary>
public static class StarMethod
{
    public static StarGuide Guide { get; } = new(
        "STAR turns a memory into an answer an interviewer can score: the Situation and the Task set the scene in a few " +
        "sentences, the Action is what you personally did and takes most of the time, and the Result closes with what " +
        "changed, in numbers where you have them.",
        [
            new("S", "Situation", "Where and when, who was involved, and what was at stake. Two or three sentences; only what the listener needs to follow.", 15,
                "Spending a minute on background. If the interviewer needs more context, they will ask."),
            new("T", "Task", "What you were responsible for, or the goal you set yourself, and why it was hard (a deadline, a constraint, a conflict).", 10,
                "Describing the team's goal without saying what was yours."),
            new("A", "Action", "The steps you took, in order, and why you chose them over the alternatives. Say \"I\", name the decisions, mention the people you had to bring along.", 60,
                "Saying \"we\" throughout, so the interviewer cannot tell what you did."),
            new("R", "Result", "What happened because of your actions: a number, a date, a quote from a customer or manager. Add what you learned or would do differently.", 15,
                "Stopping at \"it went well\". No outcome means no evidence."),
        ],
        new(2, 3,
            "Aim for two to three minutes per story. Under two minutes usually means the actions are missing; over three, the listener stops tracking. Stop after the result and let the interviewer ask a follow-up.",
            [
                new("Situation", "0:00 to 0:20"),
                new("Task", "0:20 to 0:35"),
                new("Action", "0:35 to 2:05"),
                new("Result and lesson", "2:05 to 2:30"),
            ]),
        new("Tell me about a time you had to deliver something important with too little time.",
            "Last spring our clinic's appointment system was being replaced, and two weeks before go-live the vendor told us the patient reminder texts would not migrate. About 1,800 patients a week relied on them.",
            "As the operations coordinator I owned the go-live checklist, so I had to find a way to keep reminders going without delaying the launch.",
            "I first asked the vendor exactly which data would move, and learned that phone numbers and appointment times would, but the message templates would not. " +
            "I rebuilt the four templates in the new system myself and asked two receptionists to test them against their own phones. " +
            "Because the new system could not send texts for the first week, I exported the next week's appointments each morning and set up a daily batch send through our existing SMS account. " +
            "I wrote a one-page guide so that the evening shift could run it if I was off, and I told the practice manager each day how many reminders had gone out.",
            "We went live on the planned date, no patient missed a reminder, and the no-show rate that month stayed at 6 percent, the same as before. The manager asked me to lead the checklist for the next system change. " +
            "I learned to ask vendors for a field-by-field migration list at the start, not the end.",
            [
                "The situation and task take under thirty seconds and give the stakes (1,800 patients a week).",
                "Every action starts with \"I\" and says why it was needed.",
                "The result has a number, a date and a consequence, and ends with a lesson.",
            ]),
        [
            "Picking a story with no conflict or difficulty: nothing to decide means nothing to show.",
            "Telling a story whose result you cannot state; choose another story or say what you measured afterwards.",
            "Using the same story for every question. Prepare six to eight stories and map each to the competencies the job asks for.",
            "Memorising a script. Memorise the four beats and the numbers, then tell it in your own words.",
        ]);
}
