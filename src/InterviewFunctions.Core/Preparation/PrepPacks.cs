using InterviewFunctions.Core.Calendar;
using InterviewFunctions.Core.Interviews;

namespace InterviewFunctions.Core.Preparation;

public enum PrepPackKind
{
    /// <summary>Days ahead: learn about the company.</summary>
    Research,

    /// <summary>The day before: stories and questions.</summary>
    Stories,

    /// <summary>Hours before: getting there, or getting connected.</summary>
    Logistics,
}

/// <param name="Introduction">One sentence that says why this, now.</param>
public sealed record PrepPack(PrepPackKind Kind, string Title, string Introduction, IReadOnlyList<PrepItem> Items);

/// <summary>What to do with the time left before an interview, chosen by how long that is.</summary>
public static class PrepPacks
{
    /// <summary>From this far ahead there is time to research the company.</summary>
    public static readonly TimeSpan ResearchFrom = TimeSpan.FromHours(72);

    /// <summary>From this close it is time for logistics only.</summary>
    public static readonly TimeSpan LogisticsFrom = TimeSpan.FromHours(2);

    public static PrepPackKind KindFor(TimeSpan timeLeft) =>
        timeLeft >= ResearchFrom ? PrepPackKind.Research
        : timeLeft > LogisticsFrom ? PrepPackKind.Stories
        : PrepPackKind.Logistics;

    /// <summary>The pack for a reminder sent this long before the interview. Logistics depend on whether the candidate travels, joins a link or takes a call.</summary>
    public static PrepPack For(Interview interview, TimeSpan timeLeft)
    {
        ArgumentNullException.ThrowIfNull(interview);
        return KindFor(timeLeft) switch
        {
            PrepPackKind.Research => Research,
            PrepPackKind.Stories => Stories,
            _ => Logistics(interview),
        };
    }

    private static readonly PrepPack Research = new(
        PrepPackKind.Research,
        "Research the company",
        "You have a few days: learn enough about the company to talk about it like an insider.",
        [
            new("research-mission", "Read the mission and values on the company's site; note one that matters to you."),
            new("research-products", "Learn the main products or services, who buys them and how the company makes money."),
            new("research-news", "Scan the last six months of news: launches, funding, results, leadership changes."),
            new("research-competitors", "Name two or three competitors and what sets this company apart."),
            new("research-team", "Look up the team and your interviewers: their roles, backgrounds and recent work."),
            new("research-role-impact", "Work out how this role helps the company succeed, and say it in one sentence."),
        ]);

    private static readonly PrepPack Stories = new(
        PrepPackKind.Stories,
        "Stories and questions",
        "One day to go: rehearse your stories and prepare your questions.",
        [
            new("stories-star", "Shape each story as STAR: the Situation, your Task, the Actions you took, the Result (with numbers)."),
            new("stories-five", "Prepare five stories: a success, a failure, a conflict, leadership and a tough deadline."),
            new("stories-rehearse", "Tell each story aloud in under two minutes; cut the background, keep the actions."),
            new("stories-questions", "Prepare questions: what does success look like in 90 days, what is the team's biggest challenge, what are the next steps?"),
            new("stories-rest", "Lay out what you need for tomorrow and get a good night's sleep."),
        ]);

    private static PrepPack Logistics(Interview interview)
    {
        var inPerson = !string.IsNullOrWhiteSpace(interview.Location) && interview.Type != InterviewType.VideoInterview && interview.Type != InterviewType.PhoneScreen;
        var online = IcsCalendar.MeetingUri(interview) is not null;
        var items = new List<PrepItem>();
        if (inPerson)
        {
            items.Add(new("logistics-route", "Check the route and traffic now, and leave with time to spare."));
            items.Add(new("logistics-id", "Take photo ID, printed resumes and your contact's name."));
        }
        if (online)
        {
            items.Add(new("logistics-link", "Open the meeting link now, and check camera, microphone and speakers."));
        }
        if (interview.Type == InterviewType.PhoneScreen && !online)
        {
            items.Add(new("logistics-phone", "Keep the ringer on and stay where the signal is good."));
        }
        items.Add(new("logistics-devices", "Charge your phone and laptop; keep a charger within reach."));
        if (!inPerson)
        {
            items.Add(new("logistics-quiet-room", "Find a quiet room, close the door and silence notifications."));
        }
        items.Add(new("logistics-water", "Have water, a pen and paper at hand."));
        items.Add(new("logistics-breathe", "Take five minutes to review your notes, then breathe and relax."));
        return new(PrepPackKind.Logistics, "Logistics and tech check", "Almost time: make sure nothing practical gets in the way.", items);
    }
}
