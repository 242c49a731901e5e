using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using InterviewFunctions.Core.Evaluation;
using InterviewFunctions.Tests.Hiring;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Evaluation;

/// <summary>Transcripts posted to the real app, evaluated by the EvaluateInterview function on the embedded queue's listener.</summary>
public sealed class EvaluationApiTests : IDisposable
{
    private readonly TestApp _app = new(new Dictionary<string, string?>
    {
        ["Evaluation:MaxTurns"] = "8",
        ["Evaluation:MaxTurnCharacters"] = "1500",
        ["Evaluation:MaxDecisionNotes"] = "50",
    });
    private readonly HttpClient _admin;

    public EvaluationApiTests() => _admin = _app.ClientFor(TestApp.AcmeAdmin);

    public void Dispose()
    {
        _admin.Dispose();
        _app.Dispose();
    }

    internal static JsonObject Body(IEnumerable<TranscriptTurn> turns) => new()
    {
        ["turns"] = new JsonArray([.. turns.Select(t => (JsonNode)new JsonObject
        {
            ["speaker"] = t.Speaker,
            ["role"] = t.Role == TranscriptRole.Candidate ? "candidate" : "interviewer",
            ["text"] = t.Text,
            ["at"] = t.At?.ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture),
        })]),
    };

    private async Task<string> InterviewAsync(string? jobId = null) =>
        (string)(await _admin.CreateAsync(ApiCalls.NewInterviewBody(jobId: jobId)))["id"]!;

    private static async Task<JsonObject> PostAsync(HttpClient client, string interviewId, JsonObject body)
    {
        using var response = await client.PostJsonAsync($"/api/interviews/{interviewId}/transcript", body);
        await response.ExpectAsync(HttpStatusCode.Accepted);
        var evaluation = await response.JsonAsync();
        Assert.Equal($"/api/evaluations/{evaluation["id"]}", response.Headers.Location?.OriginalString);
        return evaluation;
    }

    private static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string interviewId, string body, string mediaType) =>
        client.PostAsync($"/api/interviews/{interviewId}/transcript", new StringContent(body, Encoding.UTF8, mediaType));

    internal static async Task<JsonObject> SettledAsync(HttpClient client, string url)
    {
        JsonObject? evaluation = null;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await client.GetAsync(url);
            await response.ExpectAsync(HttpStatusCode.OK);
            evaluation = await response.JsonAsync();
            return (string)evaluation["status"]! is "succeeded" or "failed";
        }, $"the evaluation at {url} settles");
        return evaluation!;
    }

    private static int Score(JsonObject evaluation, string dimension) =>
        (int)evaluation["assessment"]!["dimensions"]!.AsArray().Single(d => (string)d!["dimension"]! == dimension)!["score"]!;

    [Fact]
    public async Task A_strong_and_a_weak_transcript_are_queued_evaluated_and_the_strong_one_scores_higher_quoting_its_turns()
    {
        var jobBody = HiringCalls.JobBody("Backend Engineer", domain: "backend");
        jobBody["requiredSkills"] = new JsonArray("PostgreSQL", "Kafka");
        jobBody["niceToHaveSkills"] = new JsonArray();
        var job = await _admin.CreateJobAsync(jobBody);
        var strongId = await InterviewAsync((string)job["id"]!);
        var weakId = await InterviewAsync((string)job["id"]!);

        var queued = await PostAsync(_admin, strongId, Body(Transcripts.Strong()));
        await PostAsync(_admin, weakId, Body(Transcripts.Weak()));

        Assert.Equal("interview", (string)queued["subject"]!);
        Assert.Equal(strongId, (string)queued["subjectId"]!);
        Assert.Equal("json", (string)queued["transcriptFormat"]!);
        Assert.Equal(6, queued["turns"]!.AsArray().Count);
        var strong = await SettledAsync(_admin, $"/api/interviews/{strongId}/evaluation");
        var weak = await SettledAsync(_admin, $"/api/interviews/{weakId}/evaluation");
        Assert.Equal("succeeded", (string)strong["status"]!);
        Assert.Equal((string)queued["id"]!, (string)strong["id"]!);
        Assert.Equal(1, (int)strong["attempts"]!);
        Assert.True(Score(strong, "overall") > Score(weak, "overall"), $"strong {Score(strong, "overall")}, weak {Score(weak, "overall")}");
        Assert.Contains((string)strong["assessment"]!["recommendation"]!, new[] { "strong_hire", "hire" });
        Assert.Contains((string)weak["assessment"]!["recommendation"]!, new[] { "no_hire", "strong_no_hire" });
        Assert.Equal("offline", (string)strong["assessment"]!["engine"]!);
        Assert.Null(strong["decision"]);
        // The job's skills were the topics: both are named in the domain rationale.
        var domain = strong["assessment"]!["dimensions"]!.AsArray().Single(d => (string)d!["dimension"]! == "domain_knowledge")!;
        Assert.Contains("Mentioned 2 of the role's 2 topics", (string)domain["rationale"]!, StringComparison.Ordinal);
        var turns = strong["turns"]!.AsArray();
        foreach (var dimension in strong["assessment"]!["dimensions"]!.AsArray())
        {
            Assert.NotEmpty(dimension!["evidence"]!.AsArray());
            foreach (var quote in dimension["evidence"]!.AsArray())
            {
                var turn = turns[(int)quote!["turn"]!]!;
                Assert.Equal("candidate", (string)turn["role"]!);
                Assert.Equal(Transcripts.Candidate, (string)quote["speaker"]!);
                Assert.Contains(((string)quote["text"]!).TrimEnd('…'), (string)turn["text"]!, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Plain_text_lines_are_read_with_roles_from_the_interviews_names_and_role_prefixes()
    {
        var id = await InterviewAsync();
        var text = """
            [00:00:05] Bob: Tell me about a time you fixed a performance problem.
            [00:00:12] Ada Lovelace: At my last company our checkout API was timing out.
            I profiled it and cut p99 from 900 ms to 120 ms.
            Edge cases: retries and duplicate requests.
            Interviewer (panel): How did you verify it?
            Candidate: I load tested it with 3x the peak traffic.
            """;

        using var response = await PostRawAsync(_admin, id, text, "text/plain");
        await response.ExpectAsync(HttpStatusCode.Accepted);
        var evaluation = await response.JsonAsync();

        Assert.Equal("text", (string)evaluation["transcriptFormat"]!);
        var turns = evaluation["turns"]!.AsArray();
        Assert.Equal(["interviewer", "candidate", "interviewer", "candidate"], turns.Select(t => (string)t!["role"]!));
        Assert.Equal(["Bob", "Ada Lovelace", "Interviewer (panel)", "Candidate"], turns.Select(t => (string)t!["speaker"]!));
        Assert.Equal("00:00:12", (string)turns[1]!["at"]!);
        Assert.Equal("At my last company our checkout API was timing out.\nI profiled it and cut p99 from 900 ms to 120 ms.\nEdge cases: retries and duplicate requests.", (string)turns[1]!["text"]!);
        Assert.Equal("succeeded", (string)(await SettledAsync(_admin, $"/api/evaluations/{evaluation["id"]}"))["status"]!);
    }

    [Fact]
    public async Task WebVtt_cues_are_read_with_voice_tags_timings_and_one_turn_per_run_of_a_speaker()
    {
        var id = await InterviewAsync();
        var vtt = """
            WEBVTT

            NOTE recorded by the meeting service

            1
            00:00:05.000 --> 00:00:09.500
            <v Bob Builder>How would you design the event pipeline?</v>

            2
            00:00:10.000 --> 00:00:15.000 align:start
            <v.speaker Ada Lovelace>First I would partition the topic by customer id,</v>

            3
            00:00:15.000 --> 00:00:21.250
            <v Ada Lovelace>because ordering matters per customer &amp; the <i>trade-off</i> is skew.</v>

            4
            01:02.000 --> 01:05.000
            Bob Builder: Thanks.
            """;

        using var response = await PostRawAsync(_admin, id, vtt, "text/vtt");
        await response.ExpectAsync(HttpStatusCode.Accepted);
        var turns = (await response.JsonAsync())["turns"]!.AsArray();

        Assert.Equal(3, turns.Count);
        Assert.Equal(["Bob Builder", "Ada Lovelace", "Bob Builder"], turns.Select(t => (string)t!["speaker"]!));
        Assert.Equal("First I would partition the topic by customer id, because ordering matters per customer & the trade-off is skew.", (string)turns[1]!["text"]!);
        Assert.Equal("00:00:10", (string)turns[1]!["at"]!);
        Assert.Equal("00:01:02", (string)turns[2]!["at"]!);
        Assert.Equal("candidate", (string)turns[1]!["role"]!);
    }

    public static TheoryData<string, string, string> BadTranscripts => new()
    {
        { "application/json", """{ "turns": [] }""", "turns" },
        { "application/json", """{ }""", "turns" },
        { "application/json", """{ "turns": [ { "speaker": "Bob", "role": "interviewer", "text": "Hello?" } ] }""", "turns" },
        { "application/json", """{ "turns": [ { "speaker": "Bob", "role": "interviewer", "text": "Q" }, { "speaker": "Ada", "role": "candidate", "text": "" } ] }""", "turns[1].text" },
        { "application/json", """{ "turns": [ { "speaker": "Bob", "role": "interviewer", "text": "Q" }, { "speaker": "Ada", "role": "candidate", "text": "A" }, { "speaker": "Zed", "role": "observer", "text": "Hm" }, { "speaker": "Ada", "role": "candidate", "text": "{{LONG}}" } ] }""", "turns[3].text" },
        { "application/json", """{ "turns": [ { "speaker": "Zed", "role": "observer", "text": "Hm" }, { "speaker": "Ada", "role": "candidate", "text": "A" } ] }""", "turns[0].role" },
        { "application/json", """{ "turns": [ { "speaker": "Zed", "text": "Hm" }, { "speaker": "Ada", "role": "candidate", "text": "A" } ] }""", "turns[0].role" },
        { "application/json", """{ "turns": [ { "speaker": "Ada", "role": "candidate", "text": "A", "at": "ten past" } ] }""", "turns[0].at" },
        { "application/json", """{ "turns": [ { "speaker": "Ada", "role": "candidate", "text": "A", "mood": "calm" } ] }""", "turns[0].mood" },
        { "application/json", "{{MANY}}", "turns" },
        { "text/plain", "Bob: Why us?\nZed Shaw: I like it here.", "turns[1].role" },
        { "text/plain", "hello there\nBob: Why us?", "turns[0].speaker" },
        { "text/plain", "Bob: Why us?\nBob: Anyone?", "turns" },
        { "text/vtt", "00:00:01.000 --> 00:00:02.000\n<v Ada>Hi</v>", "turns" },
        { "text/vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi there", "turns[0].speaker" },
    };

    [Theory]
    [MemberData(nameof(BadTranscripts))]
    public async Task A_bad_transcript_is_refused_naming_the_field_and_nothing_is_stored(string mediaType, string body, string field)
    {
        var id = await InterviewAsync();
        body = body.Replace("{{LONG}}", new string('x', 1501), StringComparison.Ordinal)
            .Replace("{{MANY}}", Body(Enumerable.Range(0, 9).Select(i => new TranscriptTurn("Ada", TranscriptRole.Candidate, $"Answer {i}"))).ToJsonString(), StringComparison.Ordinal);

        using var response = await PostRawAsync(_admin, id, body, mediaType);

        await response.FieldErrorAsync(field);
        using var evaluation = await _admin.GetAsync($"/api/interviews/{id}/evaluation");
        await evaluation.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await _app.Services.GetRequiredService<InterviewFunctions.Core.Queues.IMessageQueues>().PeekAsync("evaluations", 32, default));
    }

    [Fact]
    public async Task An_unsupported_media_type_is_refused()
    {
        using var response = await PostRawAsync(_admin, await InterviewAsync(), "<turns/>", "application/xml");

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Only_the_hiring_team_of_the_interview_posts_and_reads_evaluations()
    {
        var id = await InterviewAsync();
        var evaluation = await PostAsync(_app.ClientFor(TestApp.AcmeInterviewer), id, Body(Transcripts.Strong()));
        var evaluationId = (string)evaluation["id"]!;
        await SettledAsync(_admin, $"/api/evaluations/{evaluationId}");

        using var candidate = _app.ClientFor(TestApp.AcmeCandidate);
        using var otherInterviewer = _app.ClientFor(TestApp.AcmeOtherInterviewer);
        using var globex = _app.ClientFor(TestApp.GlobexAdmin);
        using var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);

        await (await candidate.PostJsonAsync($"/api/interviews/{id}/transcript", Body(Transcripts.Weak()))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await candidate.GetAsync($"/api/interviews/{id}/evaluation")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await candidate.GetAsync($"/api/evaluations/{evaluationId}")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await otherInterviewer.GetAsync($"/api/interviews/{id}/evaluation")).ProblemAsync(HttpStatusCode.NotFound);
        await (await otherInterviewer.GetAsync($"/api/evaluations/{evaluationId}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await globex.PostJsonAsync($"/api/interviews/{id}/transcript", Body(Transcripts.Weak()))).ProblemAsync(HttpStatusCode.NotFound);
        await (await globex.GetAsync($"/api/interviews/{id}/evaluation")).ProblemAsync(HttpStatusCode.NotFound);
        await (await globex.GetAsync($"/api/evaluations/{evaluationId}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await recruiter.GetAsync($"/api/evaluations/{evaluationId}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_latest_evaluation_is_the_last_posted_and_erasing_the_interview_erases_them()
    {
        var id = await InterviewAsync();
        await PostAsync(_admin, id, Body(Transcripts.Weak()));
        var second = await PostAsync(_admin, id, Body(Transcripts.Strong()));

        Assert.Equal((string)second["id"]!, (string)(await SettledAsync(_admin, $"/api/interviews/{id}/evaluation"))["id"]!);
        await (await _admin.DeleteAsync($"/api/interviews/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await _admin.GetAsync($"/api/evaluations/{second["id"]}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_person_records_the_decision_with_who_and_when_and_the_recommendation_stays_a_recommendation()
    {
        var id = await InterviewAsync();
        var evaluationId = (string)(await PostAsync(_admin, id, Body(Transcripts.Weak())))["id"]!;
        var settled = await SettledAsync(_admin, $"/api/evaluations/{evaluationId}");
        var url = $"/api/evaluations/{evaluationId}/decision";
        var etag = (string)settled["etag"]!;

        await (await _admin.SendJsonAsync(HttpMethod.Put, url, new JsonObject { ["decision"] = "maybe" })).FieldErrorAsync("decision");
        await (await _admin.SendJsonAsync(HttpMethod.Put, url, new JsonObject { ["notes"] = "no decision" })).FieldErrorAsync("decision");
        await (await _admin.SendJsonAsync(HttpMethod.Put, url, new JsonObject { ["decision"] = "hire", ["notes"] = new string('n', 51) })).FieldErrorAsync("notes");
        await (await _admin.SendJsonAsync(HttpMethod.Put, url, new JsonObject { ["decision"] = "hire", ["by"] = "the model" })).FieldErrorAsync("by");
        await (await _admin.SendJsonAsync(HttpMethod.Put, url, new JsonObject { ["decision"] = "hire" }, ifMatch: "\"r999\"")).ProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await _app.ClientFor(TestApp.AcmeCandidate).SendJsonAsync(HttpMethod.Put, url, new JsonObject { ["decision"] = "hire" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await _app.ClientFor(TestApp.GlobexAdmin).SendJsonAsync(HttpMethod.Put, url, new JsonObject { ["decision"] = "hire" })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(etag, (string)(await SettledAsync(_admin, $"/api/evaluations/{evaluationId}"))["etag"]!);

        _app.Clock.Advance(TimeSpan.FromHours(2));
        using var decided = await _app.ClientFor(TestApp.AcmeInterviewer).SendJsonAsync(HttpMethod.Put, url,
            new JsonObject { ["decision"] = "hold", ["notes"] = "Second technical round first." }, ifMatch: etag);
        await decided.ExpectAsync(HttpStatusCode.OK);
        var evaluation = await decided.JsonAsync();

        Assert.Equal("hold", (string)evaluation["decision"]!["decision"]!);
        Assert.Equal(TestApp.BobEmail, (string)evaluation["decision"]!["decidedBy"]!);
        Assert.Equal(_app.Clock.GetUtcNow(), (DateTimeOffset)evaluation["decision"]!["decidedAt"]!);
        Assert.Equal("Second technical round first.", (string)evaluation["decision"]!["notes"]!);
        Assert.Equal((string)settled["assessment"]!["recommendation"]!, (string)evaluation["assessment"]!["recommendation"]!);
        Assert.NotEqual(etag, (string)evaluation["etag"]!);
        Assert.Equal((string)evaluation["etag"]!, decided.Headers.ETag?.Tag);
        await (await _admin.SendJsonAsync(HttpMethod.Put, url, new JsonObject { ["decision"] = "no_hire" }, ifMatch: etag)).ProblemAsync(HttpStatusCode.PreconditionFailed);
    }
}
