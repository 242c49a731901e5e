using System.Diagnostics;
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
/// checked on the raw bytes, the delivery logged and its work put on the calendar-events queue.
/// <para>
/// Two runs, each on a fresh app. The first measures intake alone, the figure the target is about: the CalendarEvents
/// function is switched off (<c>AzureWebJobs.CalendarEvents.Disabled</c>), as it would run on other instances in Azure.
/// The second runs the same load with the function on, turning every delivery into an interview (reminder plan,
/// invitations in the outbox) on the same two cores, and then waits for the queue to drain: it reports intake under
/// that load and the end-to-end rate. Target: intake over 2,000 deliveries/s. Exit code 0 when met, 2 when not.
/// </para>
/// </summary>
internal static class WebhookBench
{
    private const int Connections = 32;
    private const double TargetPerSecond = 2000;
    private const string Secret = "bench-webhook-secret-5f1c2a";
    private const string ProcessingSwitch = "AzureWebJobs.CalendarEvents.Disabled";
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var repo = Program.FindRepoRoot();
        var executable = await Program.PublishAppAsync(repo, cancellationToken);
        var template = File.ReadAllText(Path.Combine(repo, "tests", "InterviewFunctions.Tests", "Calendar", "Fixtures", "calcom-booking-created.json"));

        LoadResult intake;
        using (var app = await AppProcess.StartAsync(executable, cancellationToken, new Dictionary<string, string> { [ProcessingSwitch] = "true" }))
        using (var runner = new LoadRunner(app.Process))
        {
            Console.WriteLine($"Webhook intake alone ({ProcessingSwitch}=true): app pid {app.Process.Id} at {app.BaseAddress}, {Connections} connections");
            var deliveries = await Deliveries.ConnectAsync(runner.Client, app.BaseAddress, template, cancellationToken);
            intake = await runner.RunClosedAsync(deliveries.Target, Connections, Warmup, Window, cancellationToken);
            Console.WriteLine($"  {Program.Describe(intake)}; cores app {intake.Cpu.App:0.00}, generator {intake.Cpu.Generator:0.00}, other {intake.Cpu.Other:0.00}");
            Console.WriteLine($"  queued, waiting for the function: {await BacklogAsync(runner.Client, app.BaseAddress, cancellationToken):N0} of {deliveries.Sent:N0} sent");
        }

        using (var app = await AppProcess.StartAsync(executable, cancellationToken))
        using (var runner = new LoadRunner(app.Process))
        {
            Console.WriteLine($"Webhook intake with the CalendarEvents function in the same process: app pid {app.Process.Id}");
            var deliveries = await Deliveries.ConnectAsync(runner.Client, app.BaseAddress, template, cancellationToken);
            var clock = Stopwatch.StartNew();
            var shared = await runner.RunClosedAsync(deliveries.Target, Connections, Warmup, Window, cancellationToken);
            Console.WriteLine($"  {Program.Describe(shared)}; cores app {shared.Cpu.App:0.00}, generator {shared.Cpu.Generator:0.00}, other {shared.Cpu.Other:0.00}");
            var loadEnded = clock.Elapsed;
            var backlog = await BacklogAsync(runner.Client, app.BaseAddress, cancellationToken);
            while (backlog > 0 && clock.Elapsed < loadEnded + DrainTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
                backlog = await BacklogAsync(runner.Client, app.BaseAddress, cancellationToken);
            }
            var interviews = await InterviewCountAsync(runner.Client, app.BaseAddress, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  end to end: {deliveries.Sent:N0} deliveries sent, {interviews:N0} interviews created, queue {(backlog == 0 ? "drained" : $"NOT drained ({backlog:N0} left)")} " +
                $"{(clock.Elapsed - loadEnded).TotalSeconds:0.0} s after the load; {interviews / clock.Elapsed.TotalSeconds:N0} interviews/s from first delivery to drained"));
            var (poisoned, lastError) = await PoisonAsync(runner.Client, app.BaseAddress, cancellationToken);
            if (poisoned > 0 || interviews != deliveries.Sent)
            {
                Console.WriteLine($"  MISSING: {deliveries.Sent - interviews:N0} deliveries made no interview; {poisoned:N0} messages in the poison queue; last error: {lastError ?? "none"}");
            }
        }

        var met = intake.Errors == 0 && intake.RequestsPerSecond >= TargetPerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  target: over {TargetPerSecond:N0} deliveries/s acknowledged: {intake.RequestsPerSecond:N0}/s, {intake.Errors} errors: {(met ? "PASS" : "FAIL")}"));
        return met ? 0 : 2;
    }

    private static async Task<int> BacklogAsync(HttpClient client, Uri app, CancellationToken cancellationToken) =>
        (int)(await CalendarEventsQueueAsync(client, app, cancellationToken))["approximateMessageCount"]!;

    private static async Task<(int Count, string? LastError)> PoisonAsync(HttpClient client, Uri app, CancellationToken cancellationToken)
    {
        var queue = await CalendarEventsQueueAsync(client, app, cancellationToken);
        var poisoned = queue["poisonMessages"]!.AsArray();
        return ((int)queue["poisonMessageCount"]!, poisoned.Count == 0 ? null : (string?)poisoned[0]!["lastError"]);
    }

    /// <summary>The CalendarEvents function's entry in <c>GET /api/queues</c>.</summary>
    private static async Task<JsonNode> CalendarEventsQueueAsync(HttpClient client, Uri app, CancellationToken cancellationToken)
    {
        var report = await client.GetFromJsonAsync<JsonObject>(new Uri(app, "api/queues"), cancellationToken)
            ?? throw new InvalidOperationException("No queue report.");
        return report["queues"]!.AsArray().Single(q => (string)q!["function"]! == "CalendarEvents")!;
    }

    private static async Task<int> InterviewCountAsync(HttpClient client, Uri app, CancellationToken cancellationToken)
    {
        var stats = await client.GetFromJsonAsync<JsonObject>(new Uri(app, "api/interviews/stats"), cancellationToken)
            ?? throw new InvalidOperationException("No statistics.");
        return (int)stats["total"]!;
    }

    /// <summary>Signed BOOKING_CREATED deliveries to one new Cal.com connection, each a new booking so none is a duplicate.</summary>
    private sealed class Deliveries
    {
        private long _sent;

        private Deliveries(Uri url, string template)
        {
            var key = Encoding.UTF8.GetBytes(Secret);
            Target = new LoadTarget("POST /api/webhooks/calcom (signed BOOKING_CREATED)", () =>
            {
                var n = Interlocked.Increment(ref _sent);
                var body = Encoding.UTF8.GetBytes(template
                    .Replace("bFJeNb2uX8ANpT3JL5EfXw", $"bench-{n:D9}", StringComparison.Ordinal)
                    .Replace("ada@example.com", $"candidate-{n}@example.com", StringComparison.Ordinal));
                var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json");
                request.Headers.Add("X-Cal-Signature-256", Convert.ToHexStringLower(HMACSHA256.HashData(key, body)));
                return request;
            });
        }

        public LoadTarget Target { get; }

        public long Sent => Interlocked.Read(ref _sent);

        public static async Task<Deliveries> ConnectAsync(HttpClient client, Uri app, string template, CancellationToken cancellationToken)
        {
            using var created = await client.PostAsJsonAsync(new Uri(app, "api/calendar/connections"), new
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
            return new Deliveries(new Uri(app, $"api/webhooks/calcom?connection={Uri.EscapeDataString((string)connection["id"]!)}"), template);
        }
    }
}
