using InterviewFunctions.Core.Interviews;

namespace InterviewFunctions.Core.Preparation.Coaching;

/// <param name="ExpectedDuration">How long this kind of interview usually runs, as a person would say it.</param>
/// <param name="Timing">How the time is usually spent, in order.</param>
public sealed record TypeTips(InterviewType Type, string Title, int TypicalMinMinutes, int TypicalMaxMinutes, string ExpectedDuration, IReadOnlyList<string> KeyTips, IReadOnlyList<string> Timing);

/// <summary>What each type of interview is like and how to do well in it.</summary>
public static class InterviewTypeTips
{
    public static TypeTips For(InterviewType type) => type switch
    {
        InterviewType.PhoneScreen => new(type, type.Title(), 15, 30, "15 to 30 minutes",
            [
                "Have your resume, the job posting and a short list of achievements in front of you.",
                "Open with a one-minute summary of who you are and why this role; the screener is checking fit and interest.",
                "Answer in short paragraphs and pause: without video the caller cannot see that you have finished.",
                "Be ready for logistics: salary range, notice period, location and work authorisation.",
                "Ask what the next stage looks like and who you would meet.",
            ],
            [
                "2 minutes: introductions and the caller's overview of the role.",
                "10 to 15 minutes: your background, motivation and a few screening questions.",
                "3 to 5 minutes: salary, availability and logistics.",
                "3 to 5 minutes: your questions and next steps.",
            ]),
        InterviewType.VideoInterview => new(type, type.Title(), 30, 60, "30 to 60 minutes",
            [
                "Join two minutes early with camera, microphone and the meeting app already tested.",
                "Look at the camera when you make a key point, not at the faces on the screen.",
                "Keep answers a little shorter than in person; video makes long answers feel longer.",
                "Keep a notes page beside the camera with your stories and questions, and glance rather than read.",
                "If the connection drops, rejoin at once and repeat your last sentence briefly.",
            ],
            [
                "5 minutes: introductions and small talk while everyone joins.",
                "30 to 40 minutes: questions about your experience and behavioural questions.",
                "5 to 10 minutes: your questions.",
                "2 minutes: next steps and thanks.",
            ]),
        InterviewType.Technical => new(type, type.Title(), 45, 90, "45 to 90 minutes",
            [
                "Restate the problem and ask clarifying questions before you write anything.",
                "Say your first, simple solution out loud, then improve it; a working answer beats an unfinished clever one.",
                "Think aloud: the interviewer scores how you reason, not only the final code.",
                "Test your solution with a small example and an edge case before you say you are done.",
                "State time and space complexity without being asked, and name the trade-off you chose.",
            ],
            [
                "5 minutes: introductions and a short look at your background.",
                "30 to 60 minutes: one or two problems (coding, design or domain), with follow-ups.",
                "5 to 10 minutes: discussion of a past project or technical decision.",
                "5 minutes: your questions.",
            ]),
        InterviewType.Behavioral => new(type, type.Title(), 45, 60, "45 to 60 minutes",
            [
                "Prepare six to eight STAR stories that together cover the competencies in the job description.",
                "Keep each answer to two or three minutes and spend most of it on your own actions.",
                "Say \"I\" for what you did; credit the team, but make your part clear.",
                "Have a story about a failure or a mistake ready, with what you changed afterwards.",
                "If you have no example, say so and describe what you would do, then relate it to something close.",
            ],
            [
                "5 minutes: introductions and the interviewer's overview.",
                "35 to 45 minutes: five to eight behavioural questions with follow-ups.",
                "5 to 10 minutes: your questions.",
            ]),
        InterviewType.OnSite => new(type, type.Title(), 180, 360, "3 to 6 hours, often a series of interviews",
            [
                "Ask for the agenda beforehand: who you meet, in what order, and what each session covers.",
                "Treat every conversation as part of the interview, including lunch and the walk between rooms.",
                "Reset between sessions: a new interviewer has not heard your best stories, so tell them again.",
                "Bring printed resumes, your portfolio or work samples, water and a notebook.",
                "Note each interviewer's name and one thing you discussed, for your thank-you notes.",
            ],
            [
                "Arrive 10 to 15 minutes early for reception and security.",
                "45 to 60 minutes per session, usually three to five sessions.",
                "A lunch or coffee with the team, which is informal but still observed.",
                "A closing conversation with the recruiter or hiring manager.",
            ]),
        InterviewType.Panel => new(type, type.Title(), 45, 90, "45 to 90 minutes",
            [
                "Learn each panellist's role beforehand and guess what each will care about.",
                "Answer the person who asked, then bring the rest of the panel in with your eye contact.",
                "Use names when you refer back to someone's question.",
                "Expect a mix of technical, behavioural and situational questions; panels split the topics.",
                "Ask one question that is aimed at a specific panellist's area.",
            ],
            [
                "5 minutes: the chair introduces the panel and the format.",
                "35 to 70 minutes: questions in turn from each panellist.",
                "5 to 10 minutes: your questions to the panel.",
            ]),
        InterviewType.FinalRound => new(type, type.Title(), 45, 120, "45 minutes to 2 hours",
            [
                "Expect senior people and broader questions: motivation, judgement, how you would shape the role.",
                "Recap what you learned in earlier rounds and bring a specific idea for your first months.",
                "Address any concern raised earlier before you are asked about it.",
                "Be ready to discuss compensation and start date, with your numbers decided beforehand.",
                "Close by stating clearly that you want the job and why.",
            ],
            [
                "5 minutes: introductions.",
                "30 to 60 minutes: conversation on vision, fit and how you would approach the role.",
                "10 to 20 minutes: your questions to leadership.",
                "5 minutes: next steps, references and the timeline for an offer.",
            ]),
        InterviewType.Debrief => new(type, type.Title(), 15, 45, "15 to 45 minutes",
            [
                "Bring notes from each round: what went well and what felt hard.",
                "Ask which strengths stood out and what would have made your answers stronger.",
                "Listen first; ask follow-up questions instead of defending your answers.",
                "Confirm the decision timeline and who your contact is from here.",
                "Thank them and write down the feedback while it is fresh.",
            ],
            [
                "5 minutes: the outcome or where the process stands.",
                "10 to 30 minutes: feedback from the rounds and your questions about it.",
                "5 minutes: next steps.",
            ]),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static IReadOnlyList<TypeTips> All { get; } = [.. Enum.GetValues<InterviewType>().Select(For)];
}
