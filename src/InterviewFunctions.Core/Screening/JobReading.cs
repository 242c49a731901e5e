using System.Globalization;
using System.Text.RegularExpressions;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Preparation;

namespace InterviewFunctions.Core.Screening;

/// <summary>A degree level, lowest first, so that levels compare.</summary>
public enum EducationLevel
{
    Secondary,
    Diploma,
    Bachelor,
    Master,
    Doctorate,
}

/// <summary>One thing the job asks for, before it is judged.</summary>
/// <param name="Label">As the job states it: "Kubernetes", "5+ years of experience", "Bachelor's degree in nursing".</param>
/// <param name="Skills">Lexicon skills any of which meets it ("AWS or Azure" is two); empty for a free-text term.</param>
/// <param name="Term">The words of a skill the lexicon does not know ("Rust"), matched as written.</param>
/// <param name="MinYears">For experience: the years asked for.</param>
/// <param name="Level">For education: the lowest degree level that meets it.</param>
/// <param name="Field">For education: the subject asked for, when one is ("nursing").</param>
/// <param name="EquivalentExperienceAccepted">For education: "or equivalent experience".</param>
public sealed record JobRequirement(
    string Label,
    RequirementKind Kind,
    bool Required,
    IReadOnlyList<Skill> Skills,
    IReadOnlyList<string> Term,
    int? MinYears = null,
    int? MaxYears = null,
    EducationLevel? Level = null,
    string? Field = null,
    bool EquivalentExperienceAccepted = false);

/// <summary>
/// Reads a job into requirements: its skill lists, the skills, years, degrees and certifications its description names,
/// and whether each is required ("must", a "Requirements" heading) or a nice-to-have ("a plus", "preferred", a
/// "Nice to have" heading). Same job, same list, in the job's own order.
/// </summary>
public static partial class JobReading
{
    /// <summary>
    /// Skills whose entries are credentials: a job asking for them asks for the certificate or licence, and a resume
    /// shows it by naming it.
    /// </summary>
    public static readonly IReadOnlySet<string> CertificationSkillIds = new HashSet<string>(StringComparer.Ordinal)
    {
        "registered-nurse", "bls", "cpa", "cfa", "cipd", "cips", "forklift", "cdl", "haccp", "pm-certification",
        "aws-certification", "azure-certification", "kubernetes-certification", "first-aid", "driving-licence", "pharmacist",
        "physiotherapist", "biomedical-scientist", "social-work-registration", "qts", "chartered-engineer",
        "electrical-qualification", "paralegal-qualification", "dangerous-goods",
    };

    // Soft skills a keyword cannot evidence: a description's "good communication" is not held against a resume.
    private static readonly HashSet<string> UnverifiableSkillIds = new(StringComparer.Ordinal) { "communication", "stakeholders" };

    public static List<JobRequirement> Read(Job job, SkillLexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(lexicon);
        var requirements = new List<JobRequirement>();
        foreach (var (list, required) in new[] { (job.RequiredSkills, true), (job.NiceToHaveSkills, false) })
        {
            foreach (var written in list)
            {
                var label = written.Trim();
                if (label.Length == 0)
                {
                    continue;
                }
                var skills = Expand(Distinct(lexicon.FindIn(label).Select(m => m.Skill)), lexicon);
                var kind = skills.Count > 0 && CertificationSkillIds.Contains(skills[0].Id) ? RequirementKind.Certification : RequirementKind.Skill;
                var term = skills.Count == 0 ? TextTokens.Split(label).Select(t => t.Text).ToList() : [];
                if (skills.Count == 0 && term.Count == 0)
                {
                    continue;
                }
                Add(requirements, new JobRequirement(label, kind, required, skills, term));
            }
        }

        JobRequirement? experience = null;
        if (job.Experience is { } range && (range.MinYears is not null || range.MaxYears is not null))
        {
            experience = new JobRequirement(ExperienceLabel(range.MinYears, range.MaxYears), RequirementKind.Experience, true, [], [], range.MinYears, range.MaxYears);
        }
        var education = new List<JobRequirement>();

        var mode = (bool?)null;
        var bulletsSeen = false;
        foreach (var segment in Segments(job.Description ?? ""))
        {
            // A heading's mode holds for its bullets; a blank line, or plain text after them, ends it.
            if (segment.Text.Length == 0 || (bulletsSeen && !segment.Bullet))
            {
                mode = null;
                bulletsSeen = false;
                if (segment.Text.Length == 0)
                {
                    continue;
                }
            }
            bulletsSeen |= segment.Bullet && mode is not null;
            if (SectionMode(segment.Text) is { } newMode)
            {
                mode = newMode;
                bulletsSeen = false;
                if (segment.Text.TrimEnd().EndsWith(':'))
                {
                    continue;
                }
            }
            var required = NiceMarker().IsMatch(segment.Text) ? false : RequiredMarker().IsMatch(segment.Text) || (mode ?? true);

            var tokens = TextTokens.Split(segment.Text);
            var mentions = lexicon.FindIn(segment.Text, tokens).Where(m => !UnverifiableSkillIds.Contains(m.Skill.Id)).ToList();
            for (var i = 0; i < mentions.Count; i++)
            {
                // "Go or Java", "AWS/Azure": alternatives, any of which meets the requirement.
                var group = new List<SkillMention> { mentions[i] };
                while (i + 1 < mentions.Count && Between(segment.Text, tokens, group[^1], mentions[i + 1]) is var between && Alternative().IsMatch(between))
                {
                    group.Add(mentions[++i]);
                }
                var skills = Distinct(group.Select(m => m.Skill));
                if (skills.Count > 1 && requirements.Any(r => r.Skills.Any(skills.Contains)))
                {
                    // The job's own skill list already names one of them; it decides.
                    continue;
                }
                var kind = skills.All(s => CertificationSkillIds.Contains(s.Id)) ? RequirementKind.Certification : RequirementKind.Skill;
                var label = string.Join(" or ", skills.Select(s => s.Name));
                Add(requirements, new JobRequirement(label, kind, required, Expand(skills, lexicon), []));
            }

            if (experience is null && YearsAsked().Match(segment.Text) is { Success: true } years && (years.Groups["q"].Success || years.Groups["plus"].Success || segment.Text.Contains("experience", StringComparison.OrdinalIgnoreCase)))
            {
                var min = Number(years.Groups["n"].Value);
                var max = years.Groups["m"].Success ? Number(years.Groups["m"].Value) : null;
                if (min is > 0 and <= 40)
                {
                    experience = new JobRequirement(ExperienceLabel(min, max), RequirementKind.Experience, required, [], [], min, max);
                }
            }

            if (Degree(segment.Text) is { } degree)
            {
                var field = DegreeField().Match(segment.Text) is { Success: true } f ? CleanField(f.Groups["field"].Value) : null;
                var equivalent = EquivalentExperience().IsMatch(segment.Text);
                var label = DegreeLabel(degree.Level, field, degree.AsWritten);
                if (!education.Any(e => e.Level == degree.Level && e.Required == required))
                {
                    education.Add(new JobRequirement(label, RequirementKind.Education, required, [], [], Level: degree.Level, Field: field, EquivalentExperienceAccepted: equivalent));
                }
            }
        }
        if (experience is not null)
        {
            requirements.Add(experience);
        }
        requirements.AddRange(education);
        return requirements;
    }

    /// <summary>The same skill asked twice is one requirement; required wins over nice-to-have.</summary>
    private static void Add(List<JobRequirement> requirements, JobRequirement requirement)
    {
        for (var i = 0; i < requirements.Count; i++)
        {
            var existing = requirements[i];
            var same = requirement.Skills.Count > 0
                ? existing.Skills.Count > 0 && requirement.Skills.All(s => existing.Skills.Contains(s))
                : existing.Term.SequenceEqual(requirement.Term, StringComparer.Ordinal);
            if (same)
            {
                if (requirement.Required && !existing.Required)
                {
                    requirements[i] = existing with { Required = true };
                }
                return;
            }
        }
        requirements.Add(requirement);
    }

    private static List<Skill> Distinct(IEnumerable<Skill> skills)
    {
        var list = new List<Skill>();
        foreach (var skill in skills)
        {
            if (!list.Contains(skill))
            {
                list.Add(skill);
            }
        }
        return list;
    }

    private static string ExperienceLabel(int? min, int? max) => (min, max) switch
    {
        ({ } a, { } b) when b > a => Invariant($"{a}-{b} years of experience"),
        ({ } a, _) => Invariant($"{a}+ years of experience"),
        (null, { } b) => Invariant($"Up to {b} years of experience"),
        _ => "Experience",
    };

    private static string DegreeLabel(EducationLevel level, string? field, string asWritten)
    {
        var name = level switch
        {
            EducationLevel.Doctorate => "Doctorate",
            EducationLevel.Master => "Master's degree",
            EducationLevel.Bachelor => "Bachelor's degree",
            EducationLevel.Diploma => "Diploma",
            _ => "Secondary education",
        };
        var label = field is null ? name : $"{name} in {field}";
        return string.Equals(asWritten, name, StringComparison.OrdinalIgnoreCase) || asWritten.Length < 3 ? label : $"{label} ({asWritten})";
    }

    private static string? CleanField(string field)
    {
        var words = field.Trim().TrimEnd('.', ',', ';').Trim();
        return words.Length < 3 || FieldNoise().IsMatch(words) ? null : words;
    }

    /// <summary>The description cut into lines, then sentences and clauses, each judged for required-ness alone.</summary>
    private static IEnumerable<(string Text, bool Bullet)> Segments(string description)
    {
        foreach (var line in description.Split('\n'))
        {
            var text = line.Trim();
            if (text.Length == 0)
            {
                yield return ("", false);
                continue;
            }
            var bullet = text[0] is '-' or '*' or '•' or '·' or '–' || BulletNumber().IsMatch(text);
            foreach (var part in SentenceBreak().Split(text))
            {
                var trimmed = part.Trim().TrimStart('-', '*', '•', '·', '–', ' ');
                if (trimmed.Length > 0)
                {
                    yield return (trimmed, bullet);
                }
            }
        }
    }

    private static string Between(string text, List<TextToken> tokens, SkillMention left, SkillMention right)
    {
        var end = tokens[left.Index + left.Count - 1].Start + tokens[left.Index + left.Count - 1].Length;
        return text[end..tokens[right.Index].Start];
    }

    /// <summary>
    /// A general skill is met by any of the specific ones it covers: "SQL" by PostgreSQL, "messaging" by Kafka.
    /// </summary>
    private static readonly (string General, string[] Specific)[] Umbrellas =
    [
        ("sql", ["postgresql", "mysql", "sql-server"]),
        ("nosql", ["redis"]),
        ("messaging", ["kafka", "rabbitmq", "service-bus"]),
        ("etl", ["airflow", "dbt", "spark"]),
        ("ci-cd", ["deployment-strategies"]),
        ("docker", ["kubernetes"]),
        ("javascript", ["typescript", "react", "angular", "vue", "nodejs"]),
        ("observability", ["sre"]),
        ("health-safety", ["loto"]),
        ("inventory-control", ["wms"]),
    ];

    private static List<Skill> Expand(List<Skill> skills, SkillLexicon lexicon)
    {
        var expanded = new List<Skill>(skills);
        foreach (var skill in skills)
        {
            foreach (var (general, specific) in Umbrellas)
            {
                if (general == skill.Id)
                {
                    expanded.AddRange(specific.Select(lexicon.Find).OfType<Skill>().Where(s => !expanded.Contains(s)));
                }
            }
        }
        return expanded;
    }

    /// <summary>A heading that sets whether what follows is required (true) or a nice-to-have (false).</summary>
    private static bool? SectionMode(string segment)
    {
        if (segment.Length > 60)
        {
            return null;
        }
        var head = segment.TrimEnd(':', ' ').ToLowerInvariant();
        if (NiceHeading().IsMatch(head))
        {
            return false;
        }
        if (RequiredHeading().IsMatch(head))
        {
            return true;
        }
        return segment.TrimEnd().EndsWith(':') ? true : null;
    }

    /// <summary>The highest degree level a text names, and the words that named it.</summary>
    public static (EducationLevel Level, string AsWritten)? Degree(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        (EducationLevel Level, string AsWritten)? best = null;
        foreach (var (level, pattern) in DegreePatterns)
        {
            if (pattern.Match(text) is { Success: true } match && (best is null || level > best.Value.Level))
            {
                best = (level, match.Value.Trim());
            }
        }
        return best;
    }

    private static readonly (EducationLevel Level, Regex Pattern)[] DegreePatterns =
    [
        (EducationLevel.Doctorate, DoctorateDegree()),
        (EducationLevel.Master, MasterDegree()),
        (EducationLevel.Bachelor, BachelorDegree()),
        (EducationLevel.Diploma, DiplomaLevel()),
        (EducationLevel.Secondary, SecondaryLevel()),
    ];

    public static int? Number(string text) => text.ToLowerInvariant() switch
    {
        "one" or "a" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "twenty" => 20,
        var digits when int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private const RegexOptions IgnoreCase = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const string NumberWord = @"\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty";

    [GeneratedRegex(@"^\d{1,2}[.)]\s")]
    private static partial Regex BulletNumber();

    [GeneratedRegex(@"^\s*,?\s*(?:or|and/or|/)\s*$", IgnoreCase)]
    private static partial Regex Alternative();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z])|;\s*")]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"\b(?:nice[\s-]to[\s-]have|(?:is|are|would\s+be)\s+(?:a\s+)?(?:plus|bonus|advantage|advantageous|beneficial|desirable)|a\s+plus\b|preferred|preferably|desirable|desired|bonus|advantageous|ideally|not\s+required|optional|an\s+advantage)\b", IgnoreCase)]
    private static partial Regex NiceMarker();

    [GeneratedRegex(@"\b(?:required|requires?|must|essential|mandatory|need\s+to\s+have|you\s+will\s+need|you\s+need|minimum)\b", IgnoreCase)]
    private static partial Regex RequiredMarker();

    [GeneratedRegex(@"^(?:nice[\s-]to[\s-]haves?|bonus(?:\s+points)?|preferred(?:\s+(?:qualifications|skills|experience))?|desirable(?:\s+(?:criteria|skills))?|(?:it's\s+)?a\s+plus(?:\s+if)?|good\s+to\s+have|ideally)$", IgnoreCase)]
    private static partial Regex NiceHeading();

    [GeneratedRegex(@"^(?:requirements|required|required\s+(?:skills|qualifications|experience)|must[\s-]haves?|essential(?:\s+(?:criteria|skills))?|what\s+you(?:'ll|\s+will)?\s+need|what\s+we(?:'re|\s+are)\s+looking\s+for|qualifications|minimum\s+qualifications|about\s+you|you\s+have|skills(?:\s+and\s+experience)?|responsibilities|what\s+you(?:'ll|\s+will)\s+do|the\s+role)$", IgnoreCase)]
    private static partial Regex RequiredHeading();

    [GeneratedRegex(@"(?:(?<q>at\s+least|minimum(?:\s+of)?|min\.?|over|more\s+than|no\s+less\s+than)\s+)?\b(?<n>" + NumberWord + @")(?:\s*(?:-|–|to)\s*(?<m>" + NumberWord + @"))?\s*(?<plus>\+)?\s*(?:\(\d+\)\s*)?(?:years?|yrs?)\b", IgnoreCase, 250)]
    private static partial Regex YearsAsked();

    [GeneratedRegex(@"\b(?:degree|bachelor(?:'?s)?|master(?:'?s)?|b\.?sc|m\.?sc|b\.?eng|m\.?eng|ba|bs|ma|ms|phd|diploma|doctorate|qualification)(?:\s+degree)?(?:\s+of\s+(?:science|arts|engineering))?\s+(?:in|of)\s+(?<field>[a-z][a-z &/-]{2,60}?)(?=\s+(?:or|and|from|with|is|are|would|will|preferred|required|essential|desirable|mandatory|needed|a\s+plus|an?\s+advantage)\b|\s*[.;:,()\n]|$)", IgnoreCase, 250)]
    private static partial Regex DegreeField();

    [GeneratedRegex(@"^(?:a\s+)?(?:related|relevant|similar|equivalent|the\s+field|field)\b", IgnoreCase)]
    private static partial Regex FieldNoise();

    [GeneratedRegex(@"\bor\s+(?:an?\s+)?(?:equivalent|comparable|relevant)\s+(?:work\s+|professional\s+|practical\s+)?(?:experience|qualification)|\bor\s+equivalent\b", IgnoreCase)]
    private static partial Regex EquivalentExperience();

    [GeneratedRegex(@"\b(?:ph\.?\s?d|doctorate|doctoral\s+degree|d\.?phil)\b", IgnoreCase)]
    private static partial Regex DoctorateDegree();

    [GeneratedRegex(@"\bmaster(?:'?s|’s)?(?:\s+degree)?\b|\b(?:[Mm]\.?[Ss]c|MBA|M\.?Eng|MPhil|MRes|MPH|MSN|LLM|M\.S\.|M\.A\.|MA|MS(?!\s+(?:Office|Excel|Word|Project|Teams|Access|Dynamics|SQL|Visio|PowerPoint|Outlook)))\b", RegexOptions.CultureInvariant)]
    private static partial Regex MasterDegree();

    [GeneratedRegex(@"\b[Bb]achelor(?:'?s|’s)?(?:\s+degree)?\b|\b(?:[Bb]\.?[Ss]c|B\.?Eng|BSN|BCom|LLB|B\.S\.|B\.A\.|BA|BS)\b|\b(?:undergraduate|university|college|honours|honors)\s+degree\b|(?<!(?:high|some|certain|great|large)\s)\b[Dd]egree\b(?!\s+of\s+(?:accuracy|autonomy|independence|flexibility|precision))", RegexOptions.CultureInvariant)]
    private static partial Regex BachelorDegree();

    [GeneratedRegex(@"\b(?:diploma|hnd|hnc|associate(?:'?s)?\s+degree|foundation\s+degree|level\s+[3-5]\s+(?:diploma|nvq)|nvq\s+level\s+[3-5]|apprenticeship)\b", IgnoreCase)]
    private static partial Regex DiplomaLevel();

    [GeneratedRegex(@"\b(?:high\s+school|ged|gcses?|a[\s-]levels?|secondary\s+school)\b", IgnoreCase)]
    private static partial Regex SecondaryLevel();
}
