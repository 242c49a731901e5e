using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InterviewFunctions.App.Screening;
using InterviewFunctions.Core.Queues;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Screening.Pipeline;

/// <summary>
/// ScreenResume as the Functions host drives it: the upload queues a message, the host delivers it to
/// <c>POST /ScreenResume</c> in its envelope; nothing runs in process on its own. Redelivery of a settled screening does nothing.
/// </summary>
public sealed class ScreenResumeHostPathTests : IDisposable
{
    private readonly TestApp _app = new(new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7996" });

    public void Dispose() => _app.Dispose();

    private IMessageQueues Queues() => _app.Services.GetRequiredService<IMessageQueues>();

    private static JsonObject Envelope(string text, int dequeueCount, string id = "m-1") => new()
    {
        ["Data"] = new JsonObject { ["message"] = text },
        ["Metadata"] = new JsonObject
        {
            ["DequeueCount"] = dequeueCount,
            ["Id"] = id,
            ["InsertionTime"] = "2026-11-21T09:00:00+00:00",
            ["sys"] = new JsonObject { ["MethodName"] = ScreenResumeFunction.Name },
        },
    };

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    private async Task<(HttpClient Recruiter, string ScreeningUrl, QueueMessage Message)> UploadAsync(string fixture)
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var jobId = await recruiter.NewJobAsync();
        var candidateId = await recruiter.NewCandidateAsync("jose@example.com", "José Núñez", jobId);
        using var upload = await recruiter.UploadAsync(candidateId, fixture);
        await upload.ExpectAsync(HttpStatusCode.Accepted);
        var message = Assert.Single(await Queues().ReceiveAsync("screenings", 32, TimeSpan.FromMinutes(5), default));
        return (recruiter, upload.Headers.Location!.OriginalString, message);
    }

    [Fact]
    public async Task The_host_delivers_the_message_and_a_redelivery_of_the_settled_screening_changes_nothing()
    {
        var (recruiter, url, message) = await UploadAsync("backend-engineer.docx");
        var host = _app.CreateClient();
        Assert.Equal("queued", (string)(await recruiter.GetFromJsonAsync<JsonObject>(url))!["status"]!);

        using (var first = await host.PostAsync($"/{ScreenResumeFunction.Name}", Json(Envelope(message.Text, 1, message.Id))))
        {
            await first.ExpectAsync(HttpStatusCode.OK);
            var answer = await first.JsonAsync();
            Assert.True(answer.ContainsKey("Outputs") && answer.ContainsKey("Logs") && answer.ContainsKey("ReturnValue"));
        }
        var settled = (await recruiter.GetFromJsonAsync<JsonObject>(url))!;
        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        using (var again = await host.PostAsync($"/{ScreenResumeFunction.Name}", Json(Envelope(message.Text, 2, message.Id))))
        {
            await again.ExpectAsync(HttpStatusCode.OK);
        }
        var after = (await recruiter.GetFromJsonAsync<JsonObject>(url))!;

        Assert.Equal("succeeded", (string)settled["status"]!);
        Assert.Equal(settled.ToJsonString(), after.ToJsonString());
        Assert.Equal(1, (int)after["attempts"]!);
    }

    [Fact]
    public async Task An_unreadable_resume_fails_on_the_first_delivery_without_a_retry()
    {
        var (recruiter, url, message) = await UploadAsync("corrupt-truncated.pdf");

        using var response = await _app.CreateClient().PostAsync($"/{ScreenResumeFunction.Name}", Json(Envelope(message.Text, 1, message.Id)));

        // A 2xx: the host must not retry what cannot succeed.
        await response.ExpectAsync(HttpStatusCode.OK);
        var screening = (await recruiter.GetFromJsonAsync<JsonObject>(url))!;
        Assert.Equal("failed", (string)screening["status"]!);
        Assert.Contains("corrupt-truncated.pdf", (string)screening["error"]!, StringComparison.Ordinal);
        Assert.NotNull(screening["completedAt"]);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"tenantId":"acme","screeningId":"no-such-screening"}""")]
    [InlineData("""{"tenantId":"globex","screeningId":""}""")]
    public async Task A_message_that_names_no_screening_is_dropped_with_a_2xx(string text)
    {
        using var response = await _app.CreateClient().PostAsync($"/{ScreenResumeFunction.Name}", Json(Envelope(text, 1)));

        await response.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Standalone_the_invocation_path_is_not_served()
    {
        using var standalone = new TestApp();

        using var response = await standalone.CreateClient().PostAsync($"/{ScreenResumeFunction.Name}", Json(Envelope("{}", 1)));

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }
}
