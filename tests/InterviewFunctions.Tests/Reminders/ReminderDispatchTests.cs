using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InterviewFunctions.App.Reminders;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Queues;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Reminders;

/// <summary>
/// Reminders through the real app: the plan is built by the API, the in-process finder wakes at each due instant on
/// the test clock, the embedded queue carries the message, and the send function writes to the outbox.
/// </summary>
public sealed class ReminderDispatchTests
{
    private static readonly DateTimeOffset Start = FakeClock.DefaultStart.AddDays(3);

    private static JsonObject TechnicalInterview(DateTimeOffset? start = null) =>
        ApiCalls.NewInterviewBody(scheduledStart: (start ?? Start).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task The_invitation_leaves_at_once_and_each_reminder_at_its_due_instant_exactly_once()
    {
        using var app = new TestApp();
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        var id = (string)(await admin.CreateAsync(TechnicalInterview()))["id"]!;

        var invitations = await admin.OutboxUntilAsync(id, "invitation", 2);
        Assert.Equal([TestApp.AdaEmail, TestApp.BobEmail], invitations.Recipients());
        // The send is recorded a moment after the emails reach the outbox. Moving the clock a day on before that would
        // make the unconfirmed item overdue, and the dispatcher would rightly queue it a second time.
        await SentAsync(admin, id, "v1-invitation");

        foreach (var (hours, sentSoFar) in new[] { (48, 2), (24, 4), (2, 6) })
        {
            // A minute before the due instant nothing goes out; at the instant, one email per recipient does.
            app.Clock.Set(Start.AddHours(-hours).AddMinutes(-1));
            await Task.Delay(150);
            Assert.Equal(sentSoFar - 2, (await admin.OutboxAsync(id, "reminder")).Count);
            app.Clock.Set(Start.AddHours(-hours));
            var reminders = await admin.OutboxUntilAsync(id, "reminder", sentSoFar);
            Assert.Equal(sentSoFar, reminders.Count);
            Assert.All(reminders.Take(2), r => Assert.Equal(Start.AddHours(-hours), (DateTimeOffset)r["sentAt"]!));
            await SentAsync(admin, id, $"v1-reminder-PT{hours}H");
        }

        var plan = await ReminderTestKit.UntilAsync(() => admin.PlanAsync(id), p => (string)p["runtimeStatus"]! == "completed", "the plan to complete");
        foreach (var offset in new[] { "PT48H", "PT24H", "PT2H" })
        {
            var item = plan.Item($"v1-reminder-{offset}");
            Assert.Equal("sent", (string)item["state"]!);
            Assert.Equal(1, (int)item["attempts"]!);
            Assert.Equal(["outbox", "outbox"], item["deliveries"]!.AsArray().Select(d => (string)d!["sender"]!));
        }
        Assert.Equal(6, (await admin.OutboxAsync(id, "reminder")).Count);
        var interview = await (await admin.GetAsync($"/api/interviews/{id}")).JsonAsync();
        Assert.Equal("reminder_sent", (string)interview["status"]!);
    }

    [Fact]
    public async Task The_plan_shows_each_due_instant_in_utc_and_on_each_persons_clock_across_daylight_saving()
    {
        using var app = new TestApp();
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        // Monday 15 March 2027, 10:00 in New York (EDT): the 48 h reminder falls before the spring-forward night.
        var body = ApiCalls.NewInterviewBody(scheduledStart: "2027-03-15T10:00:00-04:00");
        body["candidate"]!["timeZone"] = "America/New_York";
        body["timeZone"] = "America/New_York";
        body["interviewers"] = new JsonArray(
            new JsonObject { ["name"] = "Bob", ["email"] = TestApp.BobEmail, ["timeZone"] = "Asia/Kolkata" },
            new JsonObject { ["name"] = "Eve", ["email"] = TestApp.EveEmail, ["timeZone"] = "Pacific/Chatham" });
        var id = (string)(await admin.CreateAsync(body))["id"]!;

        var plan = await admin.PlanAsync(id);
        var h48 = plan.Item("v1-reminder-PT48H");
        var h24 = plan.Item("v1-reminder-PT24H");
        Assert.Equal("2027-03-13T14:00:00Z", (string)h48["dueAt"]!);
        Assert.Equal(
            ["2027-03-13T09:00:00-05:00", "2027-03-13T19:30:00+05:30", "2027-03-14T03:45:00+13:45"],
            h48["dueLocal"]!.AsArray().Select(d => (string)d!["local"]!));
        Assert.Equal(
            ["2027-03-14T10:00:00-04:00", "2027-03-14T19:30:00+05:30", "2027-03-15T03:45:00+13:45"],
            h24["dueLocal"]!.AsArray().Select(d => (string)d!["local"]!));
        Assert.Equal(["PT48H", "PT24H", "PT2H"], plan["offsets"]!.AsArray().Select(o => (string)o!));
        Assert.Equal("type_default", (string)plan["offsetSource"]!);
    }

    [Fact]
    public async Task Falling_back_in_london_the_reminder_keeps_its_interval_and_says_so_in_local_time()
    {
        using var app = new TestApp();
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        // Monday 1 November 2027, 09:30 in London (GMT); clocks went back on Sunday 31 October.
        var body = ApiCalls.NewInterviewBody(scheduledStart: "2027-11-01T09:30:00Z", type: "on_site");
        body["timeZone"] = "Europe/London";
        var id = (string)(await admin.CreateAsync(body))["id"]!;

        var plan = await admin.PlanAsync(id);
        var candidateTimes = plan["items"]!.AsArray()
            .Where(i => (string)i!["kind"]! == "reminder")
            .Select(i => (string)i!["dueLocal"]![0]!["local"]!);
        Assert.Equal(["2027-10-29T10:30:00+01:00", "2027-10-31T09:30:00Z", "2027-11-01T07:30:00Z"], candidateTimes);
    }

    [Fact]
    public async Task A_reschedule_after_the_reminder_was_queued_sends_nothing_for_the_old_time()
    {
        using var app = new TestApp(ManualDispatch);
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        var id = (string)(await admin.CreateAsync(TechnicalInterview()))["id"]!;
        app.Clock.Set(Start.AddHours(-48));
        Assert.Equal(2, await DispatchAsync(app)); // the invitation and the 48 h reminder

        using (var moved = await admin.PostAsJsonAsync($"/api/interviews/{id}/reschedule", new { scheduledStart = "2026-11-26T15:00:00Z" }))
        {
            await moved.ExpectAsync(HttpStatusCode.OK);
        }
        Assert.Equal(2, await DeliverQueuedAsync(app));

        Assert.Empty(await admin.OutboxAsync(id, "reminder"));
        Assert.Empty(await admin.OutboxAsync(id, "invitation"));
        Assert.Equal(1, await DispatchAsync(app)); // the update for version 2
        await DeliverQueuedAsync(app);
        Assert.Equal(2, (await admin.OutboxAsync(id, "update")).Count);
        var plan = await admin.PlanAsync(id);
        Assert.Equal("cancelled", (string)plan.Item("v1-reminder-PT48H")["state"]!);
        Assert.Equal("pending", (string)plan.Item("v2-reminder-PT48H")["state"]!);
    }

    [Fact]
    public async Task A_cancellation_after_the_reminder_was_queued_sends_the_cancellation_and_no_reminder()
    {
        using var app = new TestApp(ManualDispatch);
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        var id = (string)(await admin.CreateAsync(TechnicalInterview()))["id"]!;
        await DispatchAsync(app);
        await DeliverQueuedAsync(app);
        app.Clock.Set(Start.AddHours(-24));
        Assert.Equal(1, await DispatchAsync(app)); // the 48 h reminder, overtaken, was skipped

        using (var cancelled = await admin.PostAsJsonAsync($"/api/interviews/{id}/cancel", new { reason = "Role filled" }))
        {
            await cancelled.ExpectAsync(HttpStatusCode.OK);
        }
        await DeliverQueuedAsync(app);
        await DispatchAsync(app);
        await DeliverQueuedAsync(app);

        Assert.Empty(await admin.OutboxAsync(id, "reminder"));
        Assert.Equal([TestApp.AdaEmail, TestApp.BobEmail], (await admin.OutboxAsync(id, "cancellation")).Recipients());
        var plan = await admin.PlanAsync(id);
        Assert.Equal("skipped", (string)plan.Item("v1-reminder-PT48H")["state"]!);
        Assert.Equal("cancelled", (string)plan.Item("v1-reminder-PT24H")["state"]!);
        Assert.Equal("completed", (string)plan["runtimeStatus"]!);
    }

    [Fact]
    public async Task A_message_delivered_twice_sends_once()
    {
        using var app = new TestApp(ManualDispatch);
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        var id = (string)(await admin.CreateAsync(TechnicalInterview()))["id"]!;
        await DispatchAsync(app);
        var queues = app.Services.GetRequiredService<IMessageQueues>();
        var message = Assert.Single(await queues.ReceiveAsync("reminders", 32, TimeSpan.FromMinutes(1), default));
        var send = SendFunction(app);

        await send.HandleAsync(new QueueTrigger(message.Text, message.Id, 1, 5, message.InsertedAt), default);
        await send.HandleAsync(new QueueTrigger(message.Text, message.Id, 2, 5, message.InsertedAt), default);

        Assert.Equal(2, (await admin.OutboxAsync(id, "invitation")).Count);
        var invitation = (await admin.PlanAsync(id)).Item("v1-invitation");
        Assert.Equal("sent", (string)invitation["state"]!);
        Assert.Equal(2, invitation["deliveries"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_send_that_keeps_failing_leaves_the_reminder_failed_with_the_reason()
    {
        // A real SMTP client against a port where nothing listens: every attempt is refused.
        using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Email:Provider"] = "smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:TimeoutSeconds"] = "5",
        });
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        var id = (string)(await admin.CreateAsync(TechnicalInterview()))["id"]!;

        var plan = await ReminderTestKit.UntilAsync(() => admin.PlanAsync(id), p => (string)p.Item("v1-invitation")["state"]! == "failed", "the invitation to fail");

        var invitation = plan.Item("v1-invitation");
        Assert.False(string.IsNullOrWhiteSpace((string?)invitation["reason"]));
        Assert.Equal("failed", (string)plan["runtimeStatus"]!);
        Assert.Contains(invitation["history"]!.AsArray(), h => (string)h!["state"]! == "sending" && h["note"] is not null && ((string)h["note"]!).Length > 0);
    }

    [Fact]
    public async Task Offsets_can_be_set_per_interview_and_bad_ones_are_refused_by_field()
    {
        using var app = new TestApp();
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        var body = TechnicalInterview();
        body["reminderOffsets"] = new JsonArray("PT30M", "P1D");
        var id = (string)(await admin.CreateAsync(body))["id"]!;
        Assert.Equal(["PT24H", "PT30M"], (await admin.PlanAsync(id))["offsets"]!.AsArray().Select(o => (string)o!));

        var bad = TechnicalInterview();
        bad["reminderOffsets"] = new JsonArray("PT24H", "tomorrow");
        using (var refused = await admin.PostAsJsonAsync("/api/interviews", bad))
        {
            Assert.Contains("ISO 8601", await refused.FieldErrorAsync("reminderOffsets[1]"), StringComparison.Ordinal);
        }

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/interviews/{id}") { Content = JsonContent.Create(new { reminderOffsets = new[] { "PT2H" } }) };
        using (var patched = await admin.SendAsync(patch))
        {
            await patched.ExpectAsync(HttpStatusCode.OK);
        }
        var plan = await admin.PlanAsync(id);
        Assert.Equal("pending", (string)plan.Item("v1-reminder-PT2H")["state"]!);
        Assert.Equal("cancelled", (string)plan.Item("v1-reminder-PT30M")["state"]!);
        Assert.Equal("interview", (string)plan["offsetSource"]!);
    }

    [Fact]
    public async Task A_tenant_table_replaces_the_type_defaults_and_another_tenant_sees_no_plan()
    {
        using var app = new TestApp(new Dictionary<string, string?> { ["Reminders:Tenants:acme:technical"] = "PT72H, PT1H" });
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        var id = (string)(await admin.CreateAsync(TechnicalInterview()))["id"]!;

        var plan = await admin.PlanAsync(id);
        Assert.Equal(["PT72H", "PT1H"], plan["offsets"]!.AsArray().Select(o => (string)o!));
        Assert.Equal("tenant", (string)plan["offsetSource"]!);
        Assert.Equal("skipped", (string)plan.Item("v1-reminder-PT72H")["state"]!);

        using var other = await app.ClientFor(TestApp.GlobexAdmin).GetAsync($"/api/interviews/{id}/reminders");
        await other.ProblemAsync(HttpStatusCode.NotFound);
    }

    private static Task<JsonObject> SentAsync(HttpClient admin, string id, string itemId) =>
        ReminderTestKit.UntilAsync(() => admin.PlanAsync(id), p => (string)p.Item(itemId)["state"]! == "sent", $"{itemId} to be recorded as sent");

    private static readonly Dictionary<string, string?> ManualDispatch = new()
    {
        ["Queues:ListenersEnabled"] = "false",
        ["Reminders:StandaloneDispatch"] = "false",
    };

    private static Task<int> DispatchAsync(TestApp app) => app.Services.GetRequiredService<ReminderDispatcher>().DispatchDueAsync(default);

    private static IQueueFunction SendFunction(TestApp app) =>
        app.Services.GetServices<IQueueFunction>().Single(f => f.FunctionName == SendReminderFunction.Name);

    /// <summary>Does what the queue listener does, by hand: receive every visible message, handle it, delete it.</summary>
    private static async Task<int> DeliverQueuedAsync(TestApp app)
    {
        var queues = app.Services.GetRequiredService<IMessageQueues>();
        var send = SendFunction(app);
        var handled = 0;
        while (await queues.ReceiveAsync("reminders", 32, TimeSpan.FromMinutes(5), default) is { Count: > 0 } batch)
        {
            foreach (var message in batch)
            {
                await send.HandleAsync(new QueueTrigger(message.Text, message.Id, message.DequeueCount, 5, message.InsertedAt), default);
                await queues.DeleteAsync("reminders", message.Id, message.PopReceipt, default);
                handled++;
            }
        }
        return handled;
    }
}
