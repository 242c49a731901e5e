using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Api;

/// <summary>Scheduling through the real app on its embedded store.</summary>
public sealed class InterviewSchedulingTests : IDisposable
{
    private readonly TestApp _app = new();
    private readonly HttpClient _recruiter;

    public InterviewSchedulingTests() => _recruiter = _app.ClientFor(TestApp.AcmeRecruiter);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Creating_answers_201_with_location_etag_and_the_schedule_in_utc_and_local_time()
    {
        using var response = await _recruiter.PostAsJsonAsync("/api/interviews", ApiCalls.NewInterviewBody("2026-12-01T10:00:00+01:00"));

        await response.ExpectAsync(HttpStatusCode.Created);
        var created = await response.JsonAsync();
        var id = (string)created["id"]!;
        Assert.Equal($"/api/interviews/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal((string)created["etag"]!, response.Headers.ETag?.ToString());
        Assert.Equal("2026-12-01T09:00:00Z", (string)created["scheduledStart"]!);
        Assert.Equal("2026-12-01T09:45:00Z", (string)created["scheduledEnd"]!);
        Assert.Equal("2026-12-01T10:00:00+01:00", (string)created["scheduledStartLocal"]!);
        Assert.Equal("2026-12-01T09:00:00Z", (string)created["candidateStartLocal"]!);
        Assert.Equal("scheduled", (string)created["status"]!);
        Assert.Equal(1, (int)created["scheduleVersion"]!);

        using var read = await _recruiter.GetAsync(response.Headers.Location);
        await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.ToJsonString(), (await read.JsonAsync()).ToJsonString());
    }

    [Fact]
    public async Task Local_times_follow_daylight_saving_in_each_zone()
    {
        // 30 March 2027: Europe has moved to summer time (since the 28th), New York since the 14th.
        var body = ApiCalls.NewInterviewBody("2027-03-30T15:00:00Z");
        body["candidate"]!["timeZone"] = "America/New_York";
        var summer = await _recruiter.CreateAsync(body);
        var winter = await _recruiter.CreateAsync(ApiCalls.NewInterviewBody("2027-03-26T15:00:00Z"));

        Assert.Equal("2027-03-30T17:00:00+02:00", (string)summer["scheduledStartLocal"]!);
        Assert.Equal("2027-03-30T11:00:00-04:00", (string)summer["candidateStartLocal"]!);
        Assert.Equal("2027-03-26T16:00:00+01:00", (string)winter["scheduledStartLocal"]!);
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_give_the_same_interview_once()
    {
        var body = ApiCalls.NewInterviewBody();
        async Task<HttpResponseMessage> Post(JsonObject b)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/interviews") { Content = JsonContent.Create(b) };
            request.Headers.Add("Idempotency-Key", "create-ada-1");
            return await _recruiter.SendAsync(request);
        }

        using var first = await Post(body);
        using var retry = await Post(body);
        var changed = ApiCalls.NewInterviewBody();
        changed["company"] = "Globex";
        using var reused = await Post(changed);

        await first.ExpectAsync(HttpStatusCode.Created);
        await retry.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((string)(await first.JsonAsync())["id"]!, (string)(await retry.JsonAsync())["id"]!);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var problem = await reused.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("different request body", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Single(await _recruiter.ListItemsAsync("/api/interviews"));
    }

    [Fact]
    public async Task Listing_filters_and_pages_with_continuation_tokens()
    {
        for (var day = 1; day <= 5; day++)
        {
            await _recruiter.CreateAsync(ApiCalls.NewInterviewBody($"2026-12-0{day}T10:00:00Z", type: day % 2 == 0 ? "panel" : "technical", company: day == 3 ? "Globex" : "Acme", jobId: day == 4 ? "job-4" : null));
        }

        var starts = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            using var response = await _recruiter.GetAsync("/api/interviews?pageSize=2" + (token is null ? "" : "&continuationToken=" + token));
            await response.ExpectAsync(HttpStatusCode.OK);
            var page = await response.JsonAsync();
            starts.AddRange(page["items"]!.AsArray().Select(i => (string)i!["scheduledStart"]!));
            token = (string?)page["continuationToken"];
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 5).Select(d => $"2026-12-0{d}T10:00:00Z"), starts);
        Assert.Equal(2, (await _recruiter.ListItemsAsync("/api/interviews?type=panel")).Count);
        Assert.Single(await _recruiter.ListItemsAsync("/api/interviews?company=globex"));
        Assert.Single(await _recruiter.ListItemsAsync("/api/interviews?jobId=job-4"));
        Assert.Equal(3, (await _recruiter.ListItemsAsync("/api/interviews?from=2026-12-02T00:00:00Z&to=2026-12-04T23:00:00%2B01:00")).Count);
        Assert.Equal(5, (await _recruiter.ListItemsAsync("/api/interviews?status=scheduled,confirmed")).Count);
        Assert.Empty(await _recruiter.ListItemsAsync("/api/interviews?status=cancelled"));
    }

    [Theory]
    [InlineData("/api/interviews?pageSize=0", "pageSize")]
    [InlineData("/api/interviews?pageSize=abc", "pageSize")]
    [InlineData("/api/interviews?status=lunch", "status")]
    [InlineData("/api/interviews?type=coffee_chat", "type")]
    [InlineData("/api/interviews?from=2026-12-01T10:00:00", "from")]
    [InlineData("/api/interviews?continuationToken=%25%25%25", "continuationToken")]
    [InlineData("/api/interviews?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "to")]
    [InlineData("/api/interviews/upcoming?days=0", "days")]
    [InlineData("/api/interviews/upcoming?days=91", "days")]
    public async Task Bad_query_parameters_answer_400_naming_the_parameter(string url, string field)
    {
        using var response = await _recruiter.GetAsync(url);
        await response.FieldErrorAsync(field);
    }

    [Fact]
    public async Task Upcoming_lists_active_interviews_inside_the_window_in_start_order()
    {
        var later = await _recruiter.CreateAsync(ApiCalls.NewInterviewBody("2026-11-26T10:00:00Z"));
        var soon = await _recruiter.CreateAsync(ApiCalls.NewInterviewBody("2026-11-22T10:00:00Z"));
        var cancelled = await _recruiter.CreateAsync(ApiCalls.NewInterviewBody("2026-11-23T10:00:00Z"));
        await _recruiter.CreateAsync(ApiCalls.NewInterviewBody("2026-12-10T10:00:00Z"));
        (await _recruiter.PostJsonAsync($"/api/interviews/{cancelled["id"]}/cancel", new JsonObject())).EnsureSuccessStatusCode();

        var week = await _recruiter.ListItemsAsync("/api/interviews/upcoming");
        var twoDays = await _recruiter.ListItemsAsync("/api/interviews/upcoming?days=2");

        Assert.Equal([(string)soon["id"]!, (string)later["id"]!], week.Select(i => (string)i!["id"]!));
        Assert.Equal([(string)soon["id"]!], twoDays.Select(i => (string)i!["id"]!));
    }

    [Fact]
    public async Task Patch_with_a_current_etag_changes_fields_and_a_stale_one_answers_412()
    {
        var created = await _recruiter.CreateAsync();
        var url = $"/api/interviews/{created["id"]}";
        var etag = (string)created["etag"]!;

        using var patched = await _recruiter.SendJsonAsync(HttpMethod.Patch, url,
            new JsonObject { ["notes"] = "Ask about the migration", ["location"] = "Room 4", ["candidate"] = new JsonObject { ["timeZone"] = "Asia/Tokyo" } },
            ifMatch: etag, contentType: "application/merge-patch+json");
        await patched.ExpectAsync(HttpStatusCode.OK);
        var body = await patched.JsonAsync();
        Assert.Equal("Ask about the migration", (string)body["notes"]!);
        Assert.Equal("Room 4", (string)body["location"]!);
        Assert.Equal("Asia/Tokyo", (string)body["candidate"]!["timeZone"]!);
        Assert.Equal("Ada Lovelace", (string)body["candidate"]!["name"]!);
        Assert.Equal("2026-12-01T18:00:00+09:00", (string)body["candidateStartLocal"]!);
        Assert.NotEqual(etag, (string)body["etag"]!);

        using var stale = await _recruiter.SendJsonAsync(HttpMethod.Patch, url, new JsonObject { ["notes"] = "lost update" }, ifMatch: etag);
        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);

        using var cleared = await _recruiter.SendJsonAsync(HttpMethod.Patch, url, new JsonObject { ["location"] = null });
        await cleared.ExpectAsync(HttpStatusCode.OK);
        var final = await cleared.JsonAsync();
        Assert.False(final.ContainsKey("location"));
        Assert.Equal("Ask about the migration", (string)final["notes"]!);
    }

    [Theory]
    [InlineData("scheduledStart", "\"2026-12-02T10:00:00Z\"")]
    [InlineData("status", "\"confirmed\"")]
    [InlineData("interviewers", "[{\"name\":\"X\",\"email\":\"not-an-email\"}]")]
    [InlineData("company", "null")]
    [InlineData("company", "42")]
    [InlineData("color", "\"blue\"")]
    public async Task Patch_refuses_what_it_cannot_change_and_changes_nothing(string field, string json)
    {
        var created = await _recruiter.CreateAsync();
        var url = $"/api/interviews/{created["id"]}";

        using var response = await _recruiter.SendJsonAsync(HttpMethod.Patch, url, JsonNode.Parse($"{{\"{field}\": {json}}}")!);

        var messages = await response.FieldErrorAsync(field == "interviewers" ? "interviewers[0].email" : field);
        Assert.NotEmpty(messages);
        using var after = await _recruiter.GetAsync(url);
        Assert.Equal((string)created["etag"]!, (string)(await after.JsonAsync())["etag"]!);
    }

    [Fact]
    public async Task Rescheduling_moves_the_interview_and_bumps_the_schedule_version_once()
    {
        var created = await _recruiter.CreateAsync();
        var url = $"/api/interviews/{created["id"]}/reschedule";
        var move = new JsonObject { ["scheduledStart"] = "2026-12-03T14:30:00-05:00", ["timeZone"] = "America/New_York", ["reason"] = "Interviewer ill" };

        using var moved = await _recruiter.PostJsonAsync(url, move);
        using var retried = await _recruiter.PostJsonAsync(url, move);

        await moved.ExpectAsync(HttpStatusCode.OK);
        var body = await moved.JsonAsync();
        Assert.Equal("2026-12-03T19:30:00Z", (string)body["scheduledStart"]!);
        Assert.Equal("2026-12-03T14:30:00-05:00", (string)body["scheduledStartLocal"]!);
        Assert.Equal("rescheduled", (string)body["status"]!);
        Assert.Equal(2, (int)body["scheduleVersion"]!);
        Assert.Contains("Interviewer ill", (string)body["notes"]!, StringComparison.Ordinal);
        await retried.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, (int)(await retried.JsonAsync())["scheduleVersion"]!);
    }

    [Fact]
    public async Task Rescheduling_into_the_past_or_without_an_offset_is_refused()
    {
        var created = await _recruiter.CreateAsync();
        var url = $"/api/interviews/{created["id"]}/reschedule";

        using var past = await _recruiter.PostJsonAsync(url, new JsonObject { ["scheduledStart"] = "2026-11-20T10:00:00Z" });
        using var noOffset = await _recruiter.PostJsonAsync(url, new JsonObject { ["scheduledStart"] = "2026-12-20T10:00:00" });

        Assert.Contains("past", await past.FieldErrorAsync("scheduledStart"), StringComparison.Ordinal);
        Assert.Contains("offset", await noOffset.FieldErrorAsync("scheduledStart"), StringComparison.Ordinal);
        using var after = await _recruiter.GetAsync($"/api/interviews/{created["id"]}");
        Assert.Equal(1, (int)(await after.JsonAsync())["scheduleVersion"]!);
    }

    [Fact]
    public async Task The_state_machine_refuses_illegal_transitions_with_409()
    {
        var created = await _recruiter.CreateAsync();
        var id = (string)created["id"]!;

        using var tooEarly = await _recruiter.PostJsonAsync($"/api/interviews/{id}/status", new JsonObject { ["status"] = "completed" });
        await tooEarly.ProblemAsync(HttpStatusCode.Conflict);

        using var confirmed = await _recruiter.PostJsonAsync($"/api/interviews/{id}/status", new JsonObject { ["status"] = "confirmed" });
        await confirmed.ExpectAsync(HttpStatusCode.OK);

        using var cancelled = await _recruiter.PostJsonAsync($"/api/interviews/{id}/cancel", new JsonObject { ["reason"] = "Role filled" });
        await cancelled.ExpectAsync(HttpStatusCode.OK);
        var body = await cancelled.JsonAsync();
        Assert.Equal("cancelled", (string)body["status"]!);
        Assert.Equal("Role filled", (string)body["cancellationReason"]!);
        Assert.Empty(body["nextStatuses"]!.AsArray());

        using var cancelAgain = await _recruiter.PostJsonAsync($"/api/interviews/{id}/cancel", new JsonObject());
        await cancelAgain.ExpectAsync(HttpStatusCode.OK);
        using var revive = await _recruiter.PostJsonAsync($"/api/interviews/{id}/status", new JsonObject { ["status"] = "confirmed" });
        var problem = await revive.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("cancelled cannot become confirmed", (string)problem["detail"]!, StringComparison.Ordinal);
        using var move = await _recruiter.PostJsonAsync($"/api/interviews/{id}/reschedule", new JsonObject { ["scheduledStart"] = "2026-12-05T10:00:00Z" });
        await move.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_interview_runs_then_completes_with_an_outcome_and_feedback()
    {
        var created = await _recruiter.CreateAsync();
        var id = (string)created["id"]!;
        _app.Clock.Set(new DateTimeOffset(2026, 12, 1, 9, 5, 0, TimeSpan.Zero));

        using var running = await _recruiter.PostJsonAsync($"/api/interviews/{id}/status", new JsonObject { ["status"] = "in_progress" });
        await running.ExpectAsync(HttpStatusCode.OK);
        using var done = await _recruiter.PostJsonAsync($"/api/interviews/{id}/status", new JsonObject { ["status"] = "completed", ["outcome"] = "advanced", ["feedback"] = "Strong system design" });
        await done.ExpectAsync(HttpStatusCode.OK);
        using var offer = await _recruiter.PostJsonAsync($"/api/interviews/{id}/status", new JsonObject { ["status"] = "completed", ["outcome"] = "offer" });
        await offer.ExpectAsync(HttpStatusCode.OK);

        var body = await offer.JsonAsync();
        Assert.Equal("completed", (string)body["status"]!);
        Assert.Equal("offer", (string)body["outcome"]!);
        Assert.Equal("Strong system design", (string)body["feedback"]!);
        using var backwards = await _recruiter.PostJsonAsync($"/api/interviews/{id}/status", new JsonObject { ["status"] = "in_progress" });
        await backwards.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("{\"status\":\"rescheduled\"}", "status")]
    [InlineData("{\"status\":\"scheduled\"}", "status")]
    [InlineData("{\"status\":\"on_hold\"}", "status")]
    [InlineData("{\"status\":\"confirmed\",\"outcome\":\"offer\"}", "outcome")]
    [InlineData("{\"status\":\"completed\",\"outcome\":\"maybe\"}", "outcome")]
    [InlineData("{}", "status")]
    public async Task Bad_status_changes_answer_400_naming_the_field(string json, string field)
    {
        var created = await _recruiter.CreateAsync();

        using var response = await _recruiter.PostAsync($"/api/interviews/{created["id"]}/status", new StringContent(json, Encoding.UTF8, "application/json"));

        await response.FieldErrorAsync(field);
    }

    [Fact]
    public async Task Prep_notes_are_markdown_rendered_safely_and_size_limited()
    {
        var created = await _recruiter.CreateAsync();
        var url = $"/api/interviews/{created["id"]}/prep-notes";
        var candidate = _app.ClientFor(TestApp.AcmeCandidate);

        using var put = await candidate.SendJsonAsync(HttpMethod.Put, url, new JsonObject { ["markdown"] = "# Stories\n- [x] Migration\n<script>alert(1)</script>" });
        await put.ExpectAsync(HttpStatusCode.OK);
        using var get = await candidate.GetAsync(url);
        var notes = await get.JsonAsync();
        Assert.StartsWith("# Stories", (string)notes["markdown"]!, StringComparison.Ordinal);
        Assert.Contains("<h1", (string)notes["html"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", (string)notes["html"]!, StringComparison.Ordinal);

        using var asText = await candidate.PutAsync(url, new StringContent("Plain *markdown* body", Encoding.UTF8, "text/markdown"));
        await asText.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Plain *markdown* body", (string)(await asText.JsonAsync())["markdown"]!);

        using var tooLong = await candidate.SendJsonAsync(HttpMethod.Put, url, new JsonObject { ["markdown"] = new string('x', 32_769) });
        await tooLong.FieldErrorAsync("markdown");
        using var after = await candidate.GetAsync(url);
        Assert.Equal("Plain *markdown* body", (string)(await after.JsonAsync())["markdown"]!);

        using var interviewer = await _app.ClientFor(TestApp.AcmeInterviewer).GetAsync(url);
        await interviewer.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Preparation_can_be_marked_complete_and_undone()
    {
        var created = await _recruiter.CreateAsync();
        var url = $"/api/interviews/{created["id"]}/prep-complete";
        var candidate = _app.ClientFor(TestApp.AcmeCandidate);

        using var done = await candidate.PostAsync(url, null);
        await done.ExpectAsync(HttpStatusCode.OK);
        Assert.True((bool)(await done.JsonAsync())["preparationComplete"]!);
        using var undone = await candidate.PostJsonAsync(url, new JsonObject { ["complete"] = false });
        Assert.False((bool)(await undone.JsonAsync())["preparationComplete"]!);
    }

    [Fact]
    public async Task Statistics_count_by_type_status_and_company_and_rate_decided_outcomes()
    {
        var ids = new List<string>();
        foreach (var (type, company) in new[] { ("technical", "Acme"), ("technical", "acme"), ("panel", "Globex"), ("behavioral", "Acme") })
        {
            ids.Add((string)(await _recruiter.CreateAsync(ApiCalls.NewInterviewBody("2026-11-25T10:00:00Z", type: type, company: company)))["id"]!);
        }
        await _recruiter.CreateAsync(ApiCalls.NewInterviewBody("2026-12-20T10:00:00Z"));
        _app.Clock.Set(new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero));
        foreach (var (id, outcome) in ids.Zip(new[] { "offer", "rejected", "pending" }))
        {
            (await _recruiter.PostJsonAsync($"/api/interviews/{id}/status", new JsonObject { ["status"] = "completed", ["outcome"] = outcome })).EnsureSuccessStatusCode();
        }

        using var response = await _recruiter.GetAsync("/api/interviews/stats");
        await response.ExpectAsync(HttpStatusCode.OK);
        var stats = await response.JsonAsync();

        Assert.Equal(5, (int)stats["total"]!);
        Assert.Equal(3, (int)stats["byType"]!["technical"]!);
        Assert.Equal(1, (int)stats["byType"]!["panel"]!);
        Assert.Equal(0, (int)stats["byType"]!["debrief"]!);
        Assert.Equal(3, (int)stats["byStatus"]!["completed"]!);
        Assert.Equal(2, (int)stats["byStatus"]!["scheduled"]!);
        Assert.Equal(4, (int)stats["byCompany"]!["Acme"]!);
        Assert.Equal(1, (int)stats["byCompany"]!["Globex"]!);
        Assert.Equal(3, (int)stats["completed"]!);
        Assert.Equal(2, (int)stats["decided"]!);
        Assert.Equal(0.5, (double)stats["successRate"]!);
        Assert.Equal(0, (int)stats["upcomingNext7Days"]!);
    }

    [Fact]
    public async Task Delete_erases_the_interview_and_frees_its_idempotency_key()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/interviews") { Content = JsonContent.Create(ApiCalls.NewInterviewBody()) };
        request.Headers.Add("Idempotency-Key", "erase-me");
        using var created = await _recruiter.SendAsync(request);
        var id = (string)(await created.JsonAsync())["id"]!;

        using var forbidden = await _app.ClientFor(TestApp.AcmeInterviewer).DeleteAsync($"/api/interviews/{id}");
        await forbidden.ProblemAsync(HttpStatusCode.Forbidden);
        using var deleted = await _recruiter.DeleteAsync($"/api/interviews/{id}");
        await deleted.ExpectAsync(HttpStatusCode.NoContent);
        using var gone = await _recruiter.GetAsync($"/api/interviews/{id}");
        await gone.ProblemAsync(HttpStatusCode.NotFound);
        using var again = await _recruiter.DeleteAsync($"/api/interviews/{id}");
        await again.ProblemAsync(HttpStatusCode.NotFound);

        var retry = new HttpRequestMessage(HttpMethod.Post, "/api/interviews") { Content = JsonContent.Create(ApiCalls.NewInterviewBody()) };
        retry.Headers.Add("Idempotency-Key", "erase-me");
        using var recreated = await _recruiter.SendAsync(retry);
        await recreated.ExpectAsync(HttpStatusCode.Created);
        Assert.NotEqual(id, (string)(await recreated.JsonAsync())["id"]!);
    }

    [Fact]
    public async Task Data_survives_a_restart_of_the_app()
    {
        var created = await _recruiter.CreateAsync();
        using var restarted = new TestApp(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _app.DataDirectory });

        using var read = await restarted.ClientFor(TestApp.AcmeRecruiter).GetAsync($"/api/interviews/{created["id"]}");

        await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((string)created["etag"]!, (string)(await read.JsonAsync())["etag"]!);
    }
}
