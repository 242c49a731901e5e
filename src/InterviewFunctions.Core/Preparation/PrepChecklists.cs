using InterviewFunctions.Core.Interviews;

namespace InterviewFunctions.Core.Preparation;

/// <param name="Id">Stable across releases: candidates tick items by id, so an id is never reused for another item.</param>
public sealed record PrepItem(string Id, string Text);

/// <summary>What to prepare for an interview: a base list for every interview plus the additions for its type.</summary>
public static class PrepChecklists
{
    public static IReadOnlyList<PrepItem> Base { get; } =
    [
        new("base-job-description", "Re-read the job description and match your experience to its top five requirements."),
        new("base-resume", "Know every line of your resume well enough to talk about it for two minutes."),
        new("base-introduction", "Prepare a two-minute introduction: who you are, what you have done, why this role."),
        new("base-why-company", "Have a clear, specific answer to \"Why do you want to work here?\""),
        new("base-questions", "Write down three questions to ask the interviewer."),
        new("base-calendar", "Check the time in your own time zone and put it in your calendar."),
        new("base-contact", "Keep a contact's email or phone number handy in case you are delayed."),
    ];

    /// <summary>The items that only this type of interview needs.</summary>
    public static IReadOnlyList<PrepItem> ForType(InterviewType type) => type switch
    {
        InterviewType.PhoneScreen =>
        [
            new("phone-quiet-place", "Take the call somewhere quiet with good signal, phone charged."),
            new("phone-notes", "Keep your resume and a few notes in front of you; the caller cannot see them."),
            new("phone-salary", "Know your salary expectations as a range; screens often ask."),
            new("phone-availability", "Know your notice period and when you could start."),
            new("phone-voice", "Stand or sit up and smile while you talk: it carries in your voice."),
        ],
        InterviewType.VideoInterview =>
        [
            new("video-camera", "Put the camera at eye level and look into it when you speak."),
            new("video-audio", "Test your microphone and use headphones to avoid echo."),
            new("video-lighting", "Face a window or a lamp; avoid a bright light behind you."),
            new("video-background", "Choose a tidy, plain background or a neutral blur."),
            new("video-software", "Install and test the meeting app the day before, signed in with your name."),
            new("video-notifications", "Silence notifications and close other apps."),
        ],
        InterviewType.Technical =>
        [
            new("tech-coding-practice", "Solve a few timed problems in the language you will use."),
            new("tech-data-structures", "Review arrays, hash maps, trees, graphs and heaps, with their time and space costs."),
            new("tech-algorithms", "Practise sorting, searching, two pointers, BFS/DFS and dynamic programming."),
            new("tech-api-design", "Sketch a REST API: resources, status codes, errors, pagination and versioning."),
            new("tech-system-design", "Design a system end to end: storage, caching, scaling and what happens when parts fail."),
            new("tech-think-aloud", "Practise thinking aloud, asking clarifying questions and testing your own code."),
            new("tech-project-deep-dive", "Prepare a deep dive into one project you built: choices, trade-offs, results."),
        ],
        InterviewType.Behavioral =>
        [
            new("behav-conflict", "A story about a disagreement with a colleague and how you resolved it."),
            new("behav-leadership", "A story where you led people or a change, with or without the title."),
            new("behav-failure", "A mistake you made, what you learned and what you now do differently."),
            new("behav-success", "Your proudest result, with numbers."),
            new("behav-feedback", "Feedback you received and how you acted on it."),
            new("behav-values", "Read the company's values and match one story to each."),
        ],
        InterviewType.OnSite =>
        [
            new("onsite-route", "Plan the route and travel time; aim to arrive 10 to 15 minutes early."),
            new("onsite-portfolio", "Bring printed copies of your resume and your portfolio or work samples."),
            new("onsite-dress", "Pick an outfit that matches the company's dress code and lay it out the night before."),
            new("onsite-id", "Bring photo ID for reception and the name of your contact."),
            new("onsite-agenda", "Ask for the day's agenda and the names of the people you will meet."),
            new("onsite-energy", "Bring water and a snack; on-site days are long."),
        ],
        InterviewType.Panel =>
        [
            new("panel-who", "Find out who is on the panel and what each person does."),
            new("panel-story-per-role", "Prepare one story for each panel role: a manager (delivery), a peer (collaboration), a specialist (depth)."),
            new("panel-everyone", "Answer the person who asked, then include the whole panel with your eyes."),
            new("panel-names", "Note everyone's name so that you can address and thank each of them."),
        ],
        InterviewType.FinalRound =>
        [
            new("final-compensation", "Research the salary band and know your numbers: base, bonus, equity, benefits, start date."),
            new("final-leadership-questions", "Prepare questions for leadership: strategy, the team's biggest challenge, what success looks like in a year."),
            new("final-recap", "Recap what you learned in earlier rounds and be ready to address any concern raised."),
            new("final-references", "Have two or three references ready and tell them to expect a call."),
            new("final-decision", "Decide what would make you say yes, and what you would negotiate."),
        ],
        InterviewType.Debrief =>
        [
            new("debrief-notes", "Bring your notes from each round: what went well, what felt hard."),
            new("debrief-feedback", "Ask for specific feedback: which strengths stood out and what to improve."),
            new("debrief-listen", "Listen openly and ask follow-up questions rather than defend your answers."),
            new("debrief-next-steps", "Confirm the next steps, the timeline and who your contact is."),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The whole checklist for an interview of this type: the base items, then the type's own.</summary>
    public static IReadOnlyList<PrepItem> For(InterviewType type) => [.. Base, .. ForType(type)];

    /// <summary>Every item id that exists, for validating the ids a candidate ticks.</summary>
    public static IReadOnlySet<string> AllIds { get; } =
        new HashSet<string>(Base.Concat(Enum.GetValues<InterviewType>().SelectMany(ForType)).Select(i => i.Id), StringComparer.Ordinal);
}
