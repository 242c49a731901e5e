using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Preparation.Mock;

/// <summary>Mock interviews through the real app on its embedded store, with the hand-moved clock.</summary>
public sealed class MockInterviewsApiTests : IDisposable
{
    private const string GraceKey = "key-acme-candidate-grace";
    private readonly TestApp _app = new(OtherCandidate());
    private readonly HttpClient _ada;

    public MockInterviewsApiTests() => _ada = _app.ClientFor(TestApp.AcmeCandidate);

    public void Dispose()
    {
        _ada.Dispose();
        _app.Dispose();
    }

    /// <summary>A second candidate of the same tenant.</summary>
    private static Dictionary<string, string?> OtherCandidate() => new()
    {
        ["Auth:ApiKeys:6:Name"] = GraceKey,
        ["Auth:ApiKeys:6:Sha256"] = CallerDirectory.HashKey(GraceKey),
        ["Auth:ApiKeys:6:TenantId"] = "acme",
        ["Auth:ApiKeys:6:Role"] = "candidate",
        ["Auth:ApiKeys:6:Email"] = "grace@example.com",
    };

    private static JsonObject Settings(string kind = "behavioral", int questionCount = 2, int timeLimitMinutes = 30, string? domain = null, string persona = "ruthless") => new()
    {
        ["kind"] = kind,
        ["domain"] = domain,
        ["difficulty"] = "medium",
        ["persona"] = persona,
        ["questionCount"] = questionCount,
        ["timeLimitMinutes"] = timeLimitMinutes,
        ["jobId"] = "job-42",
    };

    private static async Task<JsonObject> StartAsync(HttpClient client, JsonObject? settings = null)
    {
        using var response = await client.PostJsonAsync("/api/mock-interviews", settings ?? Settings());
        await response.ExpectAsync(HttpStatusCode.Created);
        var session = await response.JsonAsync();
        Assert.Equal($"/api/mock-interviews/{session["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal((string)session["etag"]!, response.Headers.ETag?.Tag);
        return session;
    }

    private static Task<HttpResponseMessage> AnswerAsync(HttpClient client, string id, string answer, string? ifMatch = null) =>
        client.SendJsonAsync(HttpMethod.Post, $"/api/mock-interviews/{id}/answers", new JsonObject { ["answer"] = answer }, ifMatch);

    [Fact]
    public async Task A_candidate_answers_to_the_end_and_gets_feedback_scores_a_follow_up_and_a_summary()
    {
        var session = await StartAsync(_ada);
        var id = (string)session["id"]!;
        Assert.Equal("active", (string)session["state"]!);
        Assert.Equal("2026-11-21T09:30:00+00:00", (string)session["endsBy"]!);
        Assert.False(string.IsNullOrWhiteSpace((string)session["currentQuestion"]!["question"]!));
        Assert.Single(session["turns"]!.AsArray());

        // A story with no result and no number: the ruthless interviewer says so and asks one follow-up.
        using (var first = await AnswerAsync(_ada, id, MockConductorTests.NoResultStory))
        {
            await first.ExpectAsync(HttpStatusCode.OK);
            var body = await first.JsonAsync();
            Assert.Contains("No result: say what changed and by how much.", (string)body["assessed"]!["feedback"]!, StringComparison.Ordinal);
            Assert.Contains("no number", ((string)body["assessed"]!["feedback"]!).ToLowerInvariant(), StringComparison.Ordinal);
            Assert.Equal(["result", "number"], body["assessed"]!["missing"]!.AsArray().Select(m => (string)m!).Take(2));
            Assert.InRange((int)body["assessed"]!["scores"]!["depth"]!, 0, 10);
            Assert.True((bool)body["next"]!["isFollowUp"]!);
            Assert.Equal("result", (string)body["next"]!["followUpFor"]!);
        }
        using (var followUp = await AnswerAsync(_ada, id, "Failures dropped from nine a month to zero, and finance closed the quarter two days earlier."))
        {
            var body = await followUp.JsonAsync();
            Assert.Equal("Gap closed.", (string)body["assessed"]!["feedback"]!);
            Assert.Equal(2, (int)body["next"]!["number"]!);
            Assert.False((bool)body["next"]!["isFollowUp"]!);
        }
        // The second question is drawn by the session's seed; whatever it is, it gets at most one follow-up.
        var turnsOnSecond = 0;
        JsonObject last;
        do
        {
            using var response = await AnswerAsync(_ada, id, MockConductorTests.StrongStory);
            await response.ExpectAsync(HttpStatusCode.OK);
            last = await response.JsonAsync();
            Assert.Equal(2, (int)last["assessed"]!["number"]!);
            turnsOnSecond++;
        }
        while (last["next"] is JsonObject && turnsOnSecond < 3);
        Assert.InRange(turnsOnSecond, 1, 2);

        Assert.Equal("ended", (string)last["state"]!);
        Assert.Equal("all_questions_answered", (string)last["endReason"]!);
        Assert.Equal(2, (int)last["summary"]!["questionsAnswered"]!);
        Assert.Equal("handed_off", (string)last["evaluation"]!["status"]!);
        using var late = await AnswerAsync(_ada, id, "One more thing.");
        await late.ProblemAsync(HttpStatusCode.Conflict);

        using var transcript = await _ada.GetAsync($"/api/mock-interviews/{id}");
        var stored = await transcript.JsonAsync();
        Assert.Equal("ended", (string)stored["state"]!);
        Assert.Null(stored["currentQuestion"]);
        Assert.All(stored["turns"]!.AsArray(), t => Assert.NotNull(t!["answer"]));
        Assert.Equal(MockConductorTests.NoResultStory, (string)stored["turns"]![0]!["answer"]!);
        Assert.Equal("offline", (string)stored["engine"]!);
        Assert.Equal("job-42", (string)stored["jobId"]!);
        Assert.NotNull(stored["summary"]!["overall"]);
    }

    [Fact]
    public async Task The_time_limit_ends_the_session_at_its_deadline_and_refuses_a_late_answer()
    {
        var id = (string)(await StartAsync(_ada, Settings(timeLimitMinutes: 5)))["id"]!;
        _app.Clock.Advance(TimeSpan.FromMinutes(4));
        using (var inTime = await AnswerAsync(_ada, id, MockConductorTests.StrongStory))
        {
            await inTime.ExpectAsync(HttpStatusCode.OK);
        }
        _app.Clock.Advance(TimeSpan.FromMinutes(2));

        using var late = await AnswerAsync(_ada, id, MockConductorTests.StrongStory);
        var problem = await late.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("time limit", (string)problem["detail"]!, StringComparison.Ordinal);

        var session = await (await _ada.GetAsync($"/api/mock-interviews/{id}")).JsonAsync();
        Assert.Equal("ended", (string)session["state"]!);
        Assert.Equal("time_limit", (string)session["endReason"]!);
        Assert.Equal("2026-11-21T09:05:00+00:00", (string)session["endedAt"]!);
        Assert.Equal(1, (int)session["summary"]!["questionsAnswered"]!);
    }

    [Fact]
    public async Task Ending_a_session_summarises_it_and_ending_it_again_changes_nothing()
    {
        var id = (string)(await StartAsync(_ada, Settings(questionCount: 4)))["id"]!;
        (await AnswerAsync(_ada, id, MockConductorTests.StrongStory)).Dispose();

        using var end = await _ada.PostAsync($"/api/mock-interviews/{id}/end", null);
        await end.ExpectAsync(HttpStatusCode.OK);
        var ended = await end.JsonAsync();
        using var again = await _ada.PostAsync($"/api/mock-interviews/{id}/end", null);
        var endedAgain = await again.JsonAsync();

        Assert.Equal("ended_by_candidate", (string)ended["endReason"]!);
        Assert.Contains("3 of 4 questions were not answered.", ended["summary"]!["gaps"]!.AsArray().Select(g => (string)g!));
        Assert.Equal((string)ended["etag"]!, (string)endedAgain["etag"]!);
        Assert.Equal((string)ended["endedAt"]!, (string)endedAgain["endedAt"]!);
        using var answer = await AnswerAsync(_ada, id, MockConductorTests.StrongStory);
        await answer.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_answer_with_a_stale_if_match_is_refused_with_412()
    {
        var session = await StartAsync(_ada, Settings(questionCount: 3));
        var id = (string)session["id"]!;
        var etag = (string)session["etag"]!;
        using (var first = await AnswerAsync(_ada, id, MockConductorTests.StrongStory, ifMatch: etag))
        {
            await first.ExpectAsync(HttpStatusCode.OK);
        }

        using var stale = await AnswerAsync(_ada, id, MockConductorTests.WeakStory, ifMatch: etag);

        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);
        var stored = await (await _ada.GetAsync($"/api/mock-interviews/{id}")).JsonAsync();
        Assert.Single(stored["turns"]!.AsArray(), t => t!["answer"] is not null);
    }

    [Fact]
    public async Task Sessions_belong_to_the_candidate_who_started_them()
    {
        var id = (string)(await StartAsync(_ada))["id"]!;
        using var grace = _app.ClientFor(GraceKey);
        using var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        using var admin = _app.ClientFor(TestApp.AcmeAdmin);

        await (await grace.GetAsync($"/api/mock-interviews/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await AnswerAsync(grace, id, MockConductorTests.StrongStory)).ProblemAsync(HttpStatusCode.NotFound);
        await (await grace.PostAsync($"/api/mock-interviews/{id}/end", null)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await grace.ListItemsAsync("/api/mock-interviews"));
        await (await recruiter.PostJsonAsync("/api/mock-interviews", Settings())).ProblemAsync(HttpStatusCode.Forbidden);
        await (await recruiter.GetAsync($"/api/mock-interviews/{id}")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.GetAsync("/api/mock-interviews")).ProblemAsync(HttpStatusCode.Forbidden);
        using var anonymous = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/mock-interviews")).StatusCode);
        Assert.Equal("active", (string)(await (await _ada.GetAsync($"/api/mock-interviews/{id}")).JsonAsync())["state"]!);
    }

    [Fact]
    public async Task The_list_pages_through_the_callers_sessions_in_start_order()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((string)(await StartAsync(_ada))["id"]!);
            _app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var first = await (await _ada.GetAsync("/api/mock-interviews?pageSize=2")).JsonAsync();
        var token = Uri.EscapeDataString((string)first["continuationToken"]!);
        var second = await (await _ada.GetAsync($"/api/mock-interviews?pageSize=2&continuationToken={token}")).JsonAsync();

        Assert.Equal(ids, first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(s => (string)s!["id"]!));
        Assert.Null(second["continuationToken"]);
        Assert.Equal("active", (string)first["items"]![0]!["state"]!);
        await (await _ada.GetAsync("/api/mock-interviews?pageSize=0")).FieldErrorAsync("pageSize");
    }

    [Theory]
    [InlineData("""{ "difficulty": "medium" }""", "kind")]
    [InlineData("""{ "kind": "technical" }""", "domain")]
    [InlineData("""{ "kind": "behavioral", "domain": "astrology" }""", "domain")]
    [InlineData("""{ "kind": "behavioral", "questionCount": 0 }""", "questionCount")]
    [InlineData("""{ "kind": "behavioral", "timeLimitMinutes": 121 }""", "timeLimitMinutes")]
    [InlineData("""{ "kind": "behavioral", "persona": "sarcastic" }""", "persona")]
    public async Task Bad_settings_are_refused_naming_the_field(string body, string field)
    {
        using var response = await _ada.PostAsync("/api/mock-interviews", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.FieldErrorAsync(field);
        Assert.Empty(await _ada.ListItemsAsync("/api/mock-interviews"));
    }

    [Fact]
    public async Task An_unknown_field_in_the_settings_is_refused()
    {
        using var response = await _ada.PostAsync("/api/mock-interviews", new StringContent("""{ "kind": "behavioral", "mood": "calm" }""", Encoding.UTF8, "application/json"));

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Empty_oversized_and_malformed_answers_are_refused_and_change_nothing()
    {
        var session = await StartAsync(_ada);
        var id = (string)session["id"]!;

        await (await AnswerAsync(_ada, id, "   ")).FieldErrorAsync("answer");
        await (await AnswerAsync(_ada, id, new string('a', 10_001))).FieldErrorAsync("answer");
        await (await _ada.PostAsync($"/api/mock-interviews/{id}/answers", new StringContent("{ \"answer\": ", Encoding.UTF8, "application/json"))).ProblemAsync(HttpStatusCode.BadRequest);
        await (await _ada.PostAsync($"/api/mock-interviews/{id}/answers", new StringContent("hello", Encoding.UTF8, "text/plain"))).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        using (var longest = await AnswerAsync(_ada, id, MockConductorTests.StrongStory + new string(' ', 10_000 - MockConductorTests.StrongStory.Length)))
        {
            await longest.ExpectAsync(HttpStatusCode.OK);
        }

        var stored = await (await _ada.GetAsync($"/api/mock-interviews/{id}")).JsonAsync();
        Assert.Equal(MockConductorTests.StrongStory, (string)stored["turns"]![0]!["answer"]!);
    }

    [Fact]
    public async Task A_voice_answer_without_speech_to_text_configured_is_refused_with_501_naming_the_settings()
    {
        var id = (string)(await StartAsync(_ada))["id"]!;
        var audio = new ByteArrayContent([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0]);
        audio.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        using var multipart = new MultipartFormDataContent();
        var part = new ByteArrayContent([1, 2, 3]);
        part.Headers.ContentType = new MediaTypeHeaderValue("audio/webm");
        multipart.Add(part, "audio", "answer.webm");

        var direct = await (await _ada.PostAsync($"/api/mock-interviews/{id}/answers", audio)).ProblemAsync(HttpStatusCode.NotImplemented);
        var form = await (await _ada.PostAsync($"/api/mock-interviews/{id}/answers", multipart)).ProblemAsync(HttpStatusCode.NotImplemented);

        Assert.Contains("AzureOpenAI__TranscriptionDeployment", (string)direct["detail"]!, StringComparison.Ordinal);
        Assert.Contains("not configured", (string)direct["detail"]!, StringComparison.Ordinal);
        Assert.Equal((string)direct["detail"]!, (string)form["detail"]!);
        var stored = await (await _ada.GetAsync($"/api/mock-interviews/{id}")).JsonAsync();
        Assert.Null(stored["turns"]![0]!["answer"]);
    }

    [Fact]
    public async Task A_restarted_app_keeps_the_session_and_carries_on_from_the_current_question()
    {
        var dataDirectory = RepoPaths.NewTempDirectory("if-mock-restart");
        try
        {
            string id;
            string question;
            using (var first = new TestApp(dataDirectory: dataDirectory))
            using (var client = first.ClientFor(TestApp.AcmeCandidate))
            {
                id = (string)(await StartAsync(client, Settings(questionCount: 2)))["id"]!;
                using var answered = await AnswerAsync(client, id, MockConductorTests.StrongStory);
                question = (string)(await answered.JsonAsync())["next"]!["question"]!;
            }

            using var second = new TestApp(dataDirectory: dataDirectory);
            using var again = second.ClientFor(TestApp.AcmeCandidate);
            var session = await (await again.GetAsync($"/api/mock-interviews/{id}")).JsonAsync();
            Assert.Equal(question, (string)session["currentQuestion"]!["question"]!);
            Assert.Equal(MockConductorTests.StrongStory, (string)session["turns"]![0]!["answer"]!);
            using var next = await AnswerAsync(again, id, MockConductorTests.StrongStory);
            await next.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(question, (string)(await next.JsonAsync())["assessed"]!["question"]!);
        }
        finally
        {
            RepoPaths.DeleteQuietly(dataDirectory);
        }
    }
}
