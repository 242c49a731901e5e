using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation;
using InterviewFunctions.Core.Preparation.Coaching;

namespace InterviewFunctions.Tests.Preparation;

public sealed class CoachingContentTests
{
    [Fact]
    public void There_are_at_least_fifteen_distinct_questions_to_ask_spread_over_at_least_five_themes()
    {
        var questions = QuestionsToAsk.Themes.SelectMany(t => t.Questions).ToList();

        Assert.True(questions.Count >= 15, $"{questions.Count} questions");
        Assert.True(QuestionsToAsk.Themes.Count >= 5);
        Assert.Equal(questions.Count, questions.Select(q => q.Text).Distinct().Count());
        Assert.All(QuestionsToAsk.Themes, t => Assert.True(t.Questions.Count >= 2, t.Id));
        Assert.All(questions, q => Assert.EndsWith("?", q.Text, StringComparison.Ordinal));
        Assert.All(questions, q => Assert.False(string.IsNullOrWhiteSpace(q.Why)));
        Assert.Equal(QuestionsToAsk.Themes.Count, QuestionsToAsk.Themes.Select(t => t.Id).Distinct().Count());
        Assert.Contains(QuestionsToAsk.Themes, t => t.Id == "growth");
        Assert.Contains(QuestionsToAsk.Themes, t => t.Id == "culture");
    }

    [Theory]
    [InlineData(InterviewType.Technical, "tech-coding-practice", "tech-api-design")]
    [InlineData(InterviewType.Behavioral, "behav-conflict", "behav-leadership")]
    [InlineData(InterviewType.OnSite, "onsite-route", "onsite-portfolio", "onsite-dress")]
    public void The_materials_checklist_holds_the_base_and_the_additions_the_issue_names(InterviewType type, params string[] ids)
    {
        var materials = PrepMaterialsBuilder.Build(type, null, null, new BuiltInCommonQuestions());

        var additions = Assert.Single(materials.Checklist.ByType);
        Assert.Equal(type, additions.Type);
        Assert.All(ids, id => Assert.Contains(additions.Items, i => i.Id == id));
        Assert.Equal(PrepChecklists.Base.Select(i => i.Id), materials.Checklist.Base.Select(i => i.Id));
        Assert.Single(materials.Tips);
    }

    [Fact]
    public void Without_a_type_the_materials_cover_every_type()
    {
        var materials = PrepMaterialsBuilder.Build(null, null, null, new BuiltInCommonQuestions());

        Assert.Equal(Enum.GetValues<InterviewType>(), materials.Checklist.ByType.Select(c => c.Type));
        Assert.Equal(Enum.GetValues<InterviewType>(), materials.Tips.Select(t => t.Type));
        Assert.Equal("general", materials.CommonQuestions.Family);
    }

    [Fact]
    public void Every_interview_type_has_a_duration_key_tips_and_timing()
    {
        Assert.Equal(Enum.GetValues<InterviewType>().Length, InterviewTypeTips.All.Count);
        Assert.All(InterviewTypeTips.All, tips =>
        {
            Assert.True(tips.TypicalMinMinutes > 0 && tips.TypicalMinMinutes < tips.TypicalMaxMinutes, tips.Type.ToString());
            Assert.False(string.IsNullOrWhiteSpace(tips.ExpectedDuration));
            Assert.True(tips.KeyTips.Count >= 4, tips.Type.ToString());
            Assert.True(tips.Timing.Count >= 3, tips.Type.ToString());
        });
        // No two types share a tip: each type's advice is its own.
        var allTips = InterviewTypeTips.All.SelectMany(t => t.KeyTips).ToList();
        Assert.Equal(allTips.Count, allTips.Distinct().Count());
    }

    [Fact]
    public void The_star_guide_has_its_four_parts_a_worked_example_and_two_to_three_minutes_per_story()
    {
        var guide = StarMethod.Guide;

        Assert.Equal(["S", "T", "A", "R"], guide.Steps.Select(s => s.Letter));
        Assert.Equal(100, guide.Steps.Sum(s => s.Share));
        Assert.True(guide.Steps.Single(s => s.Letter == "A").Share >= 50, "the action carries most of the answer");
        Assert.Equal((2, 3), (guide.Timing.MinMinutes, guide.Timing.MaxMinutes));
        Assert.Equal(4, guide.Timing.Marks.Count);
        Assert.Contains("I ", guide.Example.Action, StringComparison.Ordinal);
        Assert.Matches(@"\d", guide.Example.Result);
        Assert.NotEmpty(guide.Mistakes);
    }

    [Fact]
    public void The_company_research_template_has_the_six_sections_with_the_company_woven_into_the_prompts()
    {
        var template = CompanyResearch.For("  Northwind Traders ");

        Assert.Equal("Northwind Traders", template.Company);
        Assert.Equal(CompanyResearch.SectionIds, template.Sections.Select(s => s.Id));
        Assert.Equal(["overview", "culture-and-team", "financials-and-growth", "recent-news", "competitive-landscape", "manager-and-team"], template.Sections.Select(s => s.Id));
        Assert.All(template.Sections, s =>
        {
            Assert.True(s.Prompts.Count >= 3, s.Id);
            Assert.NotEmpty(s.WhereToLook);
            Assert.Contains(s.Prompts, p => p.Contains("Northwind Traders", StringComparison.Ordinal));
        });
        Assert.Contains("Northwind Traders", template.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void The_strengths_and_weaknesses_framework_gives_steps_an_example_and_what_to_avoid()
    {
        var guide = StrengthsAndWeaknesses.Guide;

        foreach (var part in new[] { guide.Strengths, guide.Weaknesses })
        {
            Assert.EndsWith("?", part.Question, StringComparison.Ordinal);
            Assert.True(part.Steps.Count >= 3);
            Assert.True(part.Example.Length > 100);
            Assert.NotEmpty(part.Avoid);
        }
        Assert.Contains(guide.Weaknesses.Avoid, a => a.Contains("perfectionist", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Registered nurse", null, "healthcare")]
    [InlineData(null, "registered-nursing", "healthcare")]
    [InlineData("Senior Backend Developer", null, "software")]
    [InlineData("Mechanical engineer", null, "engineering")]
    [InlineData("Warehouse team lead", null, "operations")]
    [InlineData("Astronaut", null, "general")]
    public void Common_questions_follow_the_role_family(string? roleFamily, string? domain, string family)
    {
        var set = new BuiltInCommonQuestions().Find(roleFamily, domain, null, 10);

        Assert.Equal(family, set.Family);
        Assert.InRange(set.Questions.Count, 1, 10);
        Assert.Contains(set.Questions, q => q.Text == "Tell me about yourself.");
    }

    [Fact]
    public void Common_questions_put_the_interview_types_own_kind_first()
    {
        var technical = new BuiltInCommonQuestions().Find("backend", null, InterviewType.Technical, 3);
        var behavioral = new BuiltInCommonQuestions().Find("backend", null, InterviewType.Behavioral, 3);

        Assert.All(technical.Questions, q => Assert.Equal("technical", q.Kind));
        Assert.All(behavioral.Questions, q => Assert.Contains(q.Kind, new[] { "behavioral", "situational" }));
    }
}
