using System.Net;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Preparation;

public sealed class InterviewPrepApiTests : IDisposable
{
    private const string JobDescription = """
        Ward manager, surgical unit. You will lead a team of 30 nurses, resolve conflicts on the rota fairly and keep
        patient safety at the centre of every decision. You will mentor newly qualified staff.
        """;

    private readonly TestApp _app = new(StoriesApiTests.ExtraCandidates());

    public void Dispose() => _app.Dispose();

    private async Task<JsonObject> CreateInterviewAsync(string type = "behavioral", string? jobDescription = JobDescription)
    {
        var body = ApiCalls.NewInterviewBody(type: type);
        body["role"] = "Ward manager";
        body["company"] = "Contoso Health";
        if (jobDescription is not null)
        {
            body["jobDescription"] = jobDescription;
        }
        return await _app.ClientFor(TestApp.AcmeRecruiter).CreateAsync(body);
    }

    [Fact]
    public async Task The_candidates_prep_view_maps_their_stories_to_the_job_descriptions_competencies()
    {
        var interview = await CreateInterviewAsync();
        var id = (string)interview["id"]!;
        Assert.Equal(JobDescription, (string)interview["jobDescription"]!);
        var ada = _app.ClientFor(TestApp.AcmeCandidate);
        using var tagged = await ada.PostJsonAsync("/api/stories", StoriesApiTests.StoryBody("Rota dispute", "conflict resolution"));
        var taggedId = (string)(await tagged.JsonAsync())["id"]!;
        var safetyStory = StoriesApiTests.StoryBody("Falls on the ward");
        safetyStory["action"] = "I introduced hourly rounding and a safety huddle at each handover.";
        using var byText = await ada.PostJsonAsync("/api/stories", safetyStory);
        var byTextId = (string)(await byText.JsonAsync())["id"]!;
        // Another candidate's story about leadership must not count for Ada.
        var grace = _app.ClientFor(StoriesApiTests.AcmeCandidateGrace);
        using var hers = await grace.PostJsonAsync("/api/stories", StoriesApiTests.StoryBody("Grace leads", "leadership"));
        await hers.ExpectAsync(HttpStatusCode.Created);

        using var response = await ada.GetAsync($"/api/interviews/{id}/prep");
        await response.ExpectAsync(HttpStatusCode.OK);
        var prep = await response.JsonAsync();

        Assert.Equal("behavioral", (string)prep["type"]!);
        Assert.Equal("behavioral", (string)prep["tips"]!["type"]!);
        Assert.Contains("Contoso Health", (string)prep["companyResearch"]!["sections"]![0]!["prompts"]![0]!, StringComparison.Ordinal);
        Assert.Equal("healthcare", (string)prep["commonQuestions"]!["family"]!);
        Assert.True(prep["questionsToAsk"]!.AsArray().Sum(t => t!["questions"]!.AsArray().Count) >= 15);
        Assert.NotNull(prep["star"]!["example"]);
        Assert.NotNull(prep["strengthsAndWeaknesses"]);
        var plan = prep["competencies"]!;
        Assert.Equal("job-description", (string)plan["source"]!);
        Assert.True((bool)plan["storiesIncluded"]!);
        Assert.Equal(2, (int)plan["storyCount"]!);
        var covered = plan["covered"]!.AsArray().Select(c => (string)c!).ToList();
        var missing = plan["missing"]!.AsArray().Select(c => (string)c!).ToList();
        Assert.Contains("conflict-resolution", covered);
        Assert.Contains("safety", covered);
        Assert.Contains("leadership", missing);
        Assert.Contains("mentoring", missing);
        var conflict = plan["competencies"]!.AsArray().Single(c => (string)c!["id"]! == "conflict-resolution")!;
        Assert.Equal([(taggedId, "tagged")], conflict["stories"]!.AsArray().Select(s => ((string)s!["storyId"]!, (string)s["by"]!)));
        var safety = plan["competencies"]!.AsArray().Single(c => (string)c!["id"]! == "safety")!;
        Assert.Equal(byTextId, (string)safety["stories"]![0]!["storyId"]!);
        Assert.Equal(response.Headers.ETag!.Tag, (string)prep["etag"]!);
    }

    [Fact]
    public async Task The_hiring_team_sees_the_competencies_but_not_the_candidates_stories_and_interviewers_are_refused()
    {
        var id = (string)(await CreateInterviewAsync())["id"]!;
        using var story = await _app.ClientFor(TestApp.AcmeCandidate).PostJsonAsync("/api/stories", StoriesApiTests.StoryBody("Rota dispute", "conflict resolution"));

        using var recruiter = await _app.ClientFor(TestApp.AcmeRecruiter).GetAsync($"/api/interviews/{id}/prep");
        await recruiter.ExpectAsync(HttpStatusCode.OK);
        var plan = (await recruiter.JsonAsync())["competencies"]!;
        Assert.False((bool)plan["storiesIncluded"]!);
        Assert.Null(plan["covered"]);
        Assert.All(plan["competencies"]!.AsArray(), c => Assert.Empty(c!["stories"]!.AsArray()));
        Assert.Contains(plan["competencies"]!.AsArray(), c => (string)c!["id"]! == "conflict-resolution");

        using var interviewer = await _app.ClientFor(TestApp.AcmeInterviewer).GetAsync($"/api/interviews/{id}/prep");
        await interviewer.ProblemAsync(HttpStatusCode.Forbidden);
        using var otherCandidate = await _app.ClientFor(StoriesApiTests.AcmeCandidateGrace).GetAsync($"/api/interviews/{id}/prep");
        await otherCandidate.ProblemAsync(HttpStatusCode.NotFound);
        using var otherTenant = await _app.ClientFor(TestApp.GlobexAdmin).GetAsync($"/api/interviews/{id}/prep");
        await otherTenant.ProblemAsync(HttpStatusCode.NotFound);
        using var missing = await _app.ClientFor(TestApp.AcmeAdmin).GetAsync("/api/interviews/no-such-id/prep");
        await missing.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Without_a_job_description_the_competencies_come_from_the_interview_type()
    {
        var body = ApiCalls.NewInterviewBody(type: "technical");
        var id = (string)(await _app.ClientFor(TestApp.AcmeRecruiter).CreateAsync(body))["id"]!;

        using var response = await _app.ClientFor(TestApp.AcmeCandidate).GetAsync($"/api/interviews/{id}/prep");

        var plan = (await response.JsonAsync())["competencies"]!;
        Assert.Equal("interview-type", (string)plan["source"]!);
        Assert.Contains("problem-solving", plan["missing"]!.AsArray().Select(c => (string)c!));
        Assert.Empty(plan["covered"]!.AsArray());
    }

    [Fact]
    public async Task The_candidate_ticks_checklist_items_guarded_by_if_match_and_the_view_shows_them()
    {
        var interview = await CreateInterviewAsync(type: "technical");
        var id = (string)interview["id"]!;
        var ada = _app.ClientFor(TestApp.AcmeCandidate);
        using var before = await ada.GetAsync($"/api/interviews/{id}/prep");
        var etag = before.Headers.ETag!.Tag;
        var checklist = (await before.JsonAsync())["checklist"]!;
        Assert.Equal(0, (int)checklist["done"]!);
        Assert.Contains(checklist["items"]!.AsArray(), i => (string)i!["id"]! == "tech-api-design" && (string)i["group"]! == "technical");
        Assert.Contains(checklist["items"]!.AsArray(), i => (string)i!["id"]! == "base-resume" && (string)i["group"]! == "base");

        using var ticked = await ada.SendJsonAsync(HttpMethod.Post, $"/api/interviews/{id}/prep/checklist", new JsonObject { ["itemId"] = "tech-api-design", ["done"] = true }, ifMatch: etag);
        await ticked.ExpectAsync(HttpStatusCode.OK);
        var afterTick = await ticked.JsonAsync();
        Assert.Equal(1, (int)afterTick["done"]!);
        Assert.NotEqual(etag, ticked.Headers.ETag!.Tag);

        using var stale = await ada.SendJsonAsync(HttpMethod.Post, $"/api/interviews/{id}/prep/checklist", new JsonObject { ["itemId"] = "base-resume" }, ifMatch: etag);
        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);

        var several = new JsonObject
        {
            ["items"] = new JsonArray(
                new JsonObject { ["itemId"] = "base-resume", ["done"] = true },
                new JsonObject { ["itemId"] = "tech-coding-practice", ["done"] = true },
                new JsonObject { ["itemId"] = "tech-api-design", ["done"] = false }),
        };
        using var recruiterTicks = await _app.ClientFor(TestApp.AcmeRecruiter).SendJsonAsync(HttpMethod.Post, $"/api/interviews/{id}/prep/checklist", several, ifMatch: ticked.Headers.ETag!.Tag);
        await recruiterTicks.ExpectAsync(HttpStatusCode.OK);

        using var after = await ada.GetAsync($"/api/interviews/{id}/prep");
        var items = (await after.JsonAsync())["checklist"]!["items"]!.AsArray();
        Assert.Equal(["base-resume", "tech-coding-practice"], items.Where(i => (bool)i!["done"]!).Select(i => (string)i!["id"]!));
        using var resource = await ada.GetAsync($"/api/interviews/{id}");
        Assert.Equal(2, (int)(await resource.JsonAsync())["prepChecklistDone"]!);

        // Ticking what is already ticked changes nothing, not even the ETag.
        using var again = await ada.PostJsonAsync($"/api/interviews/{id}/prep/checklist", new JsonObject { ["itemId"] = "base-resume", ["done"] = true });
        await again.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(after.Headers.ETag!.Tag, again.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Unknown_or_foreign_checklist_ids_are_refused_and_nothing_changes()
    {
        var id = (string)(await CreateInterviewAsync(type: "technical"))["id"]!;
        var ada = _app.ClientFor(TestApp.AcmeCandidate);
        var url = $"/api/interviews/{id}/prep/checklist";

        using var unknown = await ada.PostJsonAsync(url, new JsonObject { ["itemId"] = "make-coffee", ["done"] = true });
        Assert.Contains("'make-coffee'", await unknown.FieldErrorAsync("itemId"), StringComparison.Ordinal);
        using var otherType = await ada.PostJsonAsync(url, new JsonObject { ["itemId"] = "onsite-dress", ["done"] = true });
        Assert.Contains("another interview type", await otherType.FieldErrorAsync("itemId"), StringComparison.Ordinal);
        using var inList = await ada.PostJsonAsync(url, new JsonObject { ["items"] = new JsonArray(new JsonObject { ["itemId"] = "base-resume" }, new JsonObject { ["itemId"] = "nope" }) });
        await inList.FieldErrorAsync("items[1].itemId");
        using var both = await ada.PostJsonAsync(url, new JsonObject { ["itemId"] = "base-resume", ["items"] = new JsonArray() });
        await both.FieldErrorAsync("items");
        using var missing = await ada.PostJsonAsync(url, new JsonObject { ["done"] = true });
        await missing.FieldErrorAsync("itemId");
        using var unknownField = await ada.PostJsonAsync(url, new JsonObject { ["item"] = "base-resume" });
        await unknownField.FieldErrorAsync("item");

        using var interviewer = await _app.ClientFor(TestApp.AcmeInterviewer).PostJsonAsync(url, new JsonObject { ["itemId"] = "base-resume" });
        await interviewer.ProblemAsync(HttpStatusCode.Forbidden);
        using var grace = await _app.ClientFor(StoriesApiTests.AcmeCandidateGrace).PostJsonAsync(url, new JsonObject { ["itemId"] = "base-resume" });
        await grace.ProblemAsync(HttpStatusCode.NotFound);

        using var view = await ada.GetAsync($"/api/interviews/{id}/prep");
        Assert.Equal(0, (int)(await view.JsonAsync())["checklist"]!["done"]!);
    }

    [Fact]
    public async Task The_job_description_is_validated_and_changes_through_a_patch()
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var body = ApiCalls.NewInterviewBody();
        body["jobDescription"] = new string('j', 20_001);
        using var tooLong = await recruiter.PostJsonAsync("/api/interviews", body);
        await tooLong.FieldErrorAsync("jobDescription");

        var id = (string)(await recruiter.CreateAsync())["id"]!;
        using var patched = await recruiter.SendJsonAsync(HttpMethod.Patch, $"/api/interviews/{id}", new JsonObject { ["jobDescription"] = "You will mentor junior staff." }, contentType: "application/merge-patch+json");
        await patched.ExpectAsync(HttpStatusCode.OK);
        using var prep = await _app.ClientFor(TestApp.AcmeCandidate).GetAsync($"/api/interviews/{id}/prep");
        var plan = (await prep.JsonAsync())["competencies"]!;
        Assert.Equal("job-description", (string)plan["source"]!);
        Assert.Equal(["mentoring"], plan["missing"]!.AsArray().Select(c => (string)c!));

        using var checklistPatch = await recruiter.SendJsonAsync(HttpMethod.Patch, $"/api/interviews/{id}", new JsonObject { ["prepChecklistDone"] = new JsonArray("base-resume") }, contentType: "application/merge-patch+json");
        await checklistPatch.FieldErrorAsync("prepChecklistDone");
    }
}
