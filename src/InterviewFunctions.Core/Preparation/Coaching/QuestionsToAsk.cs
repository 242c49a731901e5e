namespace InterviewFunctions.Core.Preparation.Coaching;

/// <param name="Why">What the answer tells you, so that you can listen for it.</param>
public sealed record QuestionToAsk(string Text, string Why);

public sealed record QuestionTheme(string Id, string Name, IReadOnlyList<QuestionToAsk> Questions);

/// <summary>Questions a candidate can ask the interviewer, grouped by what they find out.</summary>
public static class QuestionsToAsk
{
    public static IReadOnlyList<QuestionTheme> Themes { get; } =
    [
        new("role", "The role",
        [
            new("What would a typical week in this role look like?", "Separates the job as advertised from the job as done."),
            new("What is the most urgent problem you would want the new person to take on?", "Shows where you can make an early impact, and how clearly the need is understood."),
            new("Why is this position open?", "Growth, a departure or a reorganisation each mean something different for you."),
        ]),
        new("success", "Success and expectations",
        [
            new("What would you expect me to have achieved after 90 days, and after a year?", "Turns vague expectations into milestones you can plan against."),
            new("How is performance in this role measured?", "Tells you whether success is judged by numbers, by peers or by a manager's impression."),
            new("What have the people who did well in this team done differently?", "Describes the behaviours the team rewards."),
        ]),
        new("team", "The team",
        [
            new("Who would I work with most closely, and how does the team split its work?", "Shows the collaboration you would be part of day to day."),
            new("How does the team handle disagreements about priorities or approach?", "A concrete answer suggests a healthy way of working; a vague one may hide friction."),
            new("How long have people on the team been here?", "Long tenure suggests stability; high turnover is worth a follow-up question."),
        ]),
        new("growth", "Learning and growth",
        [
            new("How do people in this team learn new skills: courses, mentoring, stretch projects?", "Tells you whether development is planned or left to chance."),
            new("Where have people who held this role moved on to?", "Shows the career paths the role opens."),
            new("How often do you and your team talk about career goals?", "Reveals whether the manager invests in people's growth."),
        ]),
        new("culture", "Culture and values",
        [
            new("What do you enjoy most about working here, and what would you change?", "A personal, balanced answer is a good sign; an evasive one is information too."),
            new("Can you tell me about a recent decision that shows the company's values in practice?", "Tests whether the values are lived or only printed."),
            new("How does the team balance deadlines with workload and time off?", "Tells you about pace and expectations outside office hours."),
        ]),
        new("process", "How work gets done",
        [
            new("How are priorities set, and who decides when they conflict?", "Shows how much say you would have and how decisions travel."),
            new("What tools and processes does the team rely on, and which would you like to improve?", "Shows the working environment and where you could help."),
            new("How does feedback work here, both formally and day to day?", "Tells you how often you would know where you stand."),
        ]),
        new("next-steps", "Next steps",
        [
            new("What are the next steps in the process, and when can I expect to hear back?", "Lets you plan and follow up at the right time."),
            new("Is there anything in my background that makes you hesitate about my fit for this role?", "Gives you a chance to address a concern while you are still in the room."),
        ]),
    ];

    public static int Count => Themes.Sum(t => t.Questions.Count);
}
