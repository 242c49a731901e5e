using System.Text.Json.Nodes;
using InterviewFunctions.Core.Email;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Reminders;

/// <summary>
/// The plan and the queue are files: a process that stops, even in the middle of a send, leaves nothing lost and
/// nothing to be sent twice for the next one.
/// </summary>
public sealed class ReminderRestartTests
{
    private static readonly DateTimeOffset Start = FakeClock.DefaultStart.AddDays(3);

    [Fact]
    public async Task Reminders_pending_when_the_app_stops_each_go_out_once_after_it_starts_again()
    {
        var dataDirectory = RepoPaths.NewTempDirectory("if-restart");
        try
        {
            var ids = new List<string>();
            using (var first = new TestApp(dataDirectory: dataDirectory))
            {
                var admin = first.ClientFor(TestApp.AcmeAdmin);
                ids.Add((string)(await admin.CreateAsync(Body(Start, "technical")))["id"]!);
                ids.Add((string)(await admin.CreateAsync(Body(Start.AddHours(1), "phone_screen")))["id"]!);
                foreach (var id in ids)
                {
                    await admin.OutboxUntilAsync(id, "invitation", 2);
                }
            }

            using var second = new TestApp(dataDirectory: dataDirectory);
            var client = second.ClientFor(TestApp.AcmeAdmin);
            var dueInstants = new SortedSet<DateTimeOffset>();
            foreach (var id in ids)
            {
                foreach (var item in (await client.PlanAsync(id))["items"]!.AsArray().Where(i => (string)i!["kind"]! == "reminder"))
                {
                    dueInstants.Add((DateTimeOffset)item!["dueAt"]!);
                }
            }
            Assert.Equal(5, dueInstants.Count);
            var expected = 0;
            foreach (var due in dueInstants)
            {
                second.Clock.Set(due);
                expected += 2;
                await ReminderTestKit.UntilAsync(async () => (await client.OutboxAsync(ids[0], "reminder")).Count + (await client.OutboxAsync(ids[1], "reminder")).Count,
                    count => count >= expected, $"{expected} reminders");
            }

            foreach (var id in ids)
            {
                var reminders = await client.OutboxAsync(id, "reminder");
                Assert.Equal(reminders.Count, reminders.Select(r => $"{r["subject"]}|{r["to"]![0]}").Distinct().Count());
                Assert.Equal(2, (await client.OutboxAsync(id, "invitation")).Count);
            }
            Assert.Equal(10, expected);
        }
        finally
        {
            RepoPaths.DeleteQuietly(dataDirectory);
        }
    }

    [Fact]
    public async Task A_reminder_being_sent_when_the_app_stops_goes_out_once_after_it_starts_again()
    {
        var dataDirectory = RepoPaths.NewTempDirectory("if-restart");
        try
        {
            string id;
            var stall = new StallingSender.Switch();
            using (var first = new TestApp(dataDirectory: dataDirectory) { TestServices = s => StallingSender.Install(s, stall) })
            {
                var admin = first.ClientFor(TestApp.AcmeAdmin);
                id = (string)(await admin.CreateAsync(Body(Start, "technical")))["id"]!;
                await admin.OutboxUntilAsync(id, "invitation", 2);
                first.Clock.Set(Start.AddHours(-48));
                // The candidate's copy is written, then the process "dies" before anything is recorded.
                await stall.Stalled.WaitAsync(ReminderTestKit.Patience);
                Assert.Single(await admin.OutboxAsync(id, "reminder"));
                // The dispatcher queues the item before it records "sending", so the send can start first.
                await ReminderTestKit.UntilAsync(() => admin.PlanAsync(id), p => (string)p.Item("v1-reminder-PT48H")["state"]! == "sending", "the item to be recorded as sending");
            }

            using var second = new TestApp(dataDirectory: dataDirectory, clock: new FakeClock(Start.AddHours(-48)));
            var client = second.ClientFor(TestApp.AcmeAdmin);
            // Past the lease of the message the first process held, and past the re-dispatch of the unconfirmed item.
            second.Clock.Advance(TimeSpan.FromMinutes(11));
            var plan = await ReminderTestKit.UntilAsync(() => client.PlanAsync(id), p => (string)p.Item("v1-reminder-PT48H")["state"]! == "sent", "the reminder to be sent");

            Assert.Equal([TestApp.AdaEmail, TestApp.BobEmail], (await client.OutboxAsync(id, "reminder")).Recipients());
            Assert.Equal(2, plan.Item("v1-reminder-PT48H")["deliveries"]!.AsArray().Count);
            await Task.Delay(200);
            Assert.Equal(2, (await client.OutboxAsync(id, "reminder")).Count);
        }
        finally
        {
            RepoPaths.DeleteQuietly(dataDirectory);
        }
    }

    private static JsonObject Body(DateTimeOffset start, string type) =>
        ApiCalls.NewInterviewBody(scheduledStart: start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), type: type);

    /// <summary>Sends the first reminder for real, then hangs as a process would that died right after: nothing is recorded.</summary>
    private sealed class StallingSender(IEmailSender inner, StallingSender.Switch stall) : IEmailSender
    {
        public string Name => inner.Name;

        public static void Install(IServiceCollection services, Switch stall)
        {
            var original = services.Last(d => d.ServiceType == typeof(IEmailSender));
            services.Remove(original);
            services.AddSingleton<IEmailSender>(sp => new StallingSender(
                (IEmailSender)(original.ImplementationInstance ?? original.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)),
                stall));
        }

        public async Task<EmailSendResult> SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken)
        {
            var result = await inner.SendAsync(message, idempotencyKey, cancellationToken);
            if (message.Kind == EmailKinds.Reminder)
            {
                stall.Source.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return result;
        }

        public sealed class Switch
        {
            public TaskCompletionSource Source { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public Task Stalled => Source.Task;
        }
    }
}
