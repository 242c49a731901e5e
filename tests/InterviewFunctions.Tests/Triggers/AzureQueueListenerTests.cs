using System.Net;
using InterviewFunctions.Core.Queues;
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
        using var response = await app.ClientFor(TestApp.AcmeAdmin).GetAsync("/api/queues");
        await response.ExpectAsync(HttpStatusCode.OK);
        var shown = (await response.JsonAsync())["queues"]![0]!["poisonMessages"]![0]!;
        Assert.Equal("System.InvalidOperationException: no good", (string)shown["lastError"]!);
    }
}
