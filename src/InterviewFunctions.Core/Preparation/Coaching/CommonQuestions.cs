using System.Text.RegularExpressions;
using InterviewFunctions.Core.Interviews;

namespace InterviewFunctions.Core.Preparation.Coaching;

/// <param name="Kind"><c>general</c>, <c>behavioral</c>, <c>technical</c> or <c>situational</c>.</param>
/// <param name="Approach">How to go about answering it.</param>
public sealed record CommonQuestion(string Text, string Kind, string Approach);

/// <param name="Family">The role family the questions were chosen for; <c>general</c> when nothing more specific matched.</param>
public sealed record CommonQuestionSet(string Family, string FamilyName, IReadOnlyList<CommonQuestion> Questions);

/// <summary>
/// The questions candidates in a role family are commonly asked. A port so that the full question bank can serve
/// them; <see cref="BuiltInCommonQuestions"/> is the small offline list.
/// </summary>
public interface ICommonQuestions
{
    /// <param name="roleFamily">A role family or job title, as the candidate or the interview names it ("backend", "Staff nurse").</param>
    /// <param name="domain">A question-bank domain id or name ("registered-nursing"), or text that names it (a job description); the fallback when the role family does not decide.</param>
    /// <param name="type">The interview's type; its kind of question comes first.</param>
    CommonQuestionSet Find(string? roleFamily, string? domain, InterviewType? type, int max);
}

/// <summary>A compact built-in list: general questions every candidate meets, and a few for each broad role family.</summary>
public sealed class BuiltInCommonQuestions : ICommonQuestions
{
    public const int DefaultMax = 10;

    private sealed record Family(string Id, string Name, string[] Keywords, CommonQuestion[] Questions);

    private static readonly CommonQuestion[] General =
    [
        new("Tell me about yourself.", "general", "Ninety seconds: where you are now, two results that matter for this job, and why you want this role next."),
        new("Why do you want to work here?", "general", "Name something specific about the company from your research and connect it to what you want to do."),
        new("Why are you leaving your current job?", "general", "Talk about what you are moving towards, not what you are escaping; stay positive about your employer."),
        new("Tell me about a time you made a mistake at work.", "behavioral", "A real mistake, owned plainly, with what you fixed and what you now do differently."),
        new("Describe a time you disagreed with a colleague or manager.", "behavioral", "Show that you listened, argued with evidence, and accepted or reached a decision together."),
        new("Where do you see yourself in three to five years?", "general", "Describe the skills and responsibilities you want to grow into, in a direction this role supports."),
        new("What are your salary expectations?", "general", "Give a researched range and say you are flexible on the mix of salary and benefits."),
    ];

    private static readonly Family[] Families =
    [
        new("software", "Software and IT", ["software", "developer", "software engineer", "backend", "frontend", "full stack", "fullstack", "devops", "sre", "data", "it", "programmer", "cloud", "integration", "qa", "tester"],
        [
            new("Walk me through a system you built and the trade-offs you made.", "technical", "Draw the main parts, name one decision you would revisit, and why."),
            new("How do you make sure your code works before it reaches production?", "technical", "Tests at the right levels, code review, staged rollouts and monitoring, with an example."),
            new("Tell me about a production incident you helped resolve.", "behavioral", "Timeline, your part in finding the cause, the fix, and what the team changed afterwards."),
            new("How would you design an API for a booking system?", "technical", "Resources, methods, status codes, validation errors, pagination and idempotent retries."),
            new("How do you decide when code is good enough to ship?", "situational", "Balance risk, reversibility and the cost of delay; give a time you chose each way."),
        ]),
        new("healthcare", "Healthcare", ["nurse", "nursing", "ward", "clinical", "clinic", "hospital", "care", "patient", "pharmacy", "pharmacist", "physio", "physiotherapy", "therapist", "laboratory", "medical", "healthcare", "health", "social work"],
        [
            new("Tell me about a time you advocated for a patient.", "behavioral", "What you noticed, who you raised it with, and what changed for the patient."),
            new("How do you prioritise when several patients need you at once?", "situational", "Explain how you assess urgency, delegate and communicate, with a real shift as the example."),
            new("Describe how you handle a medication or procedure error.", "situational", "Patient safety first, then reporting and learning; no blame-shifting."),
            new("How do you keep your clinical knowledge up to date?", "general", "Name recent training, guidelines you follow and how you apply them."),
        ]),
        new("finance", "Finance and accounting", ["accountant", "accounting", "finance", "financial", "audit", "auditor", "auditing", "bank", "banking", "insurance", "analyst", "controller", "bookkeeper", "tax"],
        [
            new("Walk me through how you close the month.", "technical", "The sequence, the reconciliations, the checks, and how you meet the deadline."),
            new("Tell me about a discrepancy you found and how you resolved it.", "behavioral", "How you spotted it, traced it to the source, and prevented it from recurring."),
            new("How would you explain a variance to a manager without a finance background?", "situational", "Plain words, the one or two drivers, and what to do about it."),
            new("How do you make sure your work is accurate under deadline pressure?", "general", "Checklists, reviews and controls, with an example of a catch."),
        ]),
        new("engineering", "Engineering", ["civil", "mechanical", "electrical", "chemical", "structural", "process engineer", "engineering", "maintenance", "technician"],
        [
            new("Describe a design decision you made under a tight constraint.", "technical", "The constraint, the options, the calculation or test that decided it."),
            new("Tell me about a time you found a safety risk in a design or on site.", "behavioral", "What you saw, how you stopped or changed the work, and the outcome."),
            new("How do you check your own calculations or drawings?", "technical", "Independent checks, codes and standards, peer review, with an example."),
            new("How do you handle a client who wants a change late in a project?", "situational", "Assess the impact on cost, time and safety, then agree in writing."),
        ]),
        new("education", "Education", ["teacher", "teaching", "education", "school", "tutor", "early childhood", "lecturer", "instructor", "classroom"],
        [
            new("How do you plan a lesson for learners at different levels?", "technical", "Objectives, differentiation, checks for understanding, with a lesson you taught."),
            new("Tell me about a learner you helped to make a breakthrough.", "behavioral", "Where they started, what you changed, and the evidence of progress."),
            new("How do you manage disruptive behaviour?", "situational", "Prevention, clear routines, calm response and follow-up with families or colleagues."),
            new("How do you work with parents or carers?", "general", "Regular, positive contact and how you handle a difficult conversation."),
        ]),
        new("hospitality-retail", "Hospitality and retail", ["hotel", "hospitality", "restaurant", "chef", "culinary", "kitchen", "retail", "store", "shop", "guest", "front of house"],
        [
            new("Tell me about a time you turned an unhappy customer around.", "behavioral", "Listen, apologise, fix, follow up; and what it did for the customer's return."),
            new("How do you keep standards up during the busiest service?", "situational", "Preparation, clear roles, quick checks and calm communication."),
            new("How would you improve sales or guest scores in your area?", "technical", "The metrics you watch, one change you made and its effect."),
            new("How do you train a new team member during a busy week?", "general", "Shadowing, short checklists, and checking in at the end of each shift."),
        ]),
        new("operations", "Operations, manufacturing and logistics", ["warehouse", "logistics", "supply chain", "procurement", "production", "manufacturing", "operations", "fleet", "transport", "quality", "planner", "buyer", "food"],
        [
            new("Tell me about a process you made faster or cheaper.", "behavioral", "The before and after numbers, and how you brought the team along."),
            new("What do you do when a key supplier or machine fails on a busy day?", "situational", "Immediate containment, communication, a fallback, then root cause."),
            new("Which measures do you use to run your area?", "technical", "Name the KPIs, how often you review them and an action you took from one."),
            new("How do you keep people safe on the floor or on the road?", "general", "Risk assessments, briefings, near-miss reporting and leading by example."),
        ]),
        new("business", "Business, sales and people functions", ["sales", "account", "marketing", "hr", "human resources", "recruiter", "legal", "paralegal", "public", "administration", "manager", "consultant", "project", "product"],
        [
            new("Tell me about a target you exceeded and how.", "behavioral", "The target, your plan, the numbers, and what you would repeat."),
            new("How do you handle competing requests from senior stakeholders?", "situational", "Clarify the goals, make the trade-off visible and get a decision."),
            new("Describe a time you had to persuade someone who disagreed with you.", "behavioral", "Understand their concern, bring evidence, and find a shared goal."),
            new("How do you keep track of many open tasks or cases?", "general", "Your system, how you prioritise, and how you avoid dropping anything."),
        ]),
    ];

    public CommonQuestionSet Find(string? roleFamily, string? domain, InterviewType? type, int max = DefaultMax)
    {
        var family = Match(roleFamily) ?? Match(domain);
        var questions = (family?.Questions ?? []).Concat(General)
            // The interview's own kind of question first; the order within a kind stays as written.
            .Select((q, i) => (Question: q, Rank: Preferred(type, q.Kind) ? 0 : 1, Order: i))
            .OrderBy(q => q.Rank).ThenBy(q => q.Order)
            .Take(Math.Max(1, max))
            .Select(q => q.Question)
            .ToList();
        return new CommonQuestionSet(family?.Id ?? "general", family?.Name ?? "General", questions);
    }

    /// <summary>The family whose keywords appear in the text as whole words, the one with most matches winning.</summary>
    private static Family? Match(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var normalized = " " + Regex.Replace(text.ToLowerInvariant(), @"[^\p{L}\p{N}]+", " ", RegexOptions.None, TimeSpan.FromSeconds(1)) + " ";
        return Families
            .Select(f => (Family: f, Hits: f.Keywords.Count(k => normalized.Contains(" " + k + " ", StringComparison.Ordinal))))
            .Where(f => f.Hits > 0)
            .OrderByDescending(f => f.Hits)
            .Select(f => f.Family)
            .FirstOrDefault();
    }

    private static bool Preferred(InterviewType? type, string kind) => type switch
    {
        InterviewType.Technical => kind is "technical",
        InterviewType.Behavioral or InterviewType.Panel => kind is "behavioral" or "situational",
        InterviewType.PhoneScreen or InterviewType.VideoInterview => kind is "general",
        _ => false,
    };
}
