using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Hiring;

/// <summary>The candidates API through the real app on its embedded store.</summary>
public sealed class CandidatesApiTests : IDisposable
{
    private readonly TestApp _app = new();
    private readonly HttpClient _recruiter;

    public CandidatesApiTests() => _recruiter = _app.ClientFor(TestApp.AcmeRecruiter);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Creating_answers_201_with_a_normalised_profile_location_and_etag()
    {
        var job = await _recruiter.CreateJobAsync();
        var body = HiringCalls.CandidateBody("Grace.Hopper@Example.com", "Grace Hopper", (string)job["id"]!, (string)job["id"]!);

        using var response = await _recruiter.PostAsJsonAsync("/api/candidates", body);

        await response.ExpectAsync(HttpStatusCode.Created);
        var candidate = await response.JsonAsync();
        var id = (string)candidate["id"]!;
        Assert.Equal($"/api/candidates/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"r1\"", response.Headers.ETag?.ToString());
        Assert.Equal("grace.hopper@example.com", (string)candidate["email"]!);
        Assert.Equal("+14155550100", (string)candidate["phone"]!);
        Assert.Equal("new", (string)candidate["status"]!);
        Assert.Equal(["screening", "interviewing", "rejected", "withdrawn"], candidate["nextStatuses"]!.AsArray().Select(s => (string)s!));
        Assert.Equal([(string)job["id"]!], candidate["jobIds"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(2, candidate["links"]!.AsArray().Count);

        using var read = await _recruiter.GetAsync(response.Headers.Location);
        await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(candidate.ToJsonString(), (await read.JsonAsync()).ToJsonString());
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{ "email": "a@example.com" }""", "name" },
        { """{ "name": "A" }""", "email" },
        { """{ "name": "A", "email": "not-an-email" }""", "email" },
        { """{ "name": "A", "email": "a@example.com", "phone": "4155550100" }""", "phone" },
        { """{ "name": "A", "email": "a@example.com", "phone": "+1 555" }""", "phone" },
        { """{ "name": "A", "email": "a@example.com", "phone": "+0 415 555 0100" }""", "phone" },
        { """{ "name": "A", "email": "a@example.com", "phone": "+1 415 555 0100 ext 2" }""", "phone" },
        { """{ "name": "A", "email": "a@example.com", "phone": "+1234567890123456" }""", "phone" },
        { """{ "name": "A", "email": "a@example.com", "links": ["ftp://files.example.com"] }""", "links[0]" },
        { """{ "name": "A", "email": "a@example.com", "links": ["https://a.example.com", ""] }""", "links[1]" },
        { $$"""{ "name": "A", "email": "a@example.com", "links": [{{string.Join(",", Enumerable.Range(0, 11).Select(i => $"\"https://x{i}.example.com\""))}}] }""", "links" },
        { """{ "name": "A", "email": "a@example.com", "jobIds": ["no-such-job"] }""", "jobIds[0]" },
        { """{ "name": "A", "email": "a@example.com", "jobIds": [""] }""", "jobIds[0]" },
        { """{ "name": "A", "email": "a@example.com", "status": "hired" }""", "status" },
        { """{ "name": "A", "email": "a@example.com", "status": "sourced" }""", "status" },
        { $$"""{ "name": "A", "email": "a@example.com", "notes": "{{new string('n', 10_001)}}" }""", "notes" },
        { """{ "name": "A", "email": "a@example.com", "twitter": "@a" }""", "twitter" },
        { """{ "name": "A", "email": "a@example.com", "links": "https://a.example.com" }""", "links" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_400_naming_the_field_and_creates_nothing(string body, string field)
    {
        using var response = await _recruiter.PostAsync("/api/candidates", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.FieldErrorAsync(field);
        Assert.Empty(await _recruiter.ListItemsAsync("/api/candidates"));
    }

    [Fact]
    public async Task A_second_candidate_with_the_same_email_is_a_409_naming_the_first()
    {
        var grace = await _recruiter.CreateCandidateAsync(HiringCalls.CandidateBody("grace@example.com"));
        var alan = await _recruiter.CreateCandidateAsync(HiringCalls.CandidateBody("alan@example.com", "Alan Turing"));

        using var duplicate = await _recruiter.PostAsJsonAsync("/api/candidates", HiringCalls.CandidateBody("GRACE@example.com", "Grace H."));
        using var patchedOnto = await _recruiter.MergePatchAsync($"/api/candidates/{alan["id"]}", new JsonObject { ["email"] = "grace@example.com" });

        foreach (var response in new[] { duplicate, patchedOnto })
        {
            var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal((string)grace["id"]!, (string)problem["existingCandidateId"]!);
            Assert.Contains((string)grace["id"]!, (string)problem["detail"]!, StringComparison.Ordinal);
        }
        Assert.Equal(2, (await _recruiter.ListItemsAsync("/api/candidates")).Count);
        using var alanNow = await _recruiter.GetAsync($"/api/candidates/{alan["id"]}");
        Assert.Equal("alan@example.com", (string)(await alanNow.JsonAsync())["email"]!);
        // Another tenant has its own people.
        await _app.ClientFor(TestApp.GlobexAdmin).CreateCandidateAsync(HiringCalls.CandidateBody("grace@example.com"));
    }

    [Fact]
    public async Task The_pipeline_moves_forward_or_out_and_its_final_statuses_stay_final()
    {
        var candidate = await _recruiter.CreateCandidateAsync();
        var url = $"/api/candidates/{candidate["id"]}";

        async Task<HttpResponseMessage> Move(string status) => await _recruiter.MergePatchAsync(url, new JsonObject { ["status"] = status });

        using (var screening = await Move("screening"))
        {
            Assert.Equal("screening", (string)(await screening.JsonAsync())["status"]!);
        }
        using (var skip = await Move("hired"))
        {
            var problem = await skip.ProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("interviewing, rejected, withdrawn", (string)problem["detail"]!, StringComparison.Ordinal);
        }
        using (var back = await Move("new"))
        {
            await back.ProblemAsync(HttpStatusCode.Conflict);
        }
        foreach (var status in new[] { "interviewing", "offer", "hired" })
        {
            using var moved = await Move(status);
            await moved.ExpectAsync(HttpStatusCode.OK);
        }
        using var afterHire = await Move("withdrawn");
        Assert.Contains("none: it is final", (string)(await afterHire.ProblemAsync(HttpStatusCode.Conflict))["detail"]!, StringComparison.Ordinal);
        using var read = await _recruiter.GetAsync(url);
        var body = await read.JsonAsync();
        Assert.Equal("hired", (string)body["status"]!);
        Assert.Empty(body["nextStatuses"]!.AsArray());
    }

    [Fact]
    public async Task A_merge_patch_replaces_lists_clears_with_null_and_checks_the_jobs_added()
    {
        var job = await _recruiter.CreateJobAsync();
        var globexJob = await _app.ClientFor(TestApp.GlobexAdmin).CreateJobAsync();
        var candidate = await _recruiter.CreateCandidateAsync();
        var url = $"/api/candidates/{candidate["id"]}";

        using var unknownJob = await _recruiter.MergePatchAsync(url, new JsonObject { ["jobIds"] = new JsonArray((string)job["id"]!, (string)globexJob["id"]!) });
        Assert.Contains((string)globexJob["id"]!, await unknownJob.FieldErrorAsync("jobIds[1]"), StringComparison.Ordinal);

        using var patched = await _recruiter.MergePatchAsync(url, new JsonObject
        {
            ["jobIds"] = new JsonArray((string)job["id"]!),
            ["links"] = new JsonArray("https://github.com/grace"),
            ["phone"] = null,
            ["name"] = "Grace B. Hopper",
        }, ifMatch: (string)candidate["etag"]!);
        await patched.ExpectAsync(HttpStatusCode.OK);
        var body = await patched.JsonAsync();
        Assert.Equal([(string)job["id"]!], body["jobIds"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(["https://github.com/grace"], body["links"]!.AsArray().Select(s => (string)s!));
        Assert.Null(body["phone"]);
        Assert.Equal("Grace B. Hopper", (string)body["name"]!);
        Assert.Equal("\"r2\"", patched.Headers.ETag?.ToString());

        using var badPhone = await _recruiter.MergePatchAsync(url, new JsonObject { ["phone"] = "12" });
        await badPhone.FieldErrorAsync("phone");
        using var unknown = await _recruiter.MergePatchAsync(url, new JsonObject { ["tenantId"] = "globex" });
        await unknown.FieldErrorAsync("tenantId");
        using var stale = await _recruiter.MergePatchAsync(url, new JsonObject { ["notes"] = "Lost" }, ifMatch: (string)candidate["etag"]!);
        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);
        using var read = await _recruiter.GetAsync(url);
        Assert.Equal("\"r2\"", read.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Only_admins_and_recruiters_see_candidates()
    {
        var candidate = await _recruiter.CreateCandidateAsync();
        var url = $"/api/candidates/{candidate["id"]}";

        foreach (var key in new[] { TestApp.AcmeInterviewer, TestApp.AcmeCandidate })
        {
            var client = _app.ClientFor(key);
            using var list = await client.GetAsync("/api/candidates");
            await list.ProblemAsync(HttpStatusCode.Forbidden);
            using var read = await client.GetAsync(url);
            await read.ProblemAsync(HttpStatusCode.Forbidden);
            using var create = await client.PostAsJsonAsync("/api/candidates", HiringCalls.CandidateBody("x@example.com"));
            await create.ProblemAsync(HttpStatusCode.Forbidden);
            using var patch = await client.MergePatchAsync(url, new JsonObject { ["notes"] = "x" });
            await patch.ProblemAsync(HttpStatusCode.Forbidden);
            using var delete = await client.DeleteAsync(url);
            await delete.ProblemAsync(HttpStatusCode.Forbidden);
        }
        using var admin = await _app.ClientFor(TestApp.AcmeAdmin).GetAsync(url);
        await admin.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Another_tenants_candidate_answers_404_to_every_verb_and_never_lists()
    {
        var candidate = await _recruiter.CreateCandidateAsync();
        var url = $"/api/candidates/{candidate["id"]}";
        var globex = _app.ClientFor(TestApp.GlobexAdmin);

        using var read = await globex.GetAsync(url);
        await read.ProblemAsync(HttpStatusCode.NotFound);
        using var patch = await globex.MergePatchAsync(url, new JsonObject { ["notes"] = "x" });
        await patch.ProblemAsync(HttpStatusCode.NotFound);
        using var delete = await globex.DeleteAsync(url);
        await delete.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await globex.ListItemsAsync("/api/candidates"));
        Assert.Empty(await globex.ListItemsAsync("/api/candidates?email=grace@example.com"));
    }

    [Fact]
    public async Task Delete_needs_a_current_if_match_when_given_and_frees_the_email()
    {
        var candidate = await _recruiter.CreateCandidateAsync();
        var url = $"/api/candidates/{candidate["id"]}";
        using var changed = await _recruiter.MergePatchAsync(url, new JsonObject { ["notes"] = "Second call went well." });
        await changed.ExpectAsync(HttpStatusCode.OK);

        using var stale = await _recruiter.DeleteAsync(url, (string)candidate["etag"]!);
        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);
        using var deleted = await _recruiter.DeleteAsync(url, "\"r2\"");
        await deleted.ExpectAsync(HttpStatusCode.NoContent);
        using var gone = await _recruiter.GetAsync(url);
        await gone.ProblemAsync(HttpStatusCode.NotFound);

        var again = await _recruiter.CreateCandidateAsync();
        Assert.NotEqual((string)candidate["id"]!, (string)again["id"]!);
    }

    [Fact]
    public async Task A_retried_create_with_the_same_idempotency_key_gives_the_same_candidate()
    {
        using var first = await _recruiter.PostWithKeyAsync("/api/candidates", HiringCalls.CandidateBody(), "cand-key-1");
        using var retry = await _recruiter.PostWithKeyAsync("/api/candidates", HiringCalls.CandidateBody(), "cand-key-1");
        using var reused = await _recruiter.PostWithKeyAsync("/api/candidates", HiringCalls.CandidateBody("other@example.com"), "cand-key-1");

        await first.ExpectAsync(HttpStatusCode.Created);
        await retry.ExpectAsync(HttpStatusCode.Created);
        var id = (string)(await first.JsonAsync())["id"]!;
        Assert.Equal(id, (string)(await retry.JsonAsync())["id"]!);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        await reused.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Single(await _recruiter.ListItemsAsync("/api/candidates"));

        // Once the candidate is deleted, the key no longer names it: the same request creates a new one.
        using var deleted = await _recruiter.DeleteAsync($"/api/candidates/{id}");
        await deleted.ExpectAsync(HttpStatusCode.NoContent);
        using var recreated = await _recruiter.PostWithKeyAsync("/api/candidates", HiringCalls.CandidateBody(), "cand-key-1");
        await recreated.ExpectAsync(HttpStatusCode.Created);
        Assert.NotEqual(id, (string)(await recreated.JsonAsync())["id"]!);
    }

    [Fact]
    public async Task Listing_filters_by_status_job_email_and_name_and_pages_to_the_end()
    {
        var job = (string)(await _recruiter.CreateJobAsync())["id"]!;
        var created = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var body = HiringCalls.CandidateBody($"person{i}@example.com", i % 2 == 0 ? $"Grace {i}" : $"Alan {i}", i < 2 ? [job] : []);
            if (i >= 4)
            {
                body["status"] = "screening";
            }
            created.Add((string)(await _recruiter.CreateCandidateAsync(body))["id"]!);
            _app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var (all, pages) = await _recruiter.ReadAllPagesAsync("/api/candidates?pageSize=4");
        Assert.Equal(created, all);
        Assert.Equal(2, pages);
        Assert.Equal(created.Skip(4), (await _recruiter.ReadAllPagesAsync("/api/candidates?status=screening&pageSize=1")).Ids);
        Assert.Equal(created.Take(2), (await _recruiter.ReadAllPagesAsync($"/api/candidates?jobId={job}")).Ids);
        Assert.Equal([created[3]], (await _recruiter.ReadAllPagesAsync("/api/candidates?email=PERSON3@example.com")).Ids);
        Assert.Equal([created[0], created[2], created[4]], (await _recruiter.ReadAllPagesAsync("/api/candidates?q=grace")).Ids);
        Assert.Equal([created[4]], (await _recruiter.ReadAllPagesAsync("/api/candidates?q=grace&status=screening")).Ids);

        using var badEmail = await _recruiter.GetAsync("/api/candidates?email=nope");
        await badEmail.FieldErrorAsync("email");
        using var badStatus = await _recruiter.GetAsync("/api/candidates?status=sourced");
        await badStatus.FieldErrorAsync("status");
        using var badSize = await _recruiter.GetAsync("/api/candidates?pageSize=201");
        await badSize.FieldErrorAsync("pageSize");
    }
}
