using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace InterviewFunctions.Bench;

/// <summary>
/// The webhook mode (<c>-- webhooks</c>): calendar webhook intake on the embedded stack. The published app runs as its
/// own process; the bench registers a Cal.com connection, then posts signed BOOKING_CREATED deliveries (each a new
/// booking) from 32 connections for 10 s, after a warm-up. A delivery counts when it is answered 202: its signature
/// checked on the raw bytes, the delivery logged and its work put on the calendar-events queue. The queue function
/// turns the deliveries into interviews meanwhile, in the same process, as it would in production. Target: over
/// 2,000 deliveries/s. Exit code 0 when met, 2 when not.
/// </summary>
internal static class WebhookBench
{
    private const int Connections = 32;
    private const double TargetPerSecond = 2000;
    private const string Secret = "bench-webhook-secret-5f1c2a";

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var repo = Program.FindRepoRoot();
        var executable = await Program.PublishAppAsync(repo, cancellationToken);
        using var app = await AppProcess.StartAsync(executable, cancellationToken);
        using var runner = new LoadRunner(app.Process);

        using var created = await runner.Client.PostAsJsonAsync(new Uri(app.BaseAddress, "api/calendar/connections"), new
        {
            provider = "calcom",
            company = "Acme",
            role = "Backend Engineer",
            defaultType = "technical",
            secret = Secret,
        }, cancellationToken);
        var connection = await created.Content.ReadFromJsonAsync<JsonObject>(cancellationToken)
            ?? throw new InvalidOperationException("No connection in the answer.");
        if (created.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating the connection answered {(int)created.StatusCode}: {connection}");
        }
        var url = new Uri(app.BaseAddress, $"api/webhooks/calcom?connection={Uri.EscapeDataString((string)connection["id"]!)}");
        var template = File.ReadAllText(Path.Combine(repo, "tests", "InterviewFunctions.Tests", "Calendar", "Fixtures", "calcom-booking-created.json"));
        var key = Encoding.UTF8.GetBytes(Secret);
        var sequence = 0L;

        var target = new LoadTarget("POST /api/webhooks/calcom (signed BOOKING_CREATED)", () =>
        {
            // Each delivery a new booking, so that none is answered as a duplicate.
            var n = Interlocked.Increment(ref sequence);
            var body = Encoding.UTF8.GetBytes(template
                .Replace("bFJeNb2uX8ANpT3JL5EfXw", $"bench-{n:D9}", StringComparison.Ordinal)
                .Replace("ada@example.com", $"candidate-{n}@example.com", StringComparison.Ordinal));
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("X-Cal-Signature-256", Convert.ToHexStringLower(HMACSHA256.HashData(key, body)));
            return request;
        });

        Console.WriteLine($"Webhook intake: app pid {app.Process.Id} at {app.BaseAddress}, {Connections} connections");
        var result = await runner.RunClosedAsync(target, Connections, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10), cancellationToken);
        Console.WriteLine($"  {Program.Describe(result)}; cores app {result.Cpu.App:0.00}, generator {result.Cpu.Generator:0.00}, other {result.Cpu.Other:0.00}");
        var met = result.Errors == 0 && result.RequestsPerSecond >= TargetPerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  target: over {TargetPerSecond:N0} deliveries/s acknowledged: {result.RequestsPerSecond:N0}/s, {result.Errors} errors: {(met ? "PASS" : "FAIL")}"));
        return met ? 0 : 2;
    }
}
