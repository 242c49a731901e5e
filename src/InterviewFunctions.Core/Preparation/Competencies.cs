using System.Text.RegularExpressions;
using InterviewFunctions.Core.Interviews;

namespace InterviewFunctions.Core.Preparation;

/// <param name="Id">Stable, lower-case; what a story's <c>competencies</c> list and the API use.</param>
/// <param name="Aliases">Other names a candidate may tag a story with ("conflict management" for conflict resolution).</param>
/// <param name="Cues">Words and phrases that, in a job description or a story, point to this competency.</param>
public sealed record Competency(string Id, string Name, string StoryPrompt, IReadOnlyList<string> Aliases, IReadOnlyList<string> Cues);

/// <param name="Cues">The cues found in the text, as written in the lexicon.</param>
public sealed record CompetencyMatch(Competency Competency, IReadOnlyList<string> Cues);

/// <summary>
/// A small lexicon of the competencies interviewers probe with behavioural questions, and the cue words that reveal
/// them in a job description or in a candidate's story. Matching is whole-word and case-insensitive; a cue that is a
/// stem (ending in <c>*</c>) matches any ending.
/// </summary>
public static class Competencies
{
    public static IReadOnlyList<Competency> All { get; } =
    [
        new("leadership", "Leadership", "A time you led people or a change, with or without the title.",
            ["leading", "team leadership", "people leadership"],
            ["lead", "leads", "led", "leader*", "leadership", "head of", "set direction", "vision", "manage a team", "managed a team", "line manag*", "drive change", "drove"]),
        new("conflict-resolution", "Conflict resolution", "A disagreement you worked through to an outcome both sides accepted.",
            ["conflict", "conflict management", "handling conflict", "disagreement"],
            ["conflict*", "disagree*", "dispute*", "tension", "negotiat*", "resolve*", "resolved", "de-escalat*", "difficult conversation*", "push back", "pushed back"]),
        new("ownership", "Ownership", "Something you took responsibility for end to end, including when it went wrong.",
            ["accountability", "responsibility", "initiative"],
            ["ownership", "own", "owned", "owner", "accountab*", "end to end", "end-to-end", "initiative", "self-starter", "took responsibility", "responsible for", "proactive*"]),
        new("communication", "Communication", "A time you explained something complex so that the audience could act on it.",
            ["written communication", "verbal communication", "presenting"],
            ["communicat*", "present*", "explain*", "written", "verbal", "articulate", "documentation", "storytelling", "briefed", "briefing*"]),
        new("teamwork", "Teamwork", "A result you reached with others that you could not have reached alone.",
            ["collaboration", "team player", "cooperation"],
            ["team player", "teamwork", "collaborat*", "cross-functional", "cooperat*", "together", "pair*", "supported colleagues", "helped the team", "partnered"]),
        new("problem-solving", "Problem solving", "A hard problem you broke down, the options you weighed and what you chose.",
            ["analytical thinking", "troubleshooting", "critical thinking"],
            ["problem solving", "problem-solving", "solve*", "solved", "troubleshoot*", "root cause", "analy*", "diagnos*", "debug*", "investigat*", "critical thinking", "workaround"]),
        new("customer-focus", "Customer focus", "A time you changed what you did because of what a customer or patient needed.",
            ["customer service", "client focus", "customer orientation", "patient focus"],
            ["customer*", "client*", "patient*", "user needs", "end user*", "guest*", "service level*", "satisfaction", "complaint*", "nps"]),
        new("adaptability", "Adaptability", "A time the plan changed under you and how you adjusted.",
            ["flexibility", "resilience", "dealing with change"],
            ["adapt*", "flexib*", "fast-paced", "ambiguity", "ambiguous", "changing priorities", "pivot*", "resilien*", "learn quickly", "learned quickly", "new technolog*", "unexpected"]),
        new("attention-to-detail", "Attention to detail", "A mistake you caught, or prevented, because you checked what others skipped.",
            ["detail orientation", "accuracy", "thoroughness"],
            ["attention to detail", "detail-oriented", "detail oriented", "accura*", "thorough*", "precision", "precise", "double-check*", "double check*", "error-free", "reconcil*", "audit*"]),
        new("stakeholder-management", "Stakeholder management", "A time you aligned people with different interests behind one decision.",
            ["managing stakeholders", "influencing", "relationship management"],
            ["stakeholder*", "influenc*", "buy-in", "align*", "sponsor*", "executive*", "senior management", "expectation*", "relationship*", "persuad*"]),
        new("mentoring", "Mentoring", "Someone you helped grow, and what they could do afterwards that they could not before.",
            ["coaching", "developing others", "teaching"],
            ["mentor*", "coach*", "onboard*", "train*", "develop others", "developing others", "grow the team", "knowledge sharing", "junior*", "apprentice*", "supervis*"]),
        new("data-driven-decisions", "Data-driven decisions", "A decision you made or changed because of what the numbers showed.",
            ["data-driven", "analytics", "evidence-based decisions"],
            ["data-driven", "data driven", "metric*", "kpi*", "dashboard*", "a/b test*", "experiment*", "measur*", "evidence-based", "insight*", "forecast*", "statistic*"]),
        new("safety", "Safety", "A time you stopped or changed work because something was unsafe.",
            ["health and safety", "patient safety", "safety culture"],
            ["safety", "safe", "safely", "hazard*", "risk assessment*", "incident*", "osha", "ppe", "near miss", "near-miss", "compliance", "infection control", "lockout"]),
        new("time-management", "Time management", "A time you had more to do than time, and how you chose what came first.",
            ["prioritisation", "prioritization", "organisation", "organization"],
            ["deadline*", "prioriti*", "time management", "multitask*", "multiple projects", "organi*", "schedul*", "on time", "under pressure", "competing demands"]),
        new("continuous-improvement", "Continuous improvement", "A process you made faster, cheaper or more reliable, with the before and after.",
            ["process improvement", "lean", "kaizen"],
            ["improv*", "optimi*", "streamlin*", "lean", "six sigma", "kaizen", "automat*", "efficien*", "reduced", "cut costs", "waste"]),
        new("integrity", "Integrity", "A time doing the right thing cost you something.",
            ["ethics", "honesty", "ethical judgement"],
            ["integrity", "ethic*", "honest*", "confidential*", "trust*", "transparen*", "whistle*", "regulat*", "gdpr", "hipaa"]),
    ];

    private static readonly Dictionary<string, Competency> ByName = All
        .SelectMany(c => new[] { c.Id, c.Name, c.Id.Replace('-', ' ') }.Concat(c.Aliases).Select(n => (Name: Normalize(n), Competency: c)))
        .DistinctBy(p => p.Name)
        .ToDictionary(p => p.Name, p => p.Competency, StringComparer.Ordinal);

    private static readonly Dictionary<string, Regex> CuePatterns = All
        .SelectMany(c => c.Cues).Distinct(StringComparer.Ordinal)
        .ToDictionary(cue => cue, CuePattern, StringComparer.Ordinal);

    private static readonly string[] TechnicalTypical = ["problem-solving", "communication", "ownership", "attention-to-detail", "teamwork"];
    private static readonly string[] BehavioralTypical = ["leadership", "conflict-resolution", "ownership", "teamwork", "adaptability", "communication"];
    private static readonly string[] PanelTypical = ["communication", "stakeholder-management", "teamwork", "problem-solving", "leadership"];
    private static readonly string[] FinalRoundTypical = ["leadership", "ownership", "stakeholder-management", "data-driven-decisions", "integrity"];
    private static readonly string[] OnSiteTypical = ["problem-solving", "teamwork", "communication", "ownership", "adaptability"];
    private static readonly string[] ScreenTypical = ["communication", "ownership", "problem-solving", "teamwork"];
    private static readonly string[] DebriefTypical = ["communication", "adaptability", "ownership"];

    /// <summary>What interviewers of this type probe when a job description names no competency.</summary>
    public static IReadOnlyList<Competency> TypicalFor(InterviewType type) => [.. (type switch
    {
        InterviewType.Technical => TechnicalTypical,
        InterviewType.Behavioral => BehavioralTypical,
        InterviewType.Panel => PanelTypical,
        InterviewType.FinalRound => FinalRoundTypical,
        InterviewType.OnSite => OnSiteTypical,
        InterviewType.PhoneScreen or InterviewType.VideoInterview => ScreenTypical,
        _ => DebriefTypical,
    }).Select(id => Find(id)!)];

    /// <summary>The competency a name or alias stands for ("Conflict management" is conflict resolution); null when none.</summary>
    public static Competency? Find(string? name) =>
        name is not null && ByName.TryGetValue(Normalize(name), out var competency) ? competency : null;

    /// <summary>The competencies a text asks for, strongest evidence (most distinct cues) first, then lexicon order.</summary>
    public static IReadOnlyList<CompetencyMatch> FindIn(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        return [.. All
            .Select((c, order) => (Match: new CompetencyMatch(c, [.. c.Cues.Where(cue => CuePatterns[cue].IsMatch(text))]), Order: order))
            .Where(m => m.Match.Cues.Count > 0)
            .OrderByDescending(m => m.Match.Cues.Count).ThenBy(m => m.Order)
            .Select(m => m.Match)];
    }

    private static string Normalize(string name) =>
        string.Join(' ', name.Trim().ToLowerInvariant().Replace('_', ' ').Replace('-', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>A cue as a whole-word, case-insensitive pattern; a trailing <c>*</c> lets the word go on ("negotiat*": negotiate, negotiation).</summary>
    private static Regex CuePattern(string cue)
    {
        var stem = cue.EndsWith('*');
        var body = Regex.Escape(cue.TrimEnd('*').Trim()).Replace(@"\ ", @"[\s-]+", StringComparison.Ordinal);
        return new Regex($@"(?<![\p{{L}}\p{{N}}]){body}{(stem ? @"[\p{L}\p{N}]*" : @"(?![\p{L}\p{N}])")}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
