using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation;
using InterviewFunctions.Core.Preparation.Stories;

namespace InterviewFunctions.Tests.Preparation;

public sealed class CompetencyTests
{
    private const string JobDescription = """
        Ward manager, surgical unit. You will lead a team of 30 nurses and healthcare assistants, resolve conflicts
        on the rota fairly, and keep patient safety at the centre of every decision. You will mentor newly qualified
        staff and work with consultants and hospital managers (our key stakeholders) to improve patient flow.
        """;

    [Fact]
    public void The_lexicon_has_unique_ids_and_every_competency_has_cues_and_a_story_prompt()
    {
        Assert.True(Competencies.All.Count >= 13);
        Assert.Equal(Competencies.All.Count, Competencies.All.Select(c => c.Id).Distinct().Count());
        Assert.All(Competencies.All, c =>
        {
            Assert.Matches("^[a-z]+(-[a-z]+)*$", c.Id);
            Assert.True(c.Cues.Count >= 5, c.Id);
            Assert.EndsWith(".", c.StoryPrompt, StringComparison.Ordinal);
        });
        foreach (var id in new[] { "leadership", "conflict-resolution", "ownership", "communication", "teamwork", "problem-solving", "customer-focus", "adaptability", "attention-to-detail", "stakeholder-management", "mentoring", "data-driven-decisions", "safety" })
        {
            Assert.Contains(Competencies.All, c => c.Id == id);
        }
    }

    [Fact]
    public void A_job_description_reveals_the_competencies_it_asks_for_with_the_words_that_show_them()
    {
        var found = Competencies.FindIn(JobDescription).ToDictionary(m => m.Competency.Id, m => m.Cues);

        Assert.Contains("lead", found["leadership"]);
        Assert.Contains("conflict*", found["conflict-resolution"]);
        Assert.Contains("safety", found["safety"]);
        Assert.Contains("mentor*", found["mentoring"]);
        Assert.Contains("stakeholder*", found["stakeholder-management"]);
        Assert.Contains("patient*", found["customer-focus"]);
        Assert.DoesNotContain("data-driven-decisions", found.Keys);
    }

    [Theory]
    [InlineData("We are misleading nobody.", "leadership")]
    [InlineData("Unsafe shortcuts.", "safety")]
    public void Cues_match_whole_words_only(string text, string absent)
    {
        Assert.DoesNotContain(Competencies.FindIn(text), m => m.Competency.Id == absent);
    }

    [Theory]
    [InlineData("Conflict management", "conflict-resolution")]
    [InlineData("conflict_resolution", "conflict-resolution")]
    [InlineData("  Stakeholder   Management ", "stakeholder-management")]
    [InlineData("coaching", "mentoring")]
    [InlineData("knitting", null)]
    public void Names_and_aliases_find_their_competency(string name, string? id)
    {
        Assert.Equal(id, Competencies.Find(name)?.Id);
    }

    [Fact]
    public void Stories_cover_competencies_by_their_tags_or_by_their_words_and_the_rest_are_missing()
    {
        var tagged = Story("s1", "Rota dispute", "Two nurses wanted the same leave.", "Find a fair answer.", "I met both and proposed a swap.", "Both accepted.", ["conflict-resolution"]);
        var byText = Story("s2", "Falls", "Falls were rising on the ward.", "Reduce them.", "I introduced hourly checks and safety huddles.", "Falls halved in three months.", []);
        var unrelated = Story("s3", "Spreadsheet", "A rota file.", "Tidy it.", "I sorted columns.", "It was sorted.", ["knitting"]);

        var report = StoryCoverageMap.Compute(JobDescription, InterviewType.Behavioral, [tagged, byText, unrelated]);

        Assert.Equal("job-description", report.Source);
        Assert.Equal(3, report.StoryCount);
        var conflict = report.Competencies.Single(c => c.Id == "conflict-resolution");
        Assert.Equal([("s1", "tagged")], conflict.Stories.Select(s => (s.StoryId, s.By)));
        var safety = report.Competencies.Single(c => c.Id == "safety");
        var evidence = Assert.Single(safety.Stories);
        Assert.Equal(("s2", "text"), (evidence.StoryId, evidence.By));
        Assert.Contains("safety", evidence.Cues);
        Assert.Contains("conflict-resolution", report.Covered);
        Assert.Contains("safety", report.Covered);
        Assert.Contains("mentoring", report.Missing);
        Assert.Contains("stakeholder-management", report.Missing);
        Assert.Empty(report.Covered.Intersect(report.Missing));
        Assert.Equal(report.Competencies.Count, report.Covered.Count + report.Missing.Count);
        Assert.InRange(report.Competencies.Count, 1, StoryCoverageMap.MaxCompetencies);
    }

    [Fact]
    public void Without_competencies_in_the_text_the_interview_types_usual_ones_are_used()
    {
        var report = StoryCoverageMap.Compute("Backend Engineer", InterviewType.Technical, []);

        Assert.Equal("interview-type", report.Source);
        Assert.Equal(Competencies.TypicalFor(InterviewType.Technical).Select(c => c.Id), report.Competencies.Select(c => c.Id));
        Assert.Equal(report.Competencies.Select(c => c.Id), report.Missing);
        Assert.Empty(report.Covered);
    }

    [Fact]
    public void Story_rules_validate_lengths_and_normalise_competencies_and_tags()
    {
        var now = DateTimeOffset.UnixEpoch;
        var (story, _) = StoryRules.Create(new StoryRequest("T", "S", "T", "A", "R", ["Conflict management", "conflict resolution", "Knitting"], ["Launch", "launch"]), "acme", "ada@example.com", "id-1", now);
        Assert.Equal(["conflict-resolution", "knitting"], story!.Competencies);
        Assert.Equal(["launch"], story.Tags);

        var (refused, errors) = StoryRules.Create(new StoryRequest(new string('x', StoryRules.MaxTitle + 1), null, "T", "A", new string('r', StoryRules.MaxPart + 1),
            Enumerable.Repeat("x", StoryRules.MaxCompetencies + 1).ToArray(), [""]), "acme", "ada@example.com", "id-2", now);
        Assert.Null(refused);
        Assert.Equal(["competencies", "result", "situation", "tags[0]", "title"], errors.Keys.Order(StringComparer.Ordinal));
    }

    private static StarStory Story(string id, string title, string situation, string task, string action, string result, string[] competencies) => new()
    {
        Id = id,
        TenantId = "acme",
        Owner = "ada@example.com",
        Title = title,
        Situation = situation,
        Task = task,
        Action = action,
        Result = result,
        Competencies = competencies,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };
}
