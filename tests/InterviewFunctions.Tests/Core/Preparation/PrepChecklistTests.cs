using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation;

namespace InterviewFunctions.Tests.Core.Preparation;

public sealed class PrepChecklistTests
{
    [Fact]
    public void Every_item_id_is_unique_and_shaped_for_urls()
    {
        var all = PrepChecklists.Base.Concat(Enum.GetValues<InterviewType>().SelectMany(PrepChecklists.ForType)).ToList();

        Assert.Equal(all.Count, all.Select(i => i.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(all.Count, PrepChecklists.AllIds.Count);
        Assert.All(all, i => Assert.Matches("^[a-z]+(-[a-z0-9]+)+$", i.Id));
        Assert.All(all, i => Assert.InRange(i.Text.Length, 20, 140));
    }

    [Theory]
    [InlineData(InterviewType.PhoneScreen, "phone-")]
    [InlineData(InterviewType.VideoInterview, "video-")]
    [InlineData(InterviewType.Technical, "tech-")]
    [InlineData(InterviewType.Behavioral, "behav-")]
    [InlineData(InterviewType.OnSite, "onsite-")]
    [InlineData(InterviewType.Panel, "panel-")]
    [InlineData(InterviewType.FinalRound, "final-")]
    [InlineData(InterviewType.Debrief, "debrief-")]
    public void Each_type_adds_its_own_items_after_the_base_list(InterviewType type, string prefix)
    {
        var checklist = PrepChecklists.For(type);
        var own = PrepChecklists.ForType(type);

        Assert.True(own.Count >= 4);
        Assert.All(own, i => Assert.StartsWith(prefix, i.Id, StringComparison.Ordinal));
        Assert.Equal(PrepChecklists.Base.Concat(own), checklist);
    }

    [Fact]
    public void The_checklists_name_what_each_type_is_about()
    {
        Assert.Contains(PrepChecklists.ForType(InterviewType.Technical), i => i.Id == "tech-coding-practice");
        Assert.Contains(PrepChecklists.ForType(InterviewType.Technical), i => i.Id == "tech-api-design");
        Assert.Contains(PrepChecklists.ForType(InterviewType.Technical), i => i.Id == "tech-data-structures");
        Assert.Contains(PrepChecklists.ForType(InterviewType.Behavioral), i => i.Text.Contains("disagreement", StringComparison.Ordinal));
        Assert.Contains(PrepChecklists.ForType(InterviewType.OnSite), i => i.Id == "onsite-route");
        Assert.Contains(PrepChecklists.ForType(InterviewType.Panel), i => i.Id == "panel-story-per-role");
        Assert.Contains(PrepChecklists.ForType(InterviewType.FinalRound), i => i.Id == "final-compensation");
        Assert.Contains(PrepChecklists.ForType(InterviewType.VideoInterview), i => i.Id == "video-lighting");
    }

    [Theory]
    [InlineData(24 * 7, PrepPackKind.Research)]
    [InlineData(72, PrepPackKind.Research)]
    [InlineData(71.5, PrepPackKind.Stories)]
    [InlineData(48, PrepPackKind.Stories)]
    [InlineData(24, PrepPackKind.Stories)]
    [InlineData(2.5, PrepPackKind.Stories)]
    [InlineData(2, PrepPackKind.Logistics)]
    [InlineData(0.25, PrepPackKind.Logistics)]
    public void The_pack_follows_the_time_left(double hours, PrepPackKind kind)
    {
        var pack = PrepPacks.For(TestInterviews.At("Europe/London", 2026, 5, 4, 9, 0), TimeSpan.FromHours(hours));

        Assert.Equal(kind, PrepPacks.KindFor(TimeSpan.FromHours(hours)));
        Assert.Equal(kind, pack.Kind);
    }

    [Fact]
    public void Research_and_story_packs_cover_what_they_promise()
    {
        var interview = TestInterviews.At("Europe/London", 2026, 5, 4, 9, 0);

        var research = PrepPacks.For(interview, TimeSpan.FromHours(72)).Items.Select(i => i.Id).ToList();
        var stories = PrepPacks.For(interview, TimeSpan.FromHours(24)).Items;

        Assert.Equal(["research-mission", "research-products", "research-news", "research-competitors", "research-team", "research-role-impact"], research);
        Assert.Contains(stories, i => i.Id == "stories-star" && i.Text.Contains("Situation", StringComparison.Ordinal)
            && i.Text.Contains("Task", StringComparison.Ordinal) && i.Text.Contains("Actions", StringComparison.Ordinal) && i.Text.Contains("Result", StringComparison.Ordinal));
        Assert.Contains(stories, i => i.Id == "stories-questions");
    }

    [Fact]
    public void Logistics_depend_on_how_the_candidate_attends()
    {
        var onSite = TestInterviews.At("Europe/London", 2026, 5, 4, 9, 0, InterviewType.OnSite) with { MeetingLink = null };
        var video = onSite with { Type = InterviewType.VideoInterview, Location = null, MeetingLink = "https://meet.example.com/x" };
        var phone = onSite with { Type = InterviewType.PhoneScreen, Location = null };

        var onSiteIds = PrepPacks.For(onSite, TimeSpan.FromHours(2)).Items.Select(i => i.Id).ToList();
        var videoIds = PrepPacks.For(video, TimeSpan.FromHours(2)).Items.Select(i => i.Id).ToList();
        var phoneIds = PrepPacks.For(phone, TimeSpan.FromHours(1)).Items.Select(i => i.Id).ToList();

        Assert.Contains("logistics-route", onSiteIds);
        Assert.Contains("logistics-id", onSiteIds);
        Assert.DoesNotContain("logistics-link", onSiteIds);
        Assert.DoesNotContain("logistics-quiet-room", onSiteIds);
        Assert.Contains("logistics-link", videoIds);
        Assert.Contains("logistics-quiet-room", videoIds);
        Assert.DoesNotContain("logistics-route", videoIds);
        Assert.Contains("logistics-phone", phoneIds);
        Assert.All(new[] { onSiteIds, videoIds, phoneIds }, ids => Assert.Contains("logistics-devices", ids));
    }
}
