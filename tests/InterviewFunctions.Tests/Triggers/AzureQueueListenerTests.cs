using System.Net;
using InterviewFunctions.Core.Queues;
using InterviewFunctions.Tests.Reminders;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Triggers;

/// <summary>The app configured for Azure Storage queues, against Azurite: the same listener over the REST adapter.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureQueueListenerTests(Azurite azurite)
{
    [Fact]
    public async Task The_listener_handles_and_deletes_messages_from_Azure_Storage_and_poisons_failing_ones()
    {
        var probe = new ProbeQueueFunction { Behaviour = (t, _) => t.Text == "bad" ? throw new InvalidOperationException("no good") : Task.CompletedTask };
        using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Queues:Provider"] = "azure",
            ["Queues:ConnectionString"] = azurite.ConnectionString,
        })
        { TestServices = probe.AddTo };
        var queues = app.Services.GetRequiredService<IMessageQueues>();

        await queues.SendAsync(ProbeQueueFunction.Queue, "good", TimeSpan.Zero, null, default);
        await queues.SendAsync(ProbeQueueFunction.Queue, "bad", TimeSpan.Zero, null, default);

        await Eventually.TrueAsync(async () => (await queues.PeekAsync(ProbeQueueFunction.Queue + "-poison", 32, default)).Count == 1, "the bad message reaches the poison queue");
        await Eventually.TrueAsync(async () => (await queues.PeekAsync(ProbeQueueFunction.Queue, 32, default)).Count == 0, "the queue is empty");
        Assert.Equal(1, probe.Calls.Count(c => c.Text == "good"));
        Assert.Equal(5, probe.Calls.Count(c => c.Text == "bad"));
        var health = await (await app.CreateClient().GetAsync("/api/health")).JsonAsync();
        Assert.Equal("azure-storage", (string)health["adapters"]!["queues"]!);
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        // The copy reaches the poison queue a moment before the failure log is tied to it (and the leased original,
        // already invisible, is deleted): wait for the poison message to show an error, then check which.
        var shown = await ReminderTestKit.UntilAsync(async () =>
        {
            using var response = await admin.GetAsync("/api/queues");
            await response.ExpectAsync(HttpStatusCode.OK);
            // Functions are listed by name; pick the probe's rather than count on where it sorts among the app's own.
            return (await response.JsonAsync())["queues"]!.AsArray().Single(q => (string)q!["queue"]! == ProbeQueueFunction.Queue)!["poisonMessages"]![0]!;
        }, p => p["lastError"] is not null, "the poison message to show its last error");
        Assert.Equal("System.InvalidOperationException: no good", (string)shown["lastError"]!);
    }

    [Fact]
    public async Task With_a_service_uri_the_app_reaches_Storage_with_the_registered_Entra_credential()
    {
        await using var server = new RecordingHttpServer(r => r.Method == "PUT"
            ? new RecordingHttpServer.Reply(201)
            : new RecordingHttpServer.Reply(200, "<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessagesList />"));
        var credential = new RecordingCredential();
        var probe = new ProbeQueueFunction();
        using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Queues:Provider"] = "azure",
            ["Queues:ServiceUri"] = new Uri(server.BaseUri, "/acct").ToString(),
        })
        {
            TestServices = services =>
            {
                services.AddSingleton<Azure.Core.TokenCredential>(credential);
                probe.AddTo(services);
            },
        };
        _ = app.Services;

        // The listener creates its queue, then polls it, each time with a token.
        await Eventually.TrueAsync(() => server.Requests.Any(r => r.Method == "GET"), "the listener polls");
        Assert.Contains(server.Requests, r => r.Method == "PUT" && r.PathAndQuery == $"/acct/{ProbeQueueFunction.Queue}");
        Assert.All(server.Requests, r => Assert.Equal("Bearer test-token", r.Headers["Authorization"]));
        Assert.Contains("https://storage.azure.com/.default", credential.Scopes);
    }

    [Theory]
    [InlineData("azure", null)]
    [InlineData("azure", "AccountName=acme")]
    [InlineData("rabbit", null)]
    public void A_queue_configuration_that_cannot_work_stops_the_app_at_start(string provider, string? connectionString)
    {
        using var app = new TestApp(new Dictionary<string, string?> { ["Queues:Provider"] = provider, ["Queues:ConnectionString"] = connectionString });

        var error = Assert.Throws<InvalidOperationException>(() => app.Services);

        Assert.Contains("Queues:", error.Message, StringComparison.Ordinal);
    }
}
