using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using InterviewFunctions.App.Queues;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Tests.Support;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Hosting;

/// <summary>
/// The publish output is what the Functions host runs: host.json with the custom handler, one function.json per
/// function. Every declared route and method must be served by the app, and every endpoint of the app declared.
/// </summary>
public sealed class FunctionManifestTests(PublishedApp published) : IClassFixture<PublishedApp>
{
    private sealed record Route(string Method, string Template);

    [Fact]
    public void Host_json_declares_the_custom_handler_with_request_forwarding()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(published.Directory, "host.json")))!;
        var handler = host["customHandler"]!;

        Assert.Equal("2.0", (string)host["version"]!);
        Assert.True((bool)handler["enableForwardingHttpRequest"]!);
        var executable = (string)handler["description"]!["defaultExecutablePath"]!;
        Assert.True(File.Exists(Path.Combine(published.Directory, executable)), $"{executable} is not in the publish output");
        Assert.Equal("api", (string)host["extensions"]!["http"]!["routePrefix"]!);
    }

    [Fact]
    public void The_publish_output_holds_the_question_bank_as_committed()
    {
        var source = Path.Combine(RepoPaths.Root, "src", "InterviewFunctions.App", "Preparation", "QuestionBank");
        var output = Path.Combine(published.Directory, InterviewFunctions.App.Preparation.QuestionBankLoader.FolderName);
        var expected = Directory.GetFiles(source, "*.json", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(source, f)).Order().ToList();

        Assert.Equal(38, expected.Count);
        Assert.Equal(expected, Directory.GetFiles(output, "*.json", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f)).Order());
        Assert.All(expected, f => Assert.Equal(File.ReadAllBytes(Path.Combine(source, f)), File.ReadAllBytes(Path.Combine(output, f))));
        Assert.Empty(InterviewFunctions.App.Preparation.QuestionBankLoader.Read(output).Problems);
    }

    [Fact]
    public void Every_declared_function_is_served_and_every_endpoint_is_declared()
    {
        var declared = DeclaredRoutes();
        using var app = new TestApp();
        var served = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            // Queue and timer invocations are declared by their own triggers (below), not as HTTP routes.
            .Where(e => e.Metadata.GetMetadata<TriggerEndpointMetadata>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => new Route(m, Normalize(e.RoutePattern.RawText!))))
            .ToHashSet();

        Assert.NotEmpty(declared);
        Assert.Empty(declared.Except(served));
        Assert.Empty(served.Except(declared));
    }

    [Fact]
    public async Task The_published_executable_listens_on_the_host_port_and_serves_every_declared_route()
    {
        var port = FreePort.Next();
        var data = RepoPaths.NewTempDirectory("if-published-data");
        var executable = Path.Combine(published.Directory, "InterviewFunctions.App");
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = published.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Storage__DataDirectory"] = data;
        start.Environment["ASPNETCORE_URLS"] = "http://0.0.0.0:7071";
        using var process = Process.Start(start)!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var health = await WaitForHealthAsync(client);
            Assert.Equal("custom-handler", (string)health["mode"]!);
            Assert.Contains(log, line => line.Contains($"http://127.0.0.1:{port}", StringComparison.Ordinal));
            Assert.DoesNotContain(log, line => line.Contains("7071", StringComparison.Ordinal));

            foreach (var route in DeclaredRoutes())
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), "/" + route.Template
                    .Replace("{id}", "some-id", StringComparison.Ordinal)
                    .Replace("{token}", UnknownFeedSecret, StringComparison.Ordinal));
                using var response = await client.SendAsync(request);
                // Anonymous functions answer; the others need a caller (there is no local tenant under the host).
                // Either way the route and method matched: an unmatched one would be 404 or 405.
                if (route.Template == "api/calendar/feed/{token}.ics")
                {
                    // Authenticated by the secret in its URL: an unknown one is the feed's own 404, which names the feed.
                    Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                    Assert.Contains("calendar feed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                    continue;
                }
                var expected = route.Template.StartsWith("api/health", StringComparison.Ordinal) || route.Template == "api/openapi.json"
                    ? HttpStatusCode.OK
                    : HttpStatusCode.Unauthorized;
                Assert.True(response.StatusCode == expected, $"{route.Method} {route.Template}: {(int)response.StatusCode}");
            }

            // Each trigger as the host invokes it: a queue message that is no message of its function is dropped with a
            // 2xx (a non-2xx would make the host retry it), a timer tick runs; both answer in the host's shape.
            var triggers = TriggerFunctions(published.Directory);
            Assert.Contains(("SendReminder", "queueTrigger"), triggers);
            Assert.Contains(("ReminderFinder", "timerTrigger"), triggers);
            foreach (var (name, kind) in triggers)
            {
                var envelope = kind == "queueTrigger"
                    ? new JsonObject
                    {
                        ["Data"] = new JsonObject { ["message"] = "not a message of this function" },
                        ["Metadata"] = new JsonObject { ["DequeueCount"] = 1, ["Id"] = Guid.NewGuid().ToString(), ["sys"] = new JsonObject { ["MethodName"] = name } },
                    }
                    : new JsonObject
                    {
                        ["Data"] = new JsonObject { ["timer"] = new JsonObject { ["IsPastDue"] = false } },
                        ["Metadata"] = new JsonObject { ["sys"] = new JsonObject { ["MethodName"] = name } },
                    };
                using var response = await client.PostAsync("/" + name, new StringContent(envelope.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{kind} {name}: {(int)response.StatusCode} {body}");
                var answer = JsonNode.Parse(body)!.AsObject();
                Assert.True(answer.ContainsKey("Outputs") && answer.ContainsKey("Logs") && answer.ContainsKey("ReturnValue"), $"{name} answered {body}");
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            RepoPaths.DeleteQuietly(data);
        }
    }

    [Fact]
    public void Every_queue_and_timer_function_is_declared_with_its_trigger_and_served_at_its_invocation_path()
    {
        using var app = new TestApp();
        var queueFunctions = app.Services.GetServices<IQueueFunction>().ToList();
        var timerFunctions = app.Services.GetServices<ITimerFunction>().ToList();

        foreach (var function in queueFunctions)
        {
            AssertQueueFunctionDeclared(published.Directory, function);
        }
        foreach (var function in timerFunctions)
        {
            AssertTimerFunctionDeclared(published.Directory, function);
        }
        var declaredTriggers = TriggerFunctionNames(published.Directory);
        Assert.Equal(queueFunctions.Select(f => f.FunctionName).Concat(timerFunctions.Select(f => f.FunctionName)).Order(), declaredTriggers.Order());
        var invocations = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<TriggerEndpointMetadata>()?.FunctionName).OfType<string>();
        Assert.Equal(declaredTriggers.Order(), invocations.Order());
    }

    [Fact]
    public void The_trigger_check_catches_a_queue_function_without_a_function_json()
    {
        var undeclared = new Triggers.ProbeQueueFunction();

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertQueueFunctionDeclared(published.Directory, undeclared));
    }

    [Fact]
    public void The_queue_settings_in_host_json_match_the_standalone_listener_defaults()
    {
        var queues = JsonNode.Parse(File.ReadAllText(Path.Combine(published.Directory, "host.json")))!["extensions"]!["queues"]!;
        var defaults = new QueueOptions();

        Assert.Equal(defaults.BatchSize, (int)queues["batchSize"]!);
        Assert.Equal(defaults.MaxDequeueCount, (int)queues["maxDequeueCount"]!);
        Assert.Equal(defaults.MaxPollingInterval, TimeSpan.Parse((string)queues["maxPollingInterval"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(defaults.VisibilityTimeout, TimeSpan.Parse((string)queues["visibilityTimeout"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("base64", (string)queues["messageEncoding"]!);
    }

    internal static void AssertQueueFunctionDeclared(string directory, IQueueFunction function)
    {
        var file = Path.Combine(directory, function.FunctionName, "function.json");
        Assert.True(File.Exists(file), $"{function.FunctionName} has no function.json");
        var trigger = Assert.Single(JsonNode.Parse(File.ReadAllText(file))!["bindings"]!.AsArray(), b => (string)b!["type"]! == "queueTrigger")!;
        Assert.Equal("in", (string)trigger["direction"]!);
        Assert.Equal(TriggerInvocations.QueueBinding, (string)trigger["name"]!);
        Assert.Equal(function.QueueName, (string)trigger["queueName"]!);
        Assert.Equal(TriggerInvocations.QueueConnection, (string)trigger["connection"]!);
    }

    internal static void AssertTimerFunctionDeclared(string directory, ITimerFunction function)
    {
        var file = Path.Combine(directory, function.FunctionName, "function.json");
        Assert.True(File.Exists(file), $"{function.FunctionName} has no function.json");
        var trigger = Assert.Single(JsonNode.Parse(File.ReadAllText(file))!["bindings"]!.AsArray(), b => (string)b!["type"]! == "timerTrigger")!;
        Assert.Equal(TriggerInvocations.TimerBinding, (string)trigger["name"]!);
        Assert.Equal(function.Schedule, (string)trigger["schedule"]!);
        NcrontabSchedule.Parse(function.Schedule);
    }

    private static List<string> TriggerFunctionNames(string directory) =>
        Directory.GetFiles(directory, "function.json", SearchOption.AllDirectories)
            .Where(file => JsonNode.Parse(File.ReadAllText(file))!["bindings"]!.AsArray().Any(b => (string)b!["type"]! is "queueTrigger" or "timerTrigger"))
            .Select(file => Path.GetFileName(Path.GetDirectoryName(file))!)
            .ToList();

    private static List<(string Name, string Kind)> TriggerFunctions(string directory) =>
        Directory.GetFiles(directory, "function.json", SearchOption.AllDirectories)
            .Select(file => (Name: Path.GetFileName(Path.GetDirectoryName(file))!, Bindings: JsonNode.Parse(File.ReadAllText(file))!["bindings"]!.AsArray()))
            .SelectMany(f => f.Bindings.Select(b => (string)b!["type"]!).Where(t => t is "queueTrigger" or "timerTrigger").Select(t => (f.Name, t)))
            .ToList();

    private const string UnknownFeedSecret = "ifcal_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private HashSet<Route> DeclaredRoutes()
    {
        var routes = new HashSet<Route>();
        foreach (var file in Directory.GetFiles(published.Directory, "function.json", SearchOption.AllDirectories))
        {
            var bindings = JsonNode.Parse(File.ReadAllText(file))!["bindings"]!.AsArray();
            if (bindings.Any(b => (string)b!["type"]! is "queueTrigger" or "timerTrigger"))
            {
                continue;
            }
            var trigger = bindings.Single(b => (string)b!["type"]! == "httpTrigger")!;
            Assert.Single(bindings, b => (string)b!["type"]! == "http" && (string)b["direction"]! == "out");
            Assert.Equal(2, bindings.Count);
            foreach (var method in trigger["methods"]!.AsArray())
            {
                routes.Add(new Route(((string)method!).ToUpperInvariant(), Normalize("api/" + (string)trigger["route"]!)));
            }
        }
        return routes;
    }

    private static string Normalize(string template) => template.Trim('/');

    private static async Task<JsonNode> WaitForHealthAsync(HttpClient client)
    {
        // Generous: the published app starts cold on two cores shared with the rest of the run.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("/api/health");
                if (response.IsSuccessStatusCode)
                {
                    return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The published app did not answer /api/health within 90 s.");
            }
            await Task.Delay(100);
        }
    }
}
