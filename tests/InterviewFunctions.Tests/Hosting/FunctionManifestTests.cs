using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
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
    public void Every_declared_function_is_served_and_every_endpoint_is_declared()
    {
        var declared = DeclaredRoutes();
        using var app = new TestApp();
        var served = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
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
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), "/" + route.Template.Replace("{id}", "some-id", StringComparison.Ordinal));
                using var response = await client.SendAsync(request);
                // Anonymous functions answer; the others need a caller (there is no local tenant under the host).
                // Either way the route and method matched: an unmatched one would be 404 or 405.
                var expected = route.Template.StartsWith("api/health", StringComparison.Ordinal) || route.Template == "api/openapi.json"
                    ? HttpStatusCode.OK
                    : HttpStatusCode.Unauthorized;
                Assert.True(response.StatusCode == expected, $"{route.Method} {route.Template}: {(int)response.StatusCode}");
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            RepoPaths.DeleteQuietly(data);
        }
    }

    private HashSet<Route> DeclaredRoutes()
    {
        var routes = new HashSet<Route>();
        foreach (var file in Directory.GetFiles(published.Directory, "function.json", SearchOption.AllDirectories))
        {
            var bindings = JsonNode.Parse(File.ReadAllText(file))!["bindings"]!.AsArray();
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
        var deadline = DateTime.UtcNow.AddSeconds(30);
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
                throw new TimeoutException("The published app did not answer /api/health within 30 s.");
            }
            await Task.Delay(100);
        }
    }
}
