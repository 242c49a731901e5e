using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using InterviewFunctions.App.Evaluations;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Core.Evaluation;
using InterviewFunctions.Core.Queues;
using InterviewFunctions.Tests.Preparation.Mock;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Evaluation;

/// <summary>Mock interviews handed to evaluation when they end, through the real app and its queue listener.</summary>
public sealed class MockInterviewEvaluationTests : IDisposable
{
    private readonly TestApp _app = new();
    private readonly HttpClient _ada;

    public MockInterviewEvaluationTests() => _ada = _app.ClientFor(TestApp.AcmeCandidate);

    public void Dispose()
    {
        _ada.Dispose();
        _app.Dispose();
    }

    private async Task<string> StartAndAnswerAsync(int timeLimitMinutes = 30)
    {
        using var created = await _ada.PostJsonAsync("/api/mock-interviews", new JsonObject
        {
            ["kind"] = "behavioral",
            ["questionCount"] = 3,
            ["timeLimitMinutes"] = timeLimitMinutes,
        });
        await created.ExpectAsync(HttpStatusCode.Created);
        var id = (string)(await created.JsonAsync())["id"]!;
        using var answered = await _ada.PostJsonAsync($"/api/mock-interviews/{id}/answers", new JsonObject { ["answer"] = MockConductorTests.StrongStory });
        await answered.ExpectAsync(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task Ending_a_mock_interview_hands_its_transcript_to_evaluation_for_its_owner_only()
    {
        var id = await StartAndAnswerAsync();
        await (await _ada.GetAsync($"/api/mock-interviews/{id}/evaluation")).ProblemAsync(HttpStatusCode.NotFound);

        using var ended = await _ada.PostAsync($"/api/mock-interviews/{id}/end", null);
        await ended.ExpectAsync(HttpStatusCode.OK);
        var session = await ended.JsonAsync();
        var evaluationId = (string)session["evaluation"]!["evaluationId"]!;

        Assert.Equal("handed_off", (string)session["evaluation"]!["status"]!);
        Assert.NotNull(session["summary"]!["overall"]);
        var evaluation = await EvaluationApiTests.SettledAsync(_ada, $"/api/mock-interviews/{id}/evaluation");
        Assert.Equal("succeeded", (string)evaluation["status"]!);
        Assert.Equal(evaluationId, (string)evaluation["id"]!);
        Assert.Equal("mock_interview", (string)evaluation["subject"]!);
        Assert.Equal("mock", (string)evaluation["transcriptFormat"]!);
        var turns = evaluation["turns"]!.AsArray();
        Assert.Equal("interviewer", (string)turns[0]!["role"]!);
        Assert.Equal((string)session["turns"]![0]!["question"]!, (string)turns[0]!["text"]!);
        Assert.Equal(MockConductorTests.StrongStory, (string)turns[1]!["text"]!);
        Assert.Equal("candidate", (string)turns[1]!["role"]!);
        Assert.All(evaluation["assessment"]!["dimensions"]!.AsArray(), d => Assert.All(d!["evidence"]!.AsArray(), q => Assert.Equal(1, (int)q!["turn"]!)));

        await (await _ada.GetAsync($"/api/evaluations/{evaluationId}")).ExpectAsync(HttpStatusCode.OK);
        await (await _ada.SendJsonAsync(HttpMethod.Put, $"/api/evaluations/{evaluationId}/decision", new JsonObject { ["decision"] = "hire" })).ProblemAsync(HttpStatusCode.Conflict);
        await (await _app.ClientFor(TestApp.AcmeRecruiter).GetAsync($"/api/mock-interviews/{id}/evaluation")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await _app.ClientFor(TestApp.AcmeAdmin).GetAsync($"/api/evaluations/{evaluationId}")).ProblemAsync(HttpStatusCode.NotFound);

        // Ending again changes nothing and queues nothing.
        await (await _ada.PostAsync($"/api/mock-interviews/{id}/end", null)).ExpectAsync(HttpStatusCode.OK);
        var again = await EvaluationApiTests.SettledAsync(_ada, $"/api/mock-interviews/{id}/evaluation");
        Assert.Equal((string)evaluation["etag"]!, (string)again["etag"]!);
        Assert.Empty(await _app.Services.GetRequiredService<IMessageQueues>().PeekAsync("evaluations", 32, default));
    }

    [Fact]
    public async Task A_mock_interview_closed_by_its_time_limit_is_evaluated_too()
    {
        var id = await StartAndAnswerAsync(timeLimitMinutes: 5);
        _app.Clock.Advance(TimeSpan.FromMinutes(6));

        var evaluation = await EvaluationApiTests.SettledAsync(_ada, $"/api/mock-interviews/{id}/evaluation");

        Assert.Equal("succeeded", (string)evaluation["status"]!);
        using var session = await _ada.GetAsync($"/api/mock-interviews/{id}");
        Assert.Equal("time_limit", (string)(await session.JsonAsync())["endReason"]!);
    }
}

/// <summary>The EvaluateInterview function as the Functions host drives it: through the queue trigger's envelope, nothing in process on its own.</summary>
public sealed class EvaluationHostPathTests : IDisposable
{
    private readonly FlakyEvaluator _evaluator = new();
    private readonly TestApp _app;

    public EvaluationHostPathTests() => _app = new TestApp(new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7996" })
    {
        TestServices = services => services.AddSingleton<IInterviewEvaluator>(_evaluator),
    };

    public void Dispose() => _app.Dispose();

    /// <summary>The offline evaluator, failing the first <see cref="Failures"/> calls as a flaky AI service would.</summary>
    private sealed class FlakyEvaluator : IInterviewEvaluator
    {
        public int Failures { get; set; }

        public int Calls { get; private set; }

        public Task<EvaluationAssessment> EvaluateAsync(EvaluationInput input, CancellationToken cancellationToken)
        {
            Calls++;
            return Calls <= Failures
                ? throw new HttpRequestException("The evaluation service timed out.")
                : Task.FromResult(OfflineInterviewEvaluator.Evaluate(input));
        }
    }

    private static JsonObject Envelope(string text, int dequeueCount, string id = "m-1") => new()
    {
        ["Data"] = new JsonObject { ["message"] = text },
        ["Metadata"] = new JsonObject
        {
            ["DequeueCount"] = dequeueCount,
            ["Id"] = id,
            ["InsertionTime"] = "2026-11-21T09:00:00+00:00",
            ["sys"] = new JsonObject { ["MethodName"] = EvaluateInterviewFunction.Name },
        },
    };

    private async Task<HttpResponseMessage> InvokeAsync(string text, int dequeueCount) =>
        await _app.CreateClient().PostAsync($"/{EvaluateInterviewFunction.Name}",
            new StringContent(Envelope(text, dequeueCount).ToJsonString(), Encoding.UTF8, "application/json"));

    private async Task<(string EvaluationId, string Message)> PostTranscriptAsync(HttpClient admin)
    {
        var interviewId = (string)(await admin.CreateAsync())["id"]!;
        using var posted = await admin.PostJsonAsync($"/api/interviews/{interviewId}/transcript", EvaluationApiTests.Body(Transcripts.Strong()));
        await posted.ExpectAsync(HttpStatusCode.Accepted);
        var message = Assert.Single(await _app.Services.GetRequiredService<IMessageQueues>().ReceiveAsync("evaluations", 32, TimeSpan.FromMinutes(5), default));
        return ((string)(await posted.JsonAsync())["id"]!, message.Text);
    }

    [Fact]
    public async Task The_queue_trigger_evaluates_once_and_a_redelivered_settled_message_changes_nothing()
    {
        var admin = _app.ClientFor(TestApp.AcmeAdmin);
        var (evaluationId, message) = await PostTranscriptAsync(admin);
        Assert.Equal("queued", (string)(await (await admin.GetAsync($"/api/evaluations/{evaluationId}")).JsonAsync())["status"]!);

        using (var first = await InvokeAsync(message, 1))
        {
            await first.ExpectAsync(HttpStatusCode.OK);
            var answer = await first.JsonAsync();
            Assert.True(answer.ContainsKey("Outputs") && answer.ContainsKey("Logs") && answer.ContainsKey("ReturnValue"));
        }
        var settled = await (await admin.GetAsync($"/api/evaluations/{evaluationId}")).JsonAsync();
        Assert.Equal("succeeded", (string)settled["status"]!);
        Assert.Equal(1, (int)settled["attempts"]!);

        using (var redelivered = await InvokeAsync(message, 2))
        {
            await redelivered.ExpectAsync(HttpStatusCode.OK);
        }
        var after = await (await admin.GetAsync($"/api/evaluations/{evaluationId}")).JsonAsync();
        Assert.Equal((string)settled["etag"]!, (string)after["etag"]!);
        Assert.Equal(1, _evaluator.Calls);
    }

    [Fact]
    public async Task A_failure_is_retried_by_the_host_and_settles_as_failed_on_the_last_delivery()
    {
        _evaluator.Failures = 10;
        var admin = _app.ClientFor(TestApp.AcmeAdmin);
        var (evaluationId, message) = await PostTranscriptAsync(admin);

        using (var first = await InvokeAsync(message, 1))
        {
            // A non-2xx answer makes the host deliver the message again.
            await first.ExpectAsync(HttpStatusCode.InternalServerError);
        }
        var retrying = await (await admin.GetAsync($"/api/evaluations/{evaluationId}")).JsonAsync();
        Assert.Equal("queued", (string)retrying["status"]!);
        Assert.Equal("The evaluation service timed out.", (string)retrying["error"]!);
        Assert.Equal(1, (int)retrying["attempts"]!);

        using (var last = await InvokeAsync(message, 5))
        {
            await last.ExpectAsync(HttpStatusCode.OK);
        }
        var failed = await (await admin.GetAsync($"/api/evaluations/{evaluationId}")).JsonAsync();
        Assert.Equal("failed", (string)failed["status"]!);
        Assert.Equal(2, (int)failed["attempts"]!);
        Assert.Null(failed["assessment"]);
        Assert.NotNull(failed["completedAt"]);
    }

    [Fact]
    public async Task An_evaluation_whose_interview_is_gone_fails_at_once_and_an_unreadable_message_is_dropped()
    {
        var store = _app.Services.GetRequiredService<IEvaluationStore>();
        var orphan = await store.CreateAsync(new InterviewEvaluation
        {
            Id = "orphan-1",
            TenantId = "acme",
            Subject = EvaluationSubject.Interview,
            SubjectId = "no-such-interview",
            TranscriptFormat = "json",
            Turns = Transcripts.Strong(),
            SubmittedBy = "test",
            CreatedAt = _app.Clock.GetUtcNow(),
            UpdatedAt = _app.Clock.GetUtcNow(),
        }, default);

        using (var response = await InvokeAsync("""{"tenantId":"acme","evaluationId":"orphan-1"}""", 1))
        {
            await response.ExpectAsync(HttpStatusCode.OK);
        }
        using (var unreadable = await InvokeAsync("not json", 1))
        {
            await unreadable.ExpectAsync(HttpStatusCode.OK);
        }

        var failed = await store.FindAsync("acme", orphan.Id, default);
        Assert.Equal(EvaluationStatus.Failed, failed!.Status);
        Assert.Equal("The interview no longer exists.", failed.Error);
        Assert.Equal(0, _evaluator.Calls);
    }
}
