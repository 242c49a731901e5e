using System.Globalization;
using System.Text.RegularExpressions;

namespace InterviewFunctions.Core.Screening;

public enum ResumeSection
{
    /// <summary>Before any heading: name, contact details, often a headline.</summary>
    Header,
    Summary,
    Experience,
    Education,
    Skills,
    Certifications,
    Projects,
    Other,
}

/// <param name="Number">1-based, over the resume text's lines.</param>
/// <param name="Role">Index into <see cref="ResumeDocument.Roles"/> for a line of the work history; -1 otherwise.</param>
/// <param name="Injection">The injection rule the line matches; such a line earns no credit.</param>
public sealed record ResumeLine(int Number, string Text, ResumeSection Section, bool IsHeading, int Role, string? Injection)
{
    public bool Credited => Injection is null && !IsHeading && Text.Length > 0;
}

/// <param name="DateLine">The line the dates are on.</param>
public sealed record ResumeRole(int DateLine, MonthSpan Span);

/// <param name="ExperienceMonths">Months of the work history's date ranges, overlaps counted once.</param>
/// <param name="ClaimedYears">The most years of experience the text claims ("8 years of experience"), and on which line.</param>
public sealed record ResumeDocument(
    IReadOnlyList<ResumeLine> Lines,
    IReadOnlyList<ResumeRole> Roles,
    int ExperienceMonths,
    (int Years, int Line)? ClaimedYears,
    bool HasSections)
{
    public double ExperienceYears => ExperienceMonths / 12.0;
}

/// <summary>
/// Reads a resume's text: which section each line is in (by the headings resumes use), the roles of the work history
/// with their date ranges, total years from the merged ranges, and years claimed in the text. Lines matching an
/// injection pattern are marked and earn nothing downstream.
/// </summary>
public static partial class ResumeReader
{
    public static ResumeDocument Read(string text, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(text);
        var raw = text.Split('\n');
        var section = ResumeSection.Header;
        var lines = new List<ResumeLine>(raw.Length);
        var hasSections = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var line = raw[i].TrimEnd('\r').Trim();
            var heading = Heading(line);
            if (heading is { } found)
            {
                section = found.Section;
                hasSections = true;
            }
            var injection = line.Length == 0 ? null : InjectionPatterns.Find(line) is [var first, ..] ? first.Rule : null;
            lines.Add(new ResumeLine(i + 1, line, section, heading is { Inline: false }, -1, injection));
        }

        // Without headings every dated line may be a job; with them, only the work history's (not the degree's) are.
        var roles = new List<ResumeRole>();
        var roleOfLine = new int[lines.Count];
        Array.Fill(roleOfLine, -1);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var inHistory = hasSections ? line.Section == ResumeSection.Experience : line.Section != ResumeSection.Education;
            if (!inHistory || !line.Credited || ResumeDates.FindRange(line.Text, asOf) is not { } span)
            {
                continue;
            }
            roles.Add(new ResumeRole(line.Number, span));
            roleOfLine[i] = roles.Count - 1;
            // A title line just above the dates ("Staff Nurse, St Mary's") belongs to the role they date.
            var previous = i - 1;
            if (previous >= 0 && lines[previous].Credited && roleOfLine[previous] < 0 && IsTitleLike(lines[previous].Text) && lines[previous].Section == line.Section)
            {
                roleOfLine[previous] = roles.Count - 1;
            }
        }
        // Every other line of the work history belongs to the role above it (or, before the first dates, to the first).
        var current = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            var inHistory = hasSections ? lines[i].Section == ResumeSection.Experience : lines[i].Section != ResumeSection.Education;
            if (!inHistory || lines[i].IsHeading)
            {
                continue;
            }
            if (roleOfLine[i] >= 0)
            {
                current = roleOfLine[i];
                continue;
            }
            roleOfLine[i] = current >= 0 ? current : (roles.Count > 0 ? NextRole(roleOfLine, i) : -1);
        }
        for (var i = 0; i < lines.Count; i++)
        {
            if (roleOfLine[i] >= 0)
            {
                lines[i] = lines[i] with { Role = roleOfLine[i] };
            }
        }

        (int Years, int Line)? claimed = null;
        foreach (var line in lines)
        {
            if (!line.Credited)
            {
                continue;
            }
            foreach (Match match in ClaimedYearsPattern().Matches(line.Text))
            {
                if (JobReading.Number(match.Groups["n"].Value) is { } years && years is > 0 and <= 50 && (claimed is null || years > claimed.Value.Years))
                {
                    claimed = (years, line.Number);
                }
            }
        }

        return new ResumeDocument(lines, roles, ResumeDates.MergedMonths(roles.Select(r => r.Span)), claimed, hasSections);
    }

    private static int NextRole(int[] roleOfLine, int from)
    {
        for (var i = from; i < roleOfLine.Length; i++)
        {
            if (roleOfLine[i] >= 0)
            {
                return roleOfLine[i];
            }
        }
        return -1;
    }

    private static bool IsTitleLike(string text) =>
        text.Length <= 90 && !text.StartsWith('-') && !text.StartsWith('•') && !text.StartsWith('*') && !text.StartsWith('·') && !text.EndsWith('.');

    /// <summary>A heading line ("EXPERIENCE", "Work history:"), or an inline one ("Skills: Go, SQL") that also holds content.</summary>
    public static (ResumeSection Section, bool Inline)? Heading(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Length == 0 || line.Length > 200)
        {
            return null;
        }
        var trimmed = line.TrimStart('#', '*', '•', '-', '=', '_', ' ', '\t');
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var inline = colon > 0 && colon < trimmed.Length - 1 && trimmed[(colon + 1)..].Trim().Length > 0;
        var title = (colon > 0 ? trimmed[..colon] : trimmed).Trim().TrimEnd('*', '#', '=', '_', ' ').Trim();
        if (title.Length is 0 or > 45)
        {
            return null;
        }
        var section = SectionOf(title);
        return section is { } s ? (s, inline) : null;
    }

    private static ResumeSection? SectionOf(string title)
    {
        var t = Spaces().Replace(title.ToLowerInvariant().Replace('&', ' '), " ").Replace(" and ", " ", StringComparison.Ordinal).Trim();
        return t switch
        {
            _ when CertificationHeading().IsMatch(t) => ResumeSection.Certifications,
            _ when ExperienceHeading().IsMatch(t) => ResumeSection.Experience,
            _ when EducationHeading().IsMatch(t) => ResumeSection.Education,
            _ when SkillsHeading().IsMatch(t) => ResumeSection.Skills,
            _ when SummaryHeading().IsMatch(t) => ResumeSection.Summary,
            _ when ProjectsHeading().IsMatch(t) => ResumeSection.Projects,
            _ when OtherHeading().IsMatch(t) => ResumeSection.Other,
            _ => null,
        };
    }

    private const RegexOptions Options = RegexOptions.CultureInvariant;

    [GeneratedRegex(@"^(?:(?:professional|relevant|work|employment|career|clinical|nursing|industry|teaching|military|previous)\s+)*(?:experience|history|employment|background)(?:\s+history)?$|^(?:work|employment|career|professional)\s+history$|^positions\s+held$|^employment$|^experience$", Options)]
    private static partial Regex ExperienceHeading();

    [GeneratedRegex(@"^(?:education|academic\s+(?:background|qualifications|history)|qualifications|education\s+(?:training|qualifications)|training\s+education|degrees?)$", Options)]
    private static partial Regex EducationHeading();

    [GeneratedRegex(@"^(?:(?:key|core|technical|professional|relevant|clinical|other|additional)\s+)*(?:skills?|competenc(?:ies|es)|expertise|technologies|tools|skills\s+(?:summary|tools|technologies|expertise))(?:\s+(?:tools|technologies))?$|^tech(?:nical)?\s+stack$|^areas\s+of\s+expertise$", Options)]
    private static partial Regex SkillsHeading();

    [GeneratedRegex(@"^(?:(?:professional|key)\s+)?(?:certifications?|certificates?|licen[cs]es?|licen[cs]es?\s+certifications?|certifications?\s+licen[cs]es?|registrations?|accreditations?|memberships?|professional\s+qualifications|qualifications\s+certifications?|certifications?\s+training|training\s+certifications?)$", Options)]
    private static partial Regex CertificationHeading();

    [GeneratedRegex(@"^(?:(?:professional|career|personal|executive)\s+)?(?:summary|profile|objective|statement)$|^about(?:\s+me)?$|^overview$", Options)]
    private static partial Regex SummaryHeading();

    [GeneratedRegex(@"^(?:(?:selected|key|personal|side|notable|open\s+source)\s+)?projects$", Options)]
    private static partial Regex ProjectsHeading();

    [GeneratedRegex(@"^(?:interests|hobbies|references|languages|volunteering|volunteer\s+experience|awards|achievements|publications|additional\s+information)$", Options)]
    private static partial Regex OtherHeading();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\b(?<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty)\s*\+?\s*(?:years?|yrs?)(?:['’])?\s+(?:of\s+)?(?:[\w-]+\s+){0,3}?(?:experience|expertise)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 250)]
    private static partial Regex ClaimedYearsPattern();

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
