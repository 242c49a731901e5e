using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using InterviewFunctions.Core.Preparation;

namespace InterviewFunctions.Core.Screening;

/// <summary>
/// The deterministic screening: reads the job into requirements (<see cref="JobReading"/>) and the resume into sections,
/// roles and dates (<see cref="ResumeReader"/>), judges every requirement met, partly met or not shown with the resume
/// lines that show it, and scores with <see cref="ScreeningRubric"/>. No clock, no randomness, no hash-order
/// enumeration: the same input gives the same assessment, byte for byte. Lines that match an injection pattern earn
/// nothing and are flagged. Thread-safe; register it once.
/// </summary>
public sealed partial class OfflineScreeningEngine : IScreeningEngine
{
    public const string EngineName = "offline";
    public const string NoPrompt = "none";
    private const int MaxQuote = 240;

    private readonly SkillLexicon _lexicon;

    public OfflineScreeningEngine(SkillLexicon? lexicon = null)
    {
        _lexicon = lexicon ?? SkillLexicon.Default;
    }

    public Task<ScreeningAssessment> ScreenAsync(ScreeningInput input, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Screen(input));
    }

    public ScreeningAssessment Screen(ScreeningInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Job);
        ArgumentNullException.ThrowIfNull(input.ResumeText);
        var requirements = JobReading.Read(input.Job, _lexicon);
        var resume = ResumeReader.Read(input.ResumeText, input.AsOf);
        var context = new Context(resume, ReadSkills(resume), input.AsOf);

        var judged = new List<(JobRequirement Requirement, RequirementJudgement Judgement, double Credit)>(requirements.Count);
        foreach (var requirement in requirements)
        {
            var (judgement, credit) = requirement.Kind switch
            {
                RequirementKind.Experience => JudgeExperience(requirement, context),
                RequirementKind.Education => JudgeEducation(requirement, context, requirements),
                RequirementKind.Certification => JudgeCertification(requirement, context),
                _ => JudgeSkill(requirement, context),
            };
            judged.Add((requirement, judgement, credit));
        }

        var flags = new List<ScreeningFlag>(input.Flags ?? []);
        foreach (var line in resume.Lines.Where(l => l.Injection is not null))
        {
            flags.Add(new ScreeningFlag(ScreeningFlagKind.PromptInjection,
                Invariant($"Line {line.Number} matches the injection rule '{line.Injection}'; it earned no credit."), Shorten(line.Text, 120)));
        }

        var scores = Score(judged, context);
        var recommendation = Recommend(scores.Overall, judged, flags);
        var notes = new List<string>();
        if (resume.Roles.Count == 0 && resume.ClaimedYears is { } claimed)
        {
            notes.Add(Invariant($"No dated roles were found; the years of experience are the {claimed.Years} the resume claims on line {claimed.Line}."));
        }
        if (!resume.HasSections)
        {
            notes.Add("The resume has no recognisable section headings; every line was read as work history.");
        }

        return new ScreeningAssessment(
            scores,
            recommendation,
            [.. judged.Select(j => j.Judgement)],
            flags,
            Summary(judged, scores, recommendation, flags),
            EngineName,
            null,
            NoPrompt,
            ScreeningRubric.Version,
            InputHash(input),
            notes);
    }

    // ---- Reading the resume's skills, once per line ----

    private sealed record LineSkills(ResumeLine Line, List<SkillMention> Mentions, List<TextToken> Tokens);

    private sealed record Context(ResumeDocument Resume, List<LineSkills> Lines, DateOnly AsOf)
    {
        public int PresentMonth => MonthSpan.MonthIndex(AsOf.Year, AsOf.Month) + 1;
    }

    private List<LineSkills> ReadSkills(ResumeDocument resume)
    {
        var lines = new List<LineSkills>(resume.Lines.Count);
        foreach (var line in resume.Lines)
        {
            if (line.Text.Length == 0 || line.IsHeading)
            {
                continue;
            }
            var tokens = TextTokens.Split(line.Text);
            lines.Add(new LineSkills(line, _lexicon.FindIn(line.Text, tokens), tokens));
        }
        return lines;
    }

    /// <summary>The lines naming what the requirement asks for, and as it is written there.</summary>
    private static List<(LineSkills Line, string AsWritten)> Find(JobRequirement requirement, IEnumerable<LineSkills> lines)
    {
        var found = new List<(LineSkills, string)>();
        foreach (var line in lines)
        {
            if (requirement.Skills.Count > 0)
            {
                // The skill the job named is quoted before a specific one that also meets it.
                SkillMention? best = null;
                var bestRank = int.MaxValue;
                foreach (var mention in line.Mentions)
                {
                    var rank = IndexOf(requirement.Skills, mention.Skill);
                    if (rank >= 0 && rank < bestRank)
                    {
                        best = mention;
                        bestRank = rank;
                    }
                }
                if (best is { } chosen)
                {
                    found.Add((line, Written(line, chosen.Index, chosen.Count)));
                }
            }
            else if (IndexOfTerm(line.Tokens, requirement.Term) is { } at)
            {
                found.Add((line, Written(line, at, requirement.Term.Count)));
            }
        }
        return found;
    }

    private static int IndexOf(IReadOnlyList<Skill> skills, Skill skill)
    {
        for (var i = 0; i < skills.Count; i++)
        {
            if (ReferenceEquals(skills[i], skill))
            {
                return i;
            }
        }
        return -1;
    }

    private static int? IndexOfTerm(List<TextToken> tokens, IReadOnlyList<string> term)
    {
        for (var i = 0; i + term.Count <= tokens.Count; i++)
        {
            var all = true;
            for (var k = 0; k < term.Count && all; k++)
            {
                all = TextTokens.Same(tokens[i + k].Text, term[k]);
            }
            if (all)
            {
                return i;
            }
        }
        return null;
    }

    private static string Written(LineSkills line, int index, int count)
    {
        var start = line.Tokens[index].Start;
        var last = line.Tokens[index + count - 1];
        return line.Line.Text[start..(last.Start + last.Length)];
    }

    private enum Use
    {
        Used,
        Credential,
        Claimed,
        Listed,
    }

    private static Use UseOf(ResumeLine line, bool hasSections) => !hasSections ? Use.Used : line.Section switch
    {
        ResumeSection.Experience or ResumeSection.Projects => Use.Used,
        ResumeSection.Certifications or ResumeSection.Education => Use.Credential,
        ResumeSection.Skills => Use.Listed,
        _ => Use.Claimed,
    };

    // ---- Judging ----

    private static (RequirementJudgement, double) JudgeSkill(JobRequirement requirement, Context context)
    {
        var credited = Find(requirement, context.Lines.Where(l => l.Line.Credited));
        var hasSections = context.Resume.HasSections;
        var used = credited.Where(f => UseOf(f.Line.Line, hasSections) is Use.Used or Use.Credential).ToList();
        if (used.Count > 0)
        {
            var asWritten = used[0].AsWritten;
            var lastYear = LastYearUsed(used.Select(u => u.Line.Line), context);
            var dated = lastYear is { } y && context.PresentMonth - (y + 1) * 12 > ScreeningRubric.RecentYears * 12;
            var where = used.Any(u => UseOf(u.Line.Line, hasSections) == Use.Used) ? "in the work history" : "as a qualification";
            var reason = dated
                ? Invariant($"Shown {where} as \"{asWritten}\", but last in a role that ended in {lastYear}; ask how current the skill is.")
                : IsCurrentRole(used.Select(u => u.Line.Line), context)
                    ? Invariant($"Shown {where} as \"{asWritten}\", in the current role.")
                    : Invariant($"Shown {where} as \"{asWritten}\".");
            return (Judgement(requirement, RequirementVerdict.Met, Evidence(credited, hasSections), reason),
                dated ? ScreeningRubric.MetButDatedCredit : ScreeningRubric.MetCredit);
        }
        if (credited.Count > 0)
        {
            var listed = credited.All(f => UseOf(f.Line.Line, hasSections) == Use.Listed);
            var reason = listed
                ? Invariant($"Listed under skills as \"{credited[0].AsWritten}\" but not shown in any role; ask for an example of using it.")
                : Invariant($"Named as \"{credited[0].AsWritten}\" in the summary but not in any role; ask where and when it was used.");
            return (Judgement(requirement, RequirementVerdict.PartlyMet, Evidence(credited, hasSections), reason), ScreeningRubric.PartlyMetCredit);
        }
        if (Related(requirement, context) is { Count: > 0 } related)
        {
            var name = related[0].Mention.Skill.Name;
            var reason = Invariant($"Not named, but the related {name} is shown as \"{related[0].AsWritten}\"; ask how far that experience carries over to {requirement.Label}.");
            var quotes = related.Select(r => Quote(r.Line.Line)).DistinctBy(q => q.Line).Take(ScreeningRubric.MaxEvidenceLines).OrderBy(q => q.Line).ToList();
            return (Judgement(requirement, RequirementVerdict.PartlyMet, quotes, reason), ScreeningRubric.PartlyMetCredit);
        }
        return (Judgement(requirement, RequirementVerdict.NotShown, [], NotShownReason(requirement, context)), 0);
    }

    private static (RequirementJudgement, double) JudgeCertification(JobRequirement requirement, Context context)
    {
        var credited = Find(requirement, context.Lines.Where(l => l.Line.Credited));
        if (credited.Count == 0)
        {
            return (Judgement(requirement, RequirementVerdict.NotShown, [], NotShownReason(requirement, context)), 0);
        }
        var hasSections = context.Resume.HasSections;
        var evidence = Evidence(credited, hasSections);
        var held = credited.Where(f => !InProgress().IsMatch(f.Line.Line.Text)
            && (UseOf(f.Line.Line, hasSections) == Use.Credential || CredentialWord().IsMatch(f.Line.Line.Text) || NamesTheCredential(requirement))).ToList();
        if (held.Count > 0)
        {
            return (Judgement(requirement, RequirementVerdict.Met, evidence, Invariant($"Held: the resume states \"{held[0].AsWritten}\"; check the certificate or register as usual.")), ScreeningRubric.MetCredit);
        }
        var pending = credited.FirstOrDefault(f => InProgress().IsMatch(f.Line.Line.Text));
        var reason = pending.Line is not null
            ? Invariant($"\"{pending.AsWritten}\" is mentioned as in progress, expired or pending, not held; ask for its status and date.")
            : Invariant($"\"{credited[0].AsWritten}\" appears as experience, but no certificate or licence is stated; ask for proof before an offer.");
        return (Judgement(requirement, RequirementVerdict.PartlyMet, evidence, reason), ScreeningRubric.PartlyMetCredit);
    }

    /// <summary>Credentials named by their title ("RN", "CPA", "PMP") are held when named; "forklift" or "HACCP" may be mere use.</summary>
    private static bool NamesTheCredential(JobRequirement requirement) =>
        requirement.Skills.Any(s => s.Id is not ("forklift" or "haccp" or "first-aid" or "driving-licence" or "dangerous-goods" or "electrical-qualification"));

    private static (RequirementJudgement, double) JudgeExperience(JobRequirement requirement, Context context)
    {
        var resume = context.Resume;
        var fromDates = resume.Roles.Count > 0;
        double? years = fromDates ? resume.ExperienceYears : resume.ClaimedYears?.Years;
        var evidence = fromDates
            ? resume.Roles.Select(r => Quote(resume.Lines[r.DateLine - 1])).Take(ScreeningRubric.MaxEvidenceLines + 2).OrderBy(q => q.Line).ToList()
            : resume.ClaimedYears is { } claimed ? [Quote(resume.Lines[claimed.Line - 1])] : [];
        if (years is not { } shown)
        {
            return (Judgement(requirement, RequirementVerdict.NotShown, [], "No dated roles and no stated years of experience; ask for the employment dates."), 0);
        }
        var basis = fromDates
            ? Invariant($"{Years(shown)} from {resume.Roles.Count} dated role{(resume.Roles.Count == 1 ? "" : "s")}, overlaps counted once")
            : Invariant($"{Years(shown)} as claimed, without dates to confirm");
        if (requirement.MinYears is not { } min || shown >= min)
        {
            var over = requirement.MaxYears is { } max && shown > max + ScreeningRubric.OverQualifiedGraceYears;
            var reason = over
                ? Invariant($"{Capital(basis)}, well above the {requirement.MaxYears} asked for at most; check the candidate wants a role at this level.")
                : Invariant($"{Capital(basis)}, within what the job asks for.");
            return (Judgement(requirement, RequirementVerdict.Met, evidence, reason), 1);
        }
        var partly = shown >= min * ScreeningRubric.PartlyMetYearsShare;
        var gap = Invariant($"{Capital(basis)}, short of the {min} asked for");
        return partly
            ? (Judgement(requirement, RequirementVerdict.PartlyMet, evidence, gap + "; consider whether the depth of the recent roles makes up for it."), ScreeningRubric.PartlyMetCredit)
            : (Judgement(requirement, RequirementVerdict.NotShown, evidence, gap + "; this is a junior profile for the role."), 0);
    }

    private static (RequirementJudgement, double) JudgeEducation(JobRequirement requirement, Context context, List<JobRequirement> all)
    {
        var resume = context.Resume;
        var hasEducation = resume.Lines.Any(l => l.Section == ResumeSection.Education);
        var degrees = new List<(ResumeLine Line, EducationLevel Level, string AsWritten, bool FieldMatches)>();
        for (var i = 0; i < resume.Lines.Count; i++)
        {
            var line = resume.Lines[i];
            if (!line.Credited || (hasEducation && line.Section is not (ResumeSection.Education or ResumeSection.Certifications)))
            {
                continue;
            }
            if (JobReading.Degree(line.Text) is { } degree)
            {
                var next = i + 1 < resume.Lines.Count && resume.Lines[i + 1].Credited && resume.Lines[i + 1].Section == line.Section ? resume.Lines[i + 1].Text : "";
                degrees.Add((line, degree.Level, degree.AsWritten, requirement.Field is null || FieldMatches(requirement.Field, line.Text + " " + next)));
            }
        }
        var level = requirement.Level ?? EducationLevel.Bachelor;
        var best = degrees.Where(d => d.Level >= level && d.FieldMatches).ToList();
        if (best.Count > 0)
        {
            var quotes = best.Select(d => Quote(d.Line)).Take(ScreeningRubric.MaxEvidenceLines).ToList();
            return (Judgement(requirement, RequirementVerdict.Met, quotes, Invariant($"Shown: \"{best[0].AsWritten}\"{(requirement.Field is null ? "" : " in a matching field")}.")), ScreeningRubric.MetCredit);
        }
        var years = resume.Roles.Count > 0 ? resume.ExperienceYears : resume.ClaimedYears?.Years ?? 0;
        var wantedYears = all.FirstOrDefault(r => r.Kind == RequirementKind.Experience)?.MinYears ?? 3;
        if (requirement.EquivalentExperienceAccepted && years >= wantedYears)
        {
            return (Judgement(requirement, RequirementVerdict.Met, [], Invariant($"No matching degree shown, but {Years(years)} of experience, which the job accepts as equivalent.")), ScreeningRubric.MetCredit);
        }
        var otherField = degrees.Where(d => d.Level >= level).ToList();
        if (otherField.Count > 0)
        {
            return (Judgement(requirement, RequirementVerdict.PartlyMet, [.. otherField.Select(d => Quote(d.Line)).Take(ScreeningRubric.MaxEvidenceLines)],
                Invariant($"A degree is shown (\"{otherField[0].AsWritten}\") but not in {requirement.Field}; ask how it prepared the candidate for the role.")), ScreeningRubric.PartlyMetCredit);
        }
        var lower = degrees.Where(d => d.Level == level - 1).ToList();
        if (lower.Count > 0)
        {
            return (Judgement(requirement, RequirementVerdict.PartlyMet, [.. lower.Select(d => Quote(d.Line)).Take(ScreeningRubric.MaxEvidenceLines)],
                Invariant($"The highest qualification shown (\"{lower[0].AsWritten}\") is one level below what the job asks for.")), ScreeningRubric.PartlyMetCredit);
        }
        var reason = degrees.Count > 0
            ? "The qualifications shown are below what the job asks for; ask about further study or equivalent experience."
            : "No degree or diploma shown; ask about qualifications, or whether experience can stand in for them.";
        return (Judgement(requirement, RequirementVerdict.NotShown, [], reason), 0);
    }

    private static RequirementJudgement Judgement(JobRequirement requirement, RequirementVerdict verdict, IReadOnlyList<ResumeQuote> evidence, string reason) =>
        new(requirement.Label, requirement.Kind, requirement.Required, verdict, evidence, reason);

    private static string NotShownReason(JobRequirement requirement, Context context)
    {
        var injected = Find(requirement, context.Lines.Where(l => l.Line.Injection is not null));
        if (injected.Count > 0)
        {
            return Invariant($"Named only on line {injected[0].Line.Line.Number}, which is flagged as a prompt-injection attempt and earns no credit.");
        }
        return requirement.Required
            ? Invariant($"Not found in the resume; ask whether the candidate has {requirement.Label} before ruling them out.")
            : Invariant($"Not found in the resume; a nice-to-have, so it costs little.");
    }

    /// <summary>Strongest lines first (work history, then credentials, summary, skills list), then in reading order.</summary>
    private static List<ResumeQuote> Evidence(List<(LineSkills Line, string AsWritten)> found, bool hasSections) =>
        [.. found.OrderBy(f => UseOf(f.Line.Line, hasSections)).ThenBy(f => f.Line.Line.Number)
            .Take(ScreeningRubric.MaxEvidenceLines).Select(f => Quote(f.Line.Line)).OrderBy(q => q.Line)];

    private static ResumeQuote Quote(ResumeLine line) => new(line.Number, Shorten(line.Text, MaxQuote));

    private static int? LastYearUsed(IEnumerable<ResumeLine> lines, Context context)
    {
        int? lastEnd = null;
        foreach (var line in lines)
        {
            if (line.Role < 0)
            {
                // A project or an undated line: no reason to call the skill old.
                return null;
            }
            var end = context.Resume.Roles[line.Role].Span.End;
            lastEnd = lastEnd is { } e ? Math.Max(e, end) : end;
        }
        return lastEnd is { } last ? (last - 1) / 12 : null;
    }

    private static bool IsCurrentRole(IEnumerable<ResumeLine> lines, Context context) =>
        lines.Any(l => l.Role >= 0 && context.Resume.Roles[l.Role].Span.End >= context.PresentMonth);

    // ---- Related skills ----

    /// <summary>Skills close enough that one shows a start on the other: not the same, worth half.</summary>
    private static readonly string[][] RelatedGroups =
    [
        ["kubernetes", "docker"],
        ["postgresql", "mysql", "sql-server", "sql"],
        ["aws", "azure", "gcp"],
        ["react", "angular", "vue"],
        ["kafka", "rabbitmq", "service-bus", "messaging"],
        ["terraform", "ci-cd"],
        ["java", "dotnet"],
        ["javascript", "typescript"],
        ["haccp", "gfsi", "sanitation", "allergens"],
        ["month-end", "consolidation"],
        ["audit", "sox"],
        ["critical-care", "patient-assessment"],
        ["wms", "inventory-control", "picking"],
        ["etl", "airflow", "dbt"],
        ["data-warehouse", "data-modelling"],
        ["observability", "sre"],
    ];

    private static List<(LineSkills Line, SkillMention Mention, string AsWritten)> Related(JobRequirement requirement, Context context)
    {
        var relatedIds = new List<string>();
        foreach (var skill in requirement.Skills)
        {
            foreach (var group in RelatedGroups)
            {
                if (Array.IndexOf(group, skill.Id) >= 0)
                {
                    relatedIds.AddRange(group.Where(id => id != skill.Id && !relatedIds.Contains(id)));
                }
            }
        }
        var found = new List<(LineSkills, SkillMention, string)>();
        if (relatedIds.Count == 0)
        {
            return found;
        }
        foreach (var line in context.Lines.Where(l => l.Line.Credited))
        {
            foreach (var mention in line.Mentions)
            {
                if (relatedIds.Contains(mention.Skill.Id))
                {
                    found.Add((line, mention, Written(line, mention.Index, mention.Count)));
                    break;
                }
            }
        }
        return found;
    }

    // ---- Education fields ----

    private static readonly Dictionary<string, string[]> FieldSynonyms = new(StringComparer.Ordinal)
    {
        ["nursing"] = ["nurse", "bsn", "rn"],
        ["computer"] = ["computing", "software", "informatic"],
        ["accounting"] = ["accountancy", "finance", "acca", "cima"],
        ["finance"] = ["accounting", "accountancy", "economic"],
        ["food"] = ["nutrition", "culinary"],
    };

    private static readonly HashSet<string> GenericFieldWords = new(StringComparer.Ordinal)
    {
        "science", "sciences", "studies", "study", "art", "arts", "engineering", "management", "and", "the", "related", "field", "technology", "applied",
    };

    private static bool FieldMatches(string field, string text)
    {
        var wanted = TextTokens.Split(field).Select(t => TextTokens.Stem(t.Text)).Where(w => w.Length >= 3).Distinct(StringComparer.Ordinal).ToList();
        var specific = wanted.Where(w => !GenericFieldWords.Contains(w)).ToList();
        var words = TextTokens.Split(text).Select(t => TextTokens.Stem(t.Text)).ToHashSet(StringComparer.Ordinal);
        var check = specific.Count > 0 ? specific : wanted;
        if (check.Count == 0)
        {
            return true;
        }
        var hits = check.Count(w => words.Contains(w) || (FieldSynonyms.TryGetValue(w, out var synonyms) && synonyms.Any(words.Contains)));
        return hits * 2 >= check.Count;
    }

    // ---- Scores ----

    private static ScreeningScores Score(List<(JobRequirement Requirement, RequirementJudgement Judgement, double Credit)> judged, Context context)
    {
        var terms = judged.Where(j => j.Requirement.Kind is RequirementKind.Skill or RequirementKind.Certification).ToList();
        var present = terms.Count(t => Find(t.Requirement, context.Lines.Where(l => l.Line.Credited)).Count > 0);
        var keyword = terms.Count == 0 ? 0 : 100.0 * present / terms.Count;

        double weighted = 0, weights = 0;
        foreach (var (requirement, _, credit) in judged.Where(j => j.Requirement.Kind != RequirementKind.Experience))
        {
            var weight = (requirement.Required ? ScreeningRubric.RequiredWeight : ScreeningRubric.NiceToHaveWeight)
                * (requirement.Kind == RequirementKind.Certification ? ScreeningRubric.CertificationWeightFactor : 1);
            weighted += weight * credit;
            weights += weight;
        }
        var relevance = weights == 0 ? 0 : 100 * weighted / weights;

        var experience = ExperienceFit(judged.FirstOrDefault(j => j.Requirement.Kind == RequirementKind.Experience).Requirement, context.Resume);
        var overall = ScreeningRubric.KeywordMatchWeight * keyword + ScreeningRubric.SkillRelevanceWeight * relevance + ScreeningRubric.ExperienceFitWeight * experience;
        return new ScreeningScores(Round(keyword), Round(relevance), Round(experience), Round(overall));
    }

    private static double ExperienceFit(JobRequirement? requirement, ResumeDocument resume)
    {
        if (requirement is null)
        {
            return 100;
        }
        double? years = resume.Roles.Count > 0 ? resume.ExperienceYears : resume.ClaimedYears?.Years;
        if (years is not { } shown)
        {
            return requirement.MinYears is > 0 ? 0 : 100;
        }
        if (requirement.MinYears is { } min && shown < min)
        {
            return 100 * shown / min;
        }
        if (requirement.MaxYears is { } max && shown > max + ScreeningRubric.OverQualifiedGraceYears)
        {
            var over = shown - max - ScreeningRubric.OverQualifiedGraceYears;
            return Math.Max(ScreeningRubric.OverQualifiedFloor, 100 - ScreeningRubric.OverQualifiedPenaltyPerYear * over);
        }
        return 100;
    }

    private static int Round(double score) => (int)Math.Round(Math.Clamp(score, 0, 100), MidpointRounding.AwayFromZero);

    private static ScreeningRecommendation Recommend(int overall, List<(JobRequirement Requirement, RequirementJudgement Judgement, double Credit)> judged, List<ScreeningFlag> flags)
    {
        var recommendation = ScreeningRubric.RecommendationFor(overall);
        if (recommendation == ScreeningRecommendation.StrongYes && judged.Any(j => j.Requirement.Required && j.Judgement.Verdict == RequirementVerdict.NotShown))
        {
            recommendation = ScreeningRecommendation.Yes;
        }
        var missingLicence = judged.Any(j => j.Requirement.Required && j.Requirement.Kind == RequirementKind.Certification && j.Judgement.Verdict == RequirementVerdict.NotShown);
        var injection = flags.Any(f => f.Kind == ScreeningFlagKind.PromptInjection);
        if ((missingLicence || injection) && recommendation < ScreeningRecommendation.Maybe)
        {
            recommendation = ScreeningRecommendation.Maybe;
        }
        return recommendation;
    }

    // ---- Summary ----

    private static string Summary(List<(JobRequirement Requirement, RequirementJudgement Judgement, double Credit)> judged, ScreeningScores scores, ScreeningRecommendation recommendation, List<ScreeningFlag> flags)
    {
        var strengths = judged.Where(j => j.Judgement.Verdict == RequirementVerdict.Met)
            .OrderBy(j => j.Requirement.Required ? 0 : 1).ThenBy(j => j.Requirement.Kind == RequirementKind.Experience ? 1 : 0)
            .Take(3).Select(j => j.Requirement.Label).ToList();
        var gaps = judged.Where(j => j.Judgement.Verdict != RequirementVerdict.Met)
            .OrderBy(j => j.Requirement.Required ? 0 : 1).ThenBy(j => j.Judgement.Verdict == RequirementVerdict.NotShown ? 0 : 1)
            .Take(3).Select(j => Invariant($"{j.Requirement.Label} ({(j.Judgement.Verdict == RequirementVerdict.NotShown ? "not shown" : "partly met")})")).ToList();
        var sentences = new List<string>
        {
            strengths.Count > 0 ? Invariant($"Strongest matches: {List(strengths)}.") : "No requirement of the job is clearly met.",
            gaps.Count > 0 ? Invariant($"Biggest gaps: {List(gaps)}.") : "No gaps against the stated requirements.",
        };
        var injections = flags.Count(f => f.Kind == ScreeningFlagKind.PromptInjection);
        var hidden = flags.Count(f => f.Kind == ScreeningFlagKind.HiddenText);
        var verdict = Invariant($"Overall {scores.Overall}/100, {Wire(recommendation)}");
        sentences.Add(injections + hidden > 0
            ? Invariant($"{verdict}; flagged for {(injections > 0 ? "a prompt-injection attempt" : "hidden text")}, which earned no credit and needs a human look.")
            : verdict + ".");
        return string.Join(" ", sentences);
    }

    private static string Wire(ScreeningRecommendation recommendation) => recommendation switch
    {
        ScreeningRecommendation.StrongYes => "strong yes",
        ScreeningRecommendation.Yes => "yes",
        ScreeningRecommendation.Maybe => "maybe",
        _ => "no",
    };

    private static string List(List<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];

    private static string Years(double years) => years.ToString(years % 1 == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + (Math.Abs(years - 1) < 0.05 ? " year" : " years");

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // ---- Input hash ----

    /// <summary>
    /// SHA-256 (lowercase hex) over every field the assessment depends on, each length-prefixed so that no two inputs
    /// serialize alike: the job's title, domain, description, skill lists and years; the resume text; the day "present"
    /// means; the flags carried in. Ids, timestamps and the job's status do not change the judgement and are left out.
    /// </summary>
    public static string InputHash(ScreeningInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var job = input.Job;
        var fields = new List<string>
        {
            "screening-input/1", job.Title, job.Domain ?? "", job.Description ?? "",
            Invariant($"{job.RequiredSkills.Count}"),
        };
        fields.AddRange(job.RequiredSkills);
        fields.Add(Invariant($"{job.NiceToHaveSkills.Count}"));
        fields.AddRange(job.NiceToHaveSkills);
        fields.Add(job.Experience?.MinYears?.ToString(CultureInfo.InvariantCulture) ?? "");
        fields.Add(job.Experience?.MaxYears?.ToString(CultureInfo.InvariantCulture) ?? "");
        fields.Add(input.ResumeText);
        fields.Add(input.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var flags = input.Flags ?? [];
        fields.Add(Invariant($"{flags.Count}"));
        foreach (var flag in flags)
        {
            fields.Add(flag.Kind.ToString());
            fields.Add(flag.Detail);
            fields.Add(flag.Excerpt ?? "\0");
        }
        var canonical = string.Join("\n", fields.Select(f => Invariant($"{f.Length}:{f}")));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    [GeneratedRegex(@"\b(?:certified|certificate|certification|licen[cs]ed?|registered|registration|card|pin|qualified|chartered|accredited|ticket|holder|valid|passed)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialWord();

    [GeneratedRegex(@"\b(?:expired|lapsed|in\s+progress|working\s+towards|studying\s+for|studying|pending|expected|candidate|part[\s-]qualified|trainee|due\s+to\s+complete|renewal\s+due)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InProgress();
}
