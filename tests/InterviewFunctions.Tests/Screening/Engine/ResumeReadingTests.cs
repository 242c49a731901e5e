using InterviewFunctions.Core.Preparation;
using InterviewFunctions.Core.Screening;
using static InterviewFunctions.Tests.Screening.Engine.ScreeningSamples;

namespace InterviewFunctions.Tests.Screening.Engine;

/// <summary>Reading resumes (sections, dates, years) and jobs (requirements and their required-ness).</summary>
public sealed class ResumeReadingTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 20);

    [Theory]
    [InlineData("Jan 2019 – Present", "2019-01..2026-11")]
    [InlineData("January 2019 - present", "2019-01..2026-11")]
    [InlineData("2015-2018", "2015-01..2017-12")]
    [InlineData("2015 — 2018", "2015-01..2017-12")]
    [InlineData("03/2020 - 06/2022", "2020-03..2022-06")]
    [InlineData("May 2018 to Aug 2021", "2018-05..2021-08")]
    [InlineData("Sept. 2017 – Mar. 2019", "2017-09..2019-03")]
    [InlineData("2019 – now", "2019-01..2026-11")]
    [InlineData("Since 2020", "2020-01..2026-11")]
    [InlineData("Senior Accountant, Brightwater Foods — Feb 2019 – Present", "2019-02..2026-11")]
    [InlineData("Staff Nurse | Royal Infirmary | Jun 2012 – Current", "2012-06..2026-11")]
    [InlineData("2018 - 2018", "2018-01..2018-12")]
    [InlineData("Oct 2025 – Dec 2027", "2025-10..2026-11")]
    public void Reads_date_ranges_in_their_common_forms(string line, string expected)
    {
        Assert.Equal(expected, ResumeDates.FindRange(line, AsOf)?.ToString());
    }

    [Theory]
    [InlineData("Call 0161 496 0000")]
    [InlineData("Graduated 2012")]
    [InlineData("Processed 1200-1500 parcels a day")]
    [InlineData("Summary of 2019 results")]
    [InlineData("2020 - 2015")]
    public void Ignores_what_is_not_a_date_range(string line)
    {
        Assert.Null(ResumeDates.FindRange(line, AsOf));
    }

    [Fact]
    public void Present_is_the_upload_day_not_the_clock()
    {
        var then = ResumeDates.FindRange("Jan 2020 - Present", new DateOnly(2021, 12, 31));

        Assert.Equal(24, then?.Months);
    }

    [Fact]
    public void Overlapping_roles_are_counted_once()
    {
        var spans = new[] { "Jan 2015 - Dec 2018", "Jun 2018 - Dec 2019", "2017 - 2018", "Jan 2022 - Dec 2022" }
            .Select(l => ResumeDates.FindRange(l, AsOf)!.Value).ToList();

        // 2015-01 to 2019-12 is 60 months; 2022 adds 12; the gap in 2020-2021 adds nothing.
        Assert.Equal(72, ResumeDates.MergedMonths(spans));
        Assert.Equal(72, ResumeDates.MergedMonths(Enumerable.Reverse(spans)));
        Assert.Equal(0, ResumeDates.MergedMonths([]));
    }

    [Fact]
    public void Reads_sections_roles_and_years_and_leaves_education_dates_out()
    {
        var resume = ResumeReader.Read(StrongBackend, AsOf);

        Assert.True(resume.HasSections);
        Assert.Equal(3, resume.Roles.Count);
        Assert.Equal([9, 15, 20], resume.Roles.Select(r => r.DateLine));
        // 2021-01..2026-11 (71) + 2018-03..2020-12 (34) + 2016..2017 (24); the degree's 2012-2015 is not work.
        Assert.Equal(71 + 34 + 24, resume.ExperienceMonths);
        Assert.Equal((8, 5), resume.ClaimedYears);
        var lines = resume.Lines;
        Assert.Equal(ResumeSection.Summary, lines[4].Section);
        Assert.True(lines[6].IsHeading);
        Assert.Equal(ResumeSection.Experience, lines[9].Section);
        // The title line above the dates belongs to the role they date.
        Assert.Equal(1, lines[13].Role);
        Assert.Equal(1, lines[16].Role);
        Assert.Equal(ResumeSection.Education, lines[23].Section);
        Assert.Equal(ResumeSection.Skills, lines[26].Section);
    }

    [Theory]
    [InlineData("EXPERIENCE", ResumeSection.Experience)]
    [InlineData("Work History", ResumeSection.Experience)]
    [InlineData("Employment:", ResumeSection.Experience)]
    [InlineData("Professional Experience", ResumeSection.Experience)]
    [InlineData("## Education", ResumeSection.Education)]
    [InlineData("Technical Skills", ResumeSection.Skills)]
    [InlineData("Licences & Certifications", ResumeSection.Certifications)]
    [InlineData("Certifications", ResumeSection.Certifications)]
    [InlineData("Professional Summary", ResumeSection.Summary)]
    [InlineData("Projects", ResumeSection.Projects)]
    [InlineData("Skills: Go, SQL", ResumeSection.Skills)]
    public void Recognises_section_headings(string line, ResumeSection section)
    {
        Assert.Equal(section, ResumeReader.Heading(line)?.Section);
    }

    [Theory]
    [InlineData("Built the experience layer for our app")]
    [InlineData("Led education outreach in 14 schools across the region")]
    public void Does_not_take_sentences_for_headings(string line)
    {
        Assert.Null(ResumeReader.Heading(line));
    }

    [Fact]
    public void Reads_required_and_nice_to_have_from_the_description()
    {
        var job = NewJob("Platform Engineer", """
            About the role
            You will run our platform on AWS.
            Requirements:
            - Kubernetes in production
            - At least three years of experience
            Nice to have:
            - Terraform
            - Kafka
            Experience with Redis is a plus. PostgreSQL is required.
            PMP certification preferred.
            """, []);

        var requirements = JobReading.Read(job, SkillLexicon.Default);

        Assert.True(requirements.Single(r => r.Label == "Kubernetes").Required);
        Assert.True(requirements.Single(r => r.Label == "AWS").Required);
        Assert.False(requirements.Single(r => r.Label.StartsWith("Infrastructure as code", StringComparison.Ordinal)).Required);
        Assert.False(requirements.Single(r => r.Label == "Kafka").Required);
        Assert.False(requirements.Single(r => r.Label == "Caching (Redis)").Required);
        Assert.True(requirements.Single(r => r.Label == "PostgreSQL").Required);
        var pmp = requirements.Single(r => r.Label == "Project management certification (PMP, PRINCE2)");
        Assert.Equal(RequirementKind.Certification, pmp.Kind);
        Assert.False(pmp.Required);
        var experience = requirements.Single(r => r.Kind == RequirementKind.Experience);
        Assert.Equal(3, experience.MinYears);
        Assert.Equal("3+ years of experience", experience.Label);
    }

    [Theory]
    [InlineData("5+ years of backend development", 5, null)]
    [InlineData("At least three years in a similar role", 3, null)]
    [InlineData("3-5 years of experience in accounts payable", 3, 5)]
    [InlineData("Minimum of 2 years' warehouse experience", 2, null)]
    public void Reads_years_from_the_description(string description, int min, int? max)
    {
        var experience = JobReading.Read(NewJob("Role", description, []), SkillLexicon.Default).Single(r => r.Kind == RequirementKind.Experience);

        Assert.Equal(min, experience.MinYears);
        Assert.Equal(max, experience.MaxYears);
    }

    [Fact]
    public void The_job_experience_range_wins_over_the_description()
    {
        var experience = JobReading.Read(NewJob("Role", "10+ years of experience", [], minYears: 4, maxYears: 8), SkillLexicon.Default).Single(r => r.Kind == RequirementKind.Experience);

        Assert.Equal((4, 8), (experience.MinYears, experience.MaxYears));
    }

    [Theory]
    [InlineData("Bachelor's degree in nursing or equivalent experience", EducationLevel.Bachelor, "nursing", true)]
    [InlineData("BSc in Computer Science, or a related field", EducationLevel.Bachelor, "Computer Science", false)]
    [InlineData("An MSc in Chemical Engineering is required", EducationLevel.Master, "Chemical Engineering", false)]
    [InlineData("PhD in machine learning preferred", EducationLevel.Doctorate, "machine learning", false)]
    [InlineData("A diploma in culinary arts", EducationLevel.Diploma, "culinary arts", false)]
    public void Reads_education_from_the_description(string description, EducationLevel level, string? field, bool equivalent)
    {
        var education = JobReading.Read(NewJob("Role", description, []), SkillLexicon.Default).Single(r => r.Kind == RequirementKind.Education);

        Assert.Equal(level, education.Level);
        Assert.Equal(field, education.Field);
        Assert.Equal(equivalent, education.EquivalentExperienceAccepted);
    }

    [Fact]
    public void Alternatives_are_one_requirement_and_the_job_list_decides()
    {
        var requirements = JobReading.Read(NewJob("Role", "Cloud experience with AWS or Azure. Services in Go or Java.", ["Go"]), SkillLexicon.Default);

        var cloud = requirements.Single(r => r.Label == "AWS or Microsoft Azure");
        Assert.Equal(["aws", "azure"], cloud.Skills.Select(s => s.Id));
        Assert.DoesNotContain(requirements, r => r.Skills.Any(s => s.Id == "java"));
    }

    [Theory]
    [InlineData("Forklift licence", "forklift")]
    [InlineData("CPA", "cpa")]
    [InlineData("AWS Certified Solutions Architect", "aws-certification")]
    [InlineData("CKA", "kubernetes-certification")]
    [InlineData("PRINCE2 Practitioner", "pm-certification")]
    [InlineData("Full UK driving licence", "driving-licence")]
    [InlineData("Emergency First Aid at Work", "first-aid")]
    [InlineData("CDL Class A", "cdl")]
    public void Certifications_and_licences_are_their_own_kind(string written, string skill)
    {
        var requirement = Assert.Single(JobReading.Read(NewJob("Role", "", [written]), SkillLexicon.Default));

        Assert.Equal(RequirementKind.Certification, requirement.Kind);
        Assert.Equal(skill, requirement.Skills[0].Id);
    }
}
