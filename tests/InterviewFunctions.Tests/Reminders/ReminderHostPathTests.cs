using System.Net;
using System.Text.Json.Nodes;
using InterviewFunctions.App.Reminders;
using InterviewFunctions.Core.Queues;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Reminders;

/// <summary>
/// The reminder path as the Functions host drives it: the timer invokes the finder, the queue trigger invokes the send
/// function, each through the custom-handler envelope; nothing runs in process on its own.
/// </summary>
public sealed class ReminderHostPathTests : IDisposable
{
    private static readonly DateTimeOffset Start = FakeClock.DefaultStart.AddDays(3);
    private readonly TestApp _app = new(new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7997" });

    public void Dispose() => _app.Dispose();

    private static JsonObject TimerEnvelope() => new()
    {
        ["Data"] = new JsonObject
        {
            ["timer"] = new JsonObject
            {
                ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
                ["ScheduleStatus"] = new JsonObject { ["Last"] = "2026-11-21T08:59:30+00:00", ["Next"] = "2026-11-21T09:00:30+00:00", ["LastUpdated"] = "2026-11-21T08:59:30+00:00" },
                ["IsPastDue"] = false,
            },
        },
        ["Metadata"] = new JsonObject { ["sys"] = new JsonObject { ["MethodName"] = ReminderFinderFunction.Name, ["UtcNow"] = "2026-11-21T09:00:00Z" } },
    };

    private static JsonObject QueueEnvelope(QueueMessage message) => new()
    {
        ["Data"] = new JsonObject { ["message"] = message.Text },
        ["Metadata"] = new JsonObject
        {
            ["DequeueCount"] = message.DequeueCount,
            ["Id"] = message.Id,
            ["InsertionTime"] = message.InsertedAt.ToString("O"),
            ["ExpirationTime"] = message.ExpiresAt.ToString("O"),
            ["PopReceipt"] = message.PopReceipt,
            ["sys"] = new JsonObject { ["MethodName"] = SendReminderFunction.Name },
        },
    };

    [Fact]
    public async Task The_timer_finds_the_invitation_and_the_queue_trigger_sends_it_once_even_when_delivered_twice()
    {
        var admin = _app.ClientFor(TestApp.AcmeAdmin);
        var host = _app.CreateClient();
        var id = (string)(await admin.CreateAsync(ApiCalls.NewInterviewBody(scheduledStart: "2026-11-24T09:00:00Z")))["id"]!;

        using (var timer = await host.PostAsync($"/{ReminderFinderFunction.Name}", JsonContent(TimerEnvelope())))
        {
            await timer.ExpectAsync(HttpStatusCode.OK);
        }
        var message = Assert.Single(await Queues().ReceiveAsync("reminders", 32, TimeSpan.FromMinutes(5), default));
        for (var delivery = 0; delivery < 2; delivery++)
        {
            using var sent = await host.PostAsync($"/{SendReminderFunction.Name}", JsonContent(QueueEnvelope(message)));
            await sent.ExpectAsync(HttpStatusCode.OK);
            var answer = await sent.JsonAsync();
            Assert.True(answer.ContainsKey("Outputs") && answer.ContainsKey("Logs") && answer.ContainsKey("ReturnValue"));
        }

        Assert.Equal([TestApp.AdaEmail, TestApp.BobEmail], (await admin.OutboxAsync(id, "invitation")).Recipients());
        Assert.Equal("sent", (string)(await admin.PlanAsync(id)).Item("v1-invitation")["state"]!);
    }

    [Fact]
    public async Task Under_the_host_the_finder_queues_what_falls_due_within_its_look_ahead_invisible_until_then()
    {
        var admin = _app.ClientFor(TestApp.AcmeAdmin);
        var host = _app.CreateClient();
        var id = (string)(await admin.CreateAsync(ApiCalls.NewInterviewBody(scheduledStart: Start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))))["id"]!;
        await (await host.PostAsync($"/{ReminderFinderFunction.Name}", JsonContent(TimerEnvelope()))).ExpectAsync(HttpStatusCode.OK);
        // The invitation goes out as the host would deliver it, and its message is done with.
        var invitation = Assert.Single(await Queues().ReceiveAsync("reminders", 32, TimeSpan.FromMinutes(5), default));
        await (await host.PostAsync($"/{SendReminderFunction.Name}", JsonContent(QueueEnvelope(invitation)))).ExpectAsync(HttpStatusCode.OK);
        await Queues().DeleteAsync("reminders", invitation.Id, invitation.PopReceipt, default);

        _app.Clock.Set(Start.AddHours(-48).AddSeconds(-30));
        await (await host.PostAsync($"/{ReminderFinderFunction.Name}", JsonContent(TimerEnvelope()))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("sending", (string)(await admin.PlanAsync(id)).Item("v1-reminder-PT48H")["state"]!);
        Assert.Empty(await Queues().ReceiveAsync("reminders", 32, TimeSpan.FromMinutes(5), default));
        _app.Clock.Advance(TimeSpan.FromSeconds(30));
        var due = Assert.Single(await Queues().ReceiveAsync("reminders", 32, TimeSpan.FromMinutes(5), default));
        using var sent = await host.PostAsync($"/{SendReminderFunction.Name}", JsonContent(QueueEnvelope(due)));
        await sent.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, (await admin.OutboxAsync(id, "reminder")).Count);
    }

    private IMessageQueues Queues() => _app.Services.GetRequiredService<IMessageQueues>();

    private static StringContent JsonContent(JsonObject body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
