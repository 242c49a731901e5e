using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Triggers;

/// <summary>
/// The Functions host's custom-handler invocations, <c>POST /{FunctionName}</c> with its envelope, through the real app
/// started as a custom handler (the in-memory test server takes the port setting and ignores the address).
/// </summary>
public sealed class TriggerInvocationTests : IDisposable
{
    private readonly ProbeQueueFunction _queue = new();
    private readonly ProbeTimerFunction _timer = new("0 */5 * * * *");
    private readonly TestApp _app;
    private readonly HttpClient _host;

    public TriggerInvocationTests()
    {
        _app = new TestApp(new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7999" })
        {
            TestServices = services =>
            {
                _queue.AddTo(services);
                _timer.AddTo(services);
            },
        };
        _host = _app.CreateClient();
    }

    private static JsonObject QueueEnvelope(JsonNode? message, JsonNode? dequeueCount = null) => new()
    {
        ["Data"] = new JsonObject { ["message"] = message },
        ["Metadata"] = new JsonObject
        {
            ["DequeueCount"] = dequeueCount ?? 2,
            ["ExpirationTime"] = "2026-11-28T08:00:00+00:00",
            ["Id"] = "5b3c6a0e-1c1f-4a9e-9f7e-0d6b8c2f1a11",
            ["InsertionTime"] = "2026-11-21T08:00:00+00:00",
            ["NextVisibleTime"] = "2026-11-21T08:10:00+00:00",
            ["PopReceipt"] = "AgAAAAMAAAAAAAAA",
            ["sys"] = new JsonObject { ["MethodName"] = ProbeQueueFunction.Name, ["UtcNow"] = "2026-11-21T08:00:01Z", ["RandGuid"] = Guid.NewGuid().ToString() },
        },
    };

    [Fact]
    public async Task The_app_runs_as_a_custom_handler_here()
    {
        var health = await (await _host.GetAsync("/api/health")).JsonAsync();

        Assert.Equal("custom-handler", (string)health["mode"]!);
        Assert.Equal("embedded", (string)health["adapters"]!["queues"]!);
    }

    [Fact]
    public async Task A_queue_invocation_hands_the_message_to_the_function_and_answers_in_the_hosts_shape()
    {
        using var response = await _host.PostJsonAsync($"/{ProbeQueueFunction.Name}", QueueEnvelope("{\"interviewId\":\"i-1\",\"offset\":\"PT24H\"}"));

        await response.ExpectAsync(HttpStatusCode.OK);
        var answer = await response.JsonAsync();
        Assert.Equal(new JsonObject(), answer["Outputs"]);
        Assert.NotEmpty(answer["Logs"]!.AsArray());
        Assert.True(answer.ContainsKey("ReturnValue"));
        Assert.Null(answer["ReturnValue"]);
        var call = Assert.Single(_queue.Calls);
        Assert.Equal("{\"interviewId\":\"i-1\",\"offset\":\"PT24H\"}", call.Text);
        Assert.Equal("5b3c6a0e-1c1f-4a9e-9f7e-0d6b8c2f1a11", call.MessageId);
        Assert.Equal(2, call.DequeueCount);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero), call.InsertedAt);
    }

    [Fact]
    public async Task A_message_the_host_passes_as_parsed_json_reaches_the_function_as_its_text()
    {
        using var response = await _host.PostJsonAsync($"/{ProbeQueueFunction.Name}", QueueEnvelope(new JsonObject { ["interviewId"] = "i-2" }, dequeueCount: "1"));

        await response.ExpectAsync(HttpStatusCode.OK);
        var call = Assert.Single(_queue.Calls);
        Assert.Equal("i-2", (string)JsonNode.Parse(call.Text)!["interviewId"]!);
        Assert.Equal(1, call.DequeueCount);
    }

    [Fact]
    public async Task A_handler_failure_answers_500_with_the_error_in_the_logs_so_the_host_retries()
    {
        _queue.Behaviour = (_, _) => throw new InvalidOperationException("The reminder could not be sent.");

        using var response = await _host.PostJsonAsync($"/{ProbeQueueFunction.Name}", QueueEnvelope("x"));

        await response.ExpectAsync(HttpStatusCode.InternalServerError);
        var answer = await response.JsonAsync();
        Assert.Equal(new JsonObject(), answer["Outputs"]);
        Assert.Contains(answer["Logs"]!.AsArray(), log => ((string)log!).Contains("The reminder could not be sent.", StringComparison.Ordinal));
        Assert.True(answer.ContainsKey("ReturnValue"));
    }

    [Theory]
    [InlineData("not json at all", "body")]
    [InlineData("[1,2]", "body")]
    [InlineData("{\"Metadata\":{}}", "Data.message")]
    [InlineData("{\"Data\":{\"other\":\"x\"}}", "Data.message")]
    [InlineData("{\"Data\":{\"message\":\"x\"},\"Metadata\":{\"DequeueCount\":\"many\"}}", "Metadata.DequeueCount")]
    public async Task A_malformed_envelope_answers_400_naming_what_is_wrong(string body, string field)
    {
        using var response = await _host.PostAsync($"/{ProbeQueueFunction.Name}", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.FieldErrorAsync(field);
        Assert.Empty(_queue.Calls);
    }

    [Fact]
    public async Task A_timer_invocation_runs_the_function_with_the_schedule_status_it_is_given()
    {
        var envelope = new JsonObject
        {
            ["Data"] = new JsonObject
            {
                ["timer"] = new JsonObject
                {
                    ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
                    ["ScheduleStatus"] = new JsonObject { ["Last"] = "2026-11-21T08:55:00+00:00", ["Next"] = "2026-11-21T09:05:00+00:00", ["LastUpdated"] = "2026-11-21T08:55:00+00:00" },
                    ["IsPastDue"] = true,
                },
            },
            ["Metadata"] = new JsonObject { ["sys"] = new JsonObject { ["MethodName"] = ProbeTimerFunction.Name } },
        };

        using var response = await _host.PostJsonAsync($"/{ProbeTimerFunction.Name}", envelope);
        using var bare = await _host.PostJsonAsync($"/{ProbeTimerFunction.Name}", new JsonObject());

        await response.ExpectAsync(HttpStatusCode.OK);
        await bare.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(
            [new App.Triggers.TimerTrigger(true, new DateTimeOffset(2026, 11, 21, 8, 55, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 21, 9, 5, 0, TimeSpan.Zero)), new App.Triggers.TimerTrigger(false, null, null)],
            _timer.Runs);
        Assert.True((await response.JsonAsync()).ContainsKey("ReturnValue"));
    }

    [Fact]
    public async Task A_failing_timer_answers_500()
    {
        _timer.Behaviour = _ => throw new InvalidOperationException("sweep failed");

        using var response = await _host.PostJsonAsync($"/{ProbeTimerFunction.Name}", new JsonObject { ["Data"] = new JsonObject() });

        await response.ExpectAsync(HttpStatusCode.InternalServerError);
        Assert.Contains("sweep failed", (await response.JsonAsync())["Logs"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standalone_the_invocation_endpoints_answer_404_and_run_nothing()
    {
        var queue = new ProbeQueueFunction();
        var timer = new ProbeTimerFunction("0 0 0 * * *");
        using var standalone = new TestApp
        {
            TestServices = services =>
            {
                queue.AddTo(services);
                timer.AddTo(services);
            },
        };
        using var client = standalone.CreateClient();

        using var queueResponse = await client.PostJsonAsync($"/{ProbeQueueFunction.Name}", QueueEnvelope("injected"));
        using var timerResponse = await client.PostJsonAsync($"/{ProbeTimerFunction.Name}", new JsonObject());

        await queueResponse.ProblemAsync(HttpStatusCode.NotFound);
        await timerResponse.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(queue.Calls);
        Assert.Empty(timer.Runs);
    }

    public void Dispose()
    {
        _host.Dispose();
        _app.Dispose();
    }
}
