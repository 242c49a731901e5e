using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using InterviewFunctions.App.Queues;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Evaluation;

/// <summary>
/// Idempotency-Key on the transcript POST, through the real app with the evaluation queue left unread, so that what a
/// request queued can be counted.
/// </summary>
public sealed class TranscriptIdempotencyTests : IDisposable
{
    private readonly TestApp _app = new(new Dictionary<string, string?> { ["Queues:ListenersEnabled"] = "false" });
    private readonly HttpClient _admin;

    public TranscriptIdempotencyTests() => _admin = _app.ClientFor(TestApp.AcmeAdmin);

    public void Dispose()
    {
        _admin.Dispose();
        _app.Dispose();
    }

    private async Task<string> InterviewAsync() => (string)(await _admin.CreateAsync(ApiCalls.NewInterviewBody()))["id"]!;

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string interviewId, JsonObject body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/interviews/{interviewId}/transcript")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }
        return client.SendAsync(request);
    }

    private Task<int> QueuedMessagesAsync() =>
        _app.Services.GetRequiredService<IQueueInspection>().ApproximateMessageCountAsync("evaluations", default);

    [Fact]
    public async Task A_retry_with_the_same_key_and_transcript_answers_with_the_first_evaluation_and_queues_nothing_more()
    {
        var interviewId = await InterviewAsync();
        var body = EvaluationApiTests.Body(Transcripts.Strong());

        using var first = await PostAsync(_admin, interviewId, body, "retry-1");
        await first.ExpectAsync(HttpStatusCode.Accepted);
        var created = await first.JsonAsync();
        // The same transcript re-encoded (spacing differs) is the same request.
        using var retry = await PostAsync(_admin, interviewId, JsonNode.Parse(body.ToJsonString(new() { WriteIndented = true }))!.AsObject(), "retry-1");
        await retry.ExpectAsync(HttpStatusCode.Accepted);
        var replayed = await retry.JsonAsync();

        Assert.Equal((string)created["id"]!, (string)replayed["id"]!);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal($"/api/evaluations/{created["id"]}", retry.Headers.Location?.OriginalString);
        Assert.Equal(1, await QueuedMessagesAsync());
        using var another = await PostAsync(_admin, interviewId, body, "retry-2");
        await another.ExpectAsync(HttpStatusCode.Accepted);
        Assert.NotEqual((string)created["id"]!, (string)(await another.JsonAsync())["id"]!);
        Assert.Equal(2, await QueuedMessagesAsync());
    }

    [Fact]
    public async Task Concurrent_posts_with_one_key_queue_one_evaluation()
    {
        var interviewId = await InterviewAsync();
        var body = EvaluationApiTests.Body(Transcripts.Strong());

        var ids = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var client = _app.ClientFor(TestApp.AcmeAdmin);
            using var response = await PostAsync(client, interviewId, body, "concurrent-1");
            await response.ExpectAsync(HttpStatusCode.Accepted);
            return (string)(await response.JsonAsync())["id"]!;
        }));

        Assert.Single(ids.Distinct());
        Assert.Equal(1, await QueuedMessagesAsync());
    }

    [Theory]
    [InlineData("tab\tinside")]
    [InlineData("has space")]
    public async Task A_malformed_key_is_a_400_problem_and_queues_nothing(string key)
    {
        var interviewId = await InterviewAsync();

        using var response = await PostAsync(_admin, interviewId, EvaluationApiTests.Body(Transcripts.Strong()), key);

        Assert.Contains("Idempotency-Key", await response.FieldErrorAsync("Idempotency-Key"), StringComparison.Ordinal);
        await (await _admin.GetAsync($"/api/interviews/{interviewId}/evaluation")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await QueuedMessagesAsync());
    }

    [Fact]
    public async Task A_key_over_200_characters_is_a_400_problem()
    {
        var interviewId = await InterviewAsync();

        using var response = await PostAsync(_admin, interviewId, EvaluationApiTests.Body(Transcripts.Strong()), new string('k', 201));

        await response.FieldErrorAsync("Idempotency-Key");
        Assert.Equal(0, await QueuedMessagesAsync());
    }

    [Fact]
    public async Task A_key_reused_for_another_transcript_or_another_interview_is_a_422_problem_and_changes_nothing()
    {
        var interviewId = await InterviewAsync();
        var otherInterviewId = await InterviewAsync();
        using var first = await PostAsync(_admin, interviewId, EvaluationApiTests.Body(Transcripts.Strong()), "reused-1");
        await first.ExpectAsync(HttpStatusCode.Accepted);
        var created = await first.JsonAsync();

        using var otherBody = await PostAsync(_admin, interviewId, EvaluationApiTests.Body(Transcripts.Weak()), "reused-1");
        using var otherInterview = await PostAsync(_admin, otherInterviewId, EvaluationApiTests.Body(Transcripts.Strong()), "reused-1");

        Assert.Contains("different request body", (string)(await otherBody.ProblemAsync(HttpStatusCode.UnprocessableEntity))["detail"]!, StringComparison.Ordinal);
        await otherInterview.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var latest = await (await _admin.GetAsync($"/api/interviews/{interviewId}/evaluation")).JsonAsync();
        Assert.Equal((string)created["id"]!, (string)latest["id"]!);
        await (await _admin.GetAsync($"/api/interviews/{otherInterviewId}/evaluation")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, await QueuedMessagesAsync());
    }

    [Fact]
    public async Task The_same_key_in_another_tenant_is_another_request()
    {
        var interviewId = await InterviewAsync();
        using var globex = _app.ClientFor(TestApp.GlobexAdmin);
        var globexInterview = (string)(await globex.CreateAsync(ApiCalls.NewInterviewBody()))["id"]!;

        using var acme = await PostAsync(_admin, interviewId, EvaluationApiTests.Body(Transcripts.Strong()), "shared-1");
        using var other = await PostAsync(globex, globexInterview, EvaluationApiTests.Body(Transcripts.Weak()), "shared-1");

        await acme.ExpectAsync(HttpStatusCode.Accepted);
        await other.ExpectAsync(HttpStatusCode.Accepted);
        Assert.NotEqual((string)(await acme.JsonAsync())["id"]!, (string)(await other.JsonAsync())["id"]!);
    }
}
