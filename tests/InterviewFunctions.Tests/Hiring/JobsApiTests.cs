using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Hiring;

/// <summary>The jobs API through the real app on its embedded store.</summary>
public sealed class JobsApiTests : IDisposable
{
    private readonly TestApp _app = new();
    private readonly HttpClient _recruiter;

    public JobsApiTests() => _recruiter = _app.ClientFor(TestApp.AcmeRecruiter);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Creating_answers_201_with_location_and_etag_and_a_draft_with_tidy_skills()
    {
        var body = HiringCalls.JobBody();
        body["requiredSkills"] = new JsonArray(" AutoCAD ", "autocad", "Site safety", "AUTOCAD");

        using var response = await _recruiter.PostAsJsonAsync("/api/jobs", body);

        await response.ExpectAsync(HttpStatusCode.Created);
        var job = await response.JsonAsync();
        var id = (string)job["id"]!;
        Assert.Equal($"/api/jobs/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"r1\"", response.Headers.ETag?.ToString());
        Assert.Equal("\"r1\"", (string)job["etag"]!);
        Assert.Equal("draft", (string)job["status"]!);
        Assert.Equal(["open", "closed"], job["nextStatuses"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(["AutoCAD", "Site safety"], job["requiredSkills"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(3, (int)job["experience"]!["minYears"]!);
        Assert.Equal("onsite", (string)job["workplace"]!);
        Assert.Equal(_app.Clock.GetUtcNow(), (DateTimeOffset)job["createdAt"]!);

        using var read = await _recruiter.GetAsync(response.Headers.Location);
        await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(job.ToJsonString(), (await read.JsonAsync()).ToJsonString());
        Assert.Equal("\"r1\"", read.Headers.ETag?.ToString());
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{ "domain": "x" }""", "title" },
        { """{ "title": "   " }""", "title" },
        { $$"""{ "title": "T", "description": "{{new string('d', 20_001)}}" }""", "description" },
        { $$"""{ "title": "T", "requiredSkills": [{{string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"s{i}\""))}}] }""", "requiredSkills" },
        { """{ "title": "T", "niceToHaveSkills": ["Revit", ""] }""", "niceToHaveSkills[1]" },
        { """{ "title": "T", "experience": { "minYears": 9, "maxYears": 2 } }""", "experience.maxYears" },
        { """{ "title": "T", "experience": { "minYears": 51 } }""", "experience.minYears" },
        { """{ "title": "T", "experience": { "minYears": -1 } }""", "experience.minYears" },
        { """{ "title": "T", "experience": { "minYears": "three" } }""", "experience.minYears" },
        { """{ "title": "T", "experience": { "years": 3 } }""", "experience.years" },
        { """{ "title": "T", "workplace": "moon" }""", "workplace" },
        { """{ "title": "T", "status": "filled" }""", "status" },
        { """{ "title": "T", "status": "archived" }""", "status" },
        { """{ "title": "T", "salary": 100000 }""", "salary" },
        { """{ "title": "T", "location": "Leeds\u0000" }""", "location" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_400_naming_the_field_and_creates_nothing(string body, string field)
    {
        using var response = await _recruiter.PostAsync("/api/jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.FieldErrorAsync(field);
        Assert.Empty(await _recruiter.ListItemsAsync("/api/jobs"));
    }

    [Fact]
    public async Task A_merge_patch_changes_what_it_names_merges_the_experience_and_clears_with_null()
    {
        var job = await _recruiter.CreateJobAsync(HiringCalls.JobBody(status: "open"));
        var url = $"/api/jobs/{job["id"]}";
        _app.Clock.Advance(TimeSpan.FromMinutes(5));

        using var patched = await _recruiter.MergePatchAsync(url, new JsonObject
        {
            ["title"] = "Senior Site Engineer",
            ["experience"] = new JsonObject { ["maxYears"] = 12 },
            ["department"] = null,
            ["niceToHaveSkills"] = new JsonArray("BIM", "bim"),
            ["status"] = "on_hold",
        }, ifMatch: (string)job["etag"]!);

        await patched.ExpectAsync(HttpStatusCode.OK);
        var body = await patched.JsonAsync();
        Assert.Equal("Senior Site Engineer", (string)body["title"]!);
        Assert.Equal((3, 12), ((int)body["experience"]!["minYears"]!, (int)body["experience"]!["maxYears"]!));
        Assert.Null(body["department"]);
        Assert.Equal(["BIM"], body["niceToHaveSkills"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("on_hold", (string)body["status"]!);
        Assert.Equal("Leeds", (string)body["location"]!);
        Assert.Equal("\"r2\"", patched.Headers.ETag?.ToString());
        Assert.Equal(_app.Clock.GetUtcNow(), (DateTimeOffset)body["updatedAt"]!);

        using var same = await _recruiter.MergePatchAsync(url, new JsonObject { ["title"] = "Senior Site Engineer" });
        await same.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"r2\"", same.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task A_stale_if_match_is_a_412_and_changes_nothing()
    {
        var job = await _recruiter.CreateJobAsync();
        var url = $"/api/jobs/{job["id"]}";
        using var first = await _recruiter.MergePatchAsync(url, new JsonObject { ["location"] = "York" }, ifMatch: "\"r1\"");
        await first.ExpectAsync(HttpStatusCode.OK);

        using var stale = await _recruiter.MergePatchAsync(url, new JsonObject { ["location"] = "Hull" }, ifMatch: "\"r1\"");
        using var staleDelete = await _recruiter.DeleteAsync(url, "\"r1\"");

        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);
        await staleDelete.ProblemAsync(HttpStatusCode.PreconditionFailed);
        using var read = await _recruiter.GetAsync(url);
        Assert.Equal("York", (string)(await read.JsonAsync())["location"]!);
        using var deleted = await _recruiter.DeleteAsync(url, "\"r2\"");
        await deleted.ExpectAsync(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("draft", "filled")]
    [InlineData("draft", "on_hold")]
    [InlineData("filled", "open")]
    public async Task An_illegal_status_move_is_a_409_that_lists_the_allowed_ones(string from, string to)
    {
        var job = await _recruiter.CreateJobAsync(HiringCalls.JobBody(status: from == "draft" ? "draft" : "open"));
        var url = $"/api/jobs/{job["id"]}";
        if (from == "filled")
        {
            using var filled = await _recruiter.MergePatchAsync(url, new JsonObject { ["status"] = "filled" });
            await filled.ExpectAsync(HttpStatusCode.OK);
        }

        using var response = await _recruiter.MergePatchAsync(url, new JsonObject { ["status"] = to });

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Allowed next statuses", (string)problem["detail"]!, StringComparison.Ordinal);
        using var read = await _recruiter.GetAsync(url);
        Assert.Equal(from, (string)(await read.JsonAsync())["status"]!);
    }

    [Fact]
    public async Task A_closed_job_reopens_but_nothing_returns_to_draft()
    {
        var job = await _recruiter.CreateJobAsync(HiringCalls.JobBody(status: "open"));
        var url = $"/api/jobs/{job["id"]}";

        foreach (var status in new[] { "closed", "open", "filled" })
        {
            using var moved = await _recruiter.MergePatchAsync(url, new JsonObject { ["status"] = status });
            await moved.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(status, (string)(await moved.JsonAsync())["status"]!);
        }
        using var back = await _recruiter.MergePatchAsync(url, new JsonObject { ["status"] = "draft" });
        await back.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("""{ "id": "other" }""", "id")]
    [InlineData("""{ "createdAt": "2026-01-01T00:00:00Z" }""", "createdAt")]
    [InlineData("""{ "title": null }""", "title")]
    [InlineData("""{ "title": 7 }""", "title")]
    [InlineData("""{ "requiredSkills": "AutoCAD" }""", "requiredSkills")]
    [InlineData("""{ "experience": 5 }""", "experience")]
    [InlineData("""{ "experience": { "minYears": 10 } }""", "experience.maxYears")]
    [InlineData("""{ "experience": { "maxYears": 2.5 } }""", "experience.maxYears")]
    [InlineData("""{ "status": null }""", "status")]
    [InlineData("""{ "workplace": "office" }""", "workplace")]
    public async Task A_bad_patch_is_a_400_naming_the_field_and_changes_nothing(string patch, string field)
    {
        var job = await _recruiter.CreateJobAsync();
        var url = $"/api/jobs/{job["id"]}";

        using var response = await _recruiter.MergePatchAsync(url, JsonNode.Parse(patch)!);

        await response.FieldErrorAsync(field);
        using var read = await _recruiter.GetAsync(url);
        Assert.Equal("\"r1\"", read.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Interviewers_read_jobs_but_do_not_write_them_and_candidates_get_nothing()
    {
        var job = await _recruiter.CreateJobAsync();
        var url = $"/api/jobs/{job["id"]}";
        var interviewer = _app.ClientFor(TestApp.AcmeInterviewer);
        var candidate = _app.ClientFor(TestApp.AcmeCandidate);

        using var read = await interviewer.GetAsync(url);
        await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Single(await interviewer.ListItemsAsync("/api/jobs"));
        using var create = await interviewer.PostAsJsonAsync("/api/jobs", HiringCalls.JobBody());
        await create.ProblemAsync(HttpStatusCode.Forbidden);
        using var patch = await interviewer.MergePatchAsync(url, new JsonObject { ["title"] = "Mine" });
        await patch.ProblemAsync(HttpStatusCode.Forbidden);
        using var delete = await interviewer.DeleteAsync(url);
        await delete.ProblemAsync(HttpStatusCode.Forbidden);

        using var candidateRead = await candidate.GetAsync(url);
        await candidateRead.ProblemAsync(HttpStatusCode.Forbidden);
        using var candidateList = await candidate.GetAsync("/api/jobs");
        await candidateList.ProblemAsync(HttpStatusCode.Forbidden);
        using var candidateCreate = await candidate.PostAsJsonAsync("/api/jobs", HiringCalls.JobBody());
        await candidateCreate.ProblemAsync(HttpStatusCode.Forbidden);

        using var admin = await _app.ClientFor(TestApp.AcmeAdmin).MergePatchAsync(url, new JsonObject { ["status"] = "open" });
        await admin.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Another_tenants_job_answers_404_to_every_verb_and_never_lists()
    {
        var job = await _recruiter.CreateJobAsync();
        var url = $"/api/jobs/{job["id"]}";
        var globex = _app.ClientFor(TestApp.GlobexAdmin);

        using var read = await globex.GetAsync(url);
        await read.ProblemAsync(HttpStatusCode.NotFound);
        using var patch = await globex.MergePatchAsync(url, new JsonObject { ["title"] = "Taken" });
        await patch.ProblemAsync(HttpStatusCode.NotFound);
        using var delete = await globex.DeleteAsync(url);
        await delete.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await globex.ListItemsAsync("/api/jobs"));
        using var still = await _recruiter.GetAsync(url);
        Assert.Equal("Site Engineer", (string)(await still.JsonAsync())["title"]!);
    }

    [Fact]
    public async Task A_retried_create_with_the_same_idempotency_key_gives_the_same_job()
    {
        using var first = await _recruiter.PostWithKeyAsync("/api/jobs", HiringCalls.JobBody(), "job-key-1");
        using var retry = await _recruiter.PostWithKeyAsync("/api/jobs", HiringCalls.JobBody(), "job-key-1");
        using var reused = await _recruiter.PostWithKeyAsync("/api/jobs", HiringCalls.JobBody("Nurse"), "job-key-1");
        using var blank = await _recruiter.PostWithKeyAsync("/api/jobs", HiringCalls.JobBody(), "has space");

        await first.ExpectAsync(HttpStatusCode.Created);
        await retry.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((string)(await first.JsonAsync())["id"]!, (string)(await retry.JsonAsync())["id"]!);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        await reused.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await blank.FieldErrorAsync("Idempotency-Key");
        Assert.Single(await _recruiter.ListItemsAsync("/api/jobs"));
        // The key is the tenant's own: another tenant using it creates its own job.
        using var globex = await _app.ClientFor(TestApp.GlobexAdmin).PostWithKeyAsync("/api/jobs", HiringCalls.JobBody(), "job-key-1");
        await globex.ExpectAsync(HttpStatusCode.Created);
        Assert.NotEqual((string)(await first.JsonAsync())["id"]!, (string)(await globex.JsonAsync())["id"]!);
    }

    [Fact]
    public async Task Listing_filters_by_status_domain_and_title_and_pages_to_the_end()
    {
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var body = HiringCalls.JobBody(i % 2 == 0 ? $"Site Engineer {i}" : $"Ward Nurse {i}", i < 3 ? "open" : null, i % 2 == 0 ? "civil-engineering" : "Registered-Nursing");
            created.Add((string)(await _recruiter.CreateJobAsync(body))["id"]!);
            _app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var (all, pages) = await _recruiter.ReadAllPagesAsync("/api/jobs?pageSize=3");
        Assert.Equal(created, all);
        Assert.Equal(3, pages);
        Assert.Equal(created.Take(3), (await _recruiter.ReadAllPagesAsync("/api/jobs?status=open&pageSize=2")).Ids);
        Assert.Equal(created.Where((_, i) => i % 2 == 1), (await _recruiter.ReadAllPagesAsync("/api/jobs?domain=registered-nursing")).Ids);
        Assert.Equal([created[1]], (await _recruiter.ReadAllPagesAsync("/api/jobs?status=open&q=NURSE")).Ids);
        Assert.Equal(created.Skip(3), (await _recruiter.ReadAllPagesAsync("/api/jobs?status=draft,on_hold")).Ids);

        using var badStatus = await _recruiter.GetAsync("/api/jobs?status=archived");
        await badStatus.FieldErrorAsync("status");
        using var badSize = await _recruiter.GetAsync("/api/jobs?pageSize=0");
        await badSize.FieldErrorAsync("pageSize");
        using var badToken = await _recruiter.GetAsync("/api/jobs?continuationToken=nope!");
        await badToken.FieldErrorAsync("continuationToken");
    }

    [Fact]
    public async Task A_job_candidates_apply_to_is_not_deleted_until_they_are_detached()
    {
        var job = await _recruiter.CreateJobAsync();
        var url = $"/api/jobs/{job["id"]}";
        var grace = await _recruiter.CreateCandidateAsync(HiringCalls.CandidateBody("grace@example.com", "Grace", (string)job["id"]!));
        await _recruiter.CreateCandidateAsync(HiringCalls.CandidateBody("alan@example.com", "Alan", (string)job["id"]!));

        using var refused = await _recruiter.DeleteAsync(url);
        var problem = await refused.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(2, (int)problem["candidateCount"]!);
        Assert.Contains("2 candidates", (string)problem["detail"]!, StringComparison.Ordinal);

        using var detached = await _recruiter.MergePatchAsync($"/api/candidates/{grace["id"]}", new JsonObject { ["jobIds"] = null });
        await detached.ExpectAsync(HttpStatusCode.OK);
        using var stillOne = await _recruiter.DeleteAsync(url);
        Assert.Equal(1, (int)(await stillOne.ProblemAsync(HttpStatusCode.Conflict))["candidateCount"]!);
        var alanList = await _recruiter.ListItemsAsync($"/api/candidates?jobId={job["id"]}");
        using var deletedAlan = await _recruiter.DeleteAsync($"/api/candidates/{alanList.Single()!["id"]}");
        await deletedAlan.ExpectAsync(HttpStatusCode.NoContent);

        using var deleted = await _recruiter.DeleteAsync(url, (string)job["etag"]!);
        await deleted.ExpectAsync(HttpStatusCode.NoContent);
        using var gone = await _recruiter.GetAsync(url);
        await gone.ProblemAsync(HttpStatusCode.NotFound);
        using var again = await _recruiter.DeleteAsync(url);
        await again.ProblemAsync(HttpStatusCode.NotFound);
    }
}
