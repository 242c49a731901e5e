using System.Net;
using InterviewFunctions.App.Queues;
using InterviewFunctions.App.Queues.Embedded;
using InterviewFunctions.Core.Queues;
using InterviewFunctions.Tests.Reminders;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Triggers;

/// <summary>The standalone queue listener, through the real app on its embedded queues, with a test-only function.</summary>
public sealed class QueueListenerTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly Xunit.Abstractions.ITestOutputHelper _output = output;

    [Fact]
    public async Task A_message_sent_in_process_is_handled_at_once_and_deleted()
    {
        var probe = new ProbeQueueFunction();
        var app = Start(probe);
        var queues = app.Services.GetRequiredService<IMessageQueues>();

        var sent = await queues.SendAsync(ProbeQueueFunction.Queue, "{\"hello\":1}", TimeSpan.Zero, null, default);

        // The fake clock never moves here: only the in-process wake-up can have started the handler.
        await Eventually.TrueAsync(async () => await Embedded(app).FindNextVisibleAtAsync(ProbeQueueFunction.Queue, sent.MessageId, default) is null, "the message is deleted");
        var call = Assert.Single(probe.Calls);
        Assert.Equal("{\"hello\":1}", call.Text);
        Assert.Equal(sent.MessageId, call.MessageId);
        Assert.Equal(1, call.DequeueCount);
        Assert.Equal(5, call.MaxDequeueCount);
    }

    [Fact]
    public async Task A_delayed_message_is_handled_when_it_falls_due()
    {
        var probe = new ProbeQueueFunction();
        var app = Start(probe);
        var queues = app.Services.GetRequiredService<IMessageQueues>();
        var due = app.Clock.GetUtcNow().AddMinutes(10);

        await queues.SendAsync(ProbeQueueFunction.Queue, "reminder", TimeSpan.FromMinutes(10), null, default);
        app.Clock.Set(due.AddSeconds(-1));
        // The listener has polled at the new time, found nothing visible, and waits again.
        await Eventually.TrueAsync(() => app.Clock.HasTimerDue(at => at > due.AddSeconds(-1)), "the listener polls and waits again");
        Assert.Empty(probe.Calls);
        // It waits no longer than until the message is due.
        Assert.False(app.Clock.HasTimerDue(at => at > due));
        app.Clock.Set(due);

        await Eventually.TrueAsync(() => probe.Calls.Count == 1, "the due message is handled");
    }

    [Fact]
    public async Task A_failing_message_is_retried_then_moved_to_the_poison_queue_with_its_error_shown_to_admins()
    {
        var probe = new ProbeQueueFunction { Behaviour = (_, _) => throw new InvalidOperationException("The interview store said no.") };
        var app = Start(probe);
        var queues = app.Services.GetRequiredService<IMessageQueues>();

        var sent = await queues.SendAsync(ProbeQueueFunction.Queue, "secret-payload-text", TimeSpan.Zero, null, default);
        await Eventually.TrueAsync(async () => (await queues.PeekAsync(ProbeQueueFunction.Queue + "-poison", 32, default)).Count == 1, "the message reaches the poison queue");
        // The copy is put in the poison queue first; the failure log is tied to it and the original deleted after.
        await Eventually.TrueAsync(async () => await Embedded(app).FindNextVisibleAtAsync(ProbeQueueFunction.Queue, sent.MessageId, default) is null, "the original is deleted");

        Assert.Equal([1, 2, 3, 4, 5], probe.Calls.Select(c => c.DequeueCount));
        Assert.True(probe.Calls.Last().IsLastAttempt);
        Assert.Empty(await queues.PeekAsync(ProbeQueueFunction.Queue, 32, default));
        var poisoned = Assert.Single(await queues.PeekAsync(ProbeQueueFunction.Queue + "-poison", 32, default));
        Assert.Equal("secret-payload-text", poisoned.Text);

        using var response = await app.ClientFor(TestApp.AcmeAdmin).GetAsync("/api/queues");
        await response.ExpectAsync(HttpStatusCode.OK);
        var report = await response.JsonAsync();
        var queue = report["queues"]!.AsArray().Single(q => (string)q!["function"]! == ProbeQueueFunction.Name)!;
        Assert.Equal("embedded", (string)report["provider"]!);
        Assert.Equal(ProbeQueueFunction.Queue, (string)queue["queue"]!);
        Assert.Equal(0, (int)queue["approximateMessageCount"]!);
        Assert.Equal(1, (int)queue["poisonMessageCount"]!);
        var shown = queue["poisonMessages"]!.AsArray().Single()!;
        Assert.Equal(poisoned.Id, (string)shown["id"]!);
        Assert.Equal(sent.MessageId, (string)shown["originalMessageId"]!);
        Assert.Equal(5, (int)shown["deliveries"]!);
        Assert.Equal("System.InvalidOperationException: The interview store said no.", (string)shown["lastError"]!);
        Assert.DoesNotContain("secret-payload-text", report.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_queues_page_is_for_admins_only()
    {
        var app = Start(new ProbeQueueFunction());

        using var recruiter = await app.ClientFor(TestApp.AcmeRecruiter).GetAsync("/api/queues");
        using var anonymous = await app.CreateClient().GetAsync("/api/queues");

        await recruiter.ProblemAsync(HttpStatusCode.Forbidden);
        await anonymous.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_poison_message_does_not_hold_up_the_messages_behind_it()
    {
        var probe = new ProbeQueueFunction { Behaviour = (t, _) => t.Text == "bad" ? throw new InvalidOperationException("bad message") : Task.CompletedTask };
        // One message at a time, so the bad one is always first in line until it is moved aside.
        var app = Start(probe, new() { ["Queues:BatchSize"] = "1", ["Queues:NewBatchThreshold"] = "0" });
        var queues = app.Services.GetRequiredService<IMessageQueues>();

        await queues.SendAsync(ProbeQueueFunction.Queue, "bad", TimeSpan.Zero, null, default);
        for (var i = 1; i <= 3; i++)
        {
            await queues.SendAsync(ProbeQueueFunction.Queue, $"good-{i}", TimeSpan.Zero, null, default);
        }

        await Eventually.TrueAsync(() => probe.Calls.Count(c => c.Text.StartsWith("good", StringComparison.Ordinal)) == 3, "every good message is handled");
        await Eventually.TrueAsync(async () => (await queues.PeekAsync(ProbeQueueFunction.Queue + "-poison", 32, default)).Count == 1, "the bad message is in the poison queue");
        Assert.Equal(5, probe.Calls.Count(c => c.Text == "bad"));
        Assert.Equal(1, probe.Calls.Count(c => c.Text == "good-2"));
    }

    [Fact]
    public async Task Long_work_keeps_its_message_hidden_by_renewing_the_lease_and_is_handled_once()
    {
        var finish = new TaskCompletionSource();
        var probe = new ProbeQueueFunction { Behaviour = (_, _) => finish.Task };
        var app = Start(probe, new() { ["Queues:LeaseDuration"] = "00:00:30" });
        var queues = app.Services.GetRequiredService<IMessageQueues>();
        var sent = await queues.SendAsync(ProbeQueueFunction.Queue, "slow", TimeSpan.Zero, null, default);
        await Eventually.TrueAsync(() => probe.Calls.Count == 1, "the handler starts");

        // Four renewals at half the lease take the work well past the 30 s a single lease would cover.
        for (var i = 0; i < 4; i++)
        {
            var now = app.Clock.GetUtcNow();
            await Eventually.TrueAsync(() => app.Clock.HasTimerDueAt(now.AddSeconds(15)), "the renewal is scheduled");
            app.Clock.Advance(TimeSpan.FromSeconds(20));
            var renewedUntil = app.Clock.GetUtcNow().AddSeconds(30);
            await Eventually.TrueAsync(async () => await Embedded(app).FindNextVisibleAtAsync(ProbeQueueFunction.Queue, sent.MessageId, default) == renewedUntil, "the lease is renewed");
        }
        finish.SetResult();

        await Eventually.TrueAsync(async () => await Embedded(app).FindNextVisibleAtAsync(ProbeQueueFunction.Queue, sent.MessageId, default) is null, "the message is deleted");
        Assert.Single(probe.Calls);
    }

    [Fact]
    public async Task A_renewal_the_queue_answers_after_the_handler_ended_still_counts_so_the_message_is_deleted()
    {
        var finish = new TaskCompletionSource();
        var probe = new ProbeQueueFunction { Behaviour = (_, _) => finish.Task };
        var renewals = new LateRenewalAnswers();
        var app = new TestApp(new Dictionary<string, string?> { ["Queues:LeaseDuration"] = "00:00:30" })
        {
            TestServices = services =>
            {
                probe.AddTo(services);
                renewals.Install(services);
            },
        };
        _owned.Add(app);
        var queues = app.Services.GetRequiredService<IMessageQueues>();
        var sent = await queues.SendAsync(ProbeQueueFunction.Queue, "slow", TimeSpan.Zero, null, default);
        await Eventually.TrueAsync(() => probe.Calls.Count == 1, "the handler starts");
        var now = app.Clock.GetUtcNow();
        await Eventually.TrueAsync(() => app.Clock.HasTimerDueAt(now.AddSeconds(15)), "the renewal is scheduled");

        app.Clock.Advance(TimeSpan.FromSeconds(15));
        // The queue has renewed the lease (a new pop receipt) and its answer is still on the way when the handler ends.
        await renewals.Renewed.Task.WaitAsync(ReminderTestKit.Patience);
        finish.SetResult();
        renewals.Answer.SetResult();

        var embedded = (EmbeddedMessageQueues)((SignallingMessageQueues)renewals.Inner!).Inner;
        await Eventually.TrueAsync(async () => await embedded.FindNextVisibleAtAsync(ProbeQueueFunction.Queue, sent.MessageId, default) is null, "the message is deleted");
        Assert.Single(probe.Calls);
    }

    [Fact]
    public async Task A_message_taken_by_a_process_that_stops_is_handled_by_the_next_one_once_its_lease_ends()
    {
        var data = RepoPaths.NewTempDirectory("if-restart");
        var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = data, ["Queues:LeaseDuration"] = "00:00:30" };
        string messageId;
        var first = new ProbeQueueFunction { Behaviour = (_, ct) => Task.Delay(Timeout.Infinite, ct) };
        using (var dying = new TestApp(settings) { TestServices = first.AddTo })
        {
            var queues = dying.Services.GetRequiredService<IMessageQueues>();
            messageId = (await queues.SendAsync(ProbeQueueFunction.Queue, "survive me", TimeSpan.Zero, null, default)).MessageId;
            await Eventually.TrueAsync(() => first.Calls.Count == 1, "the first process takes the message");
        }

        var second = new ProbeQueueFunction();
        var next = new TestApp(settings) { TestServices = second.AddTo };
        _owned.Add(next);
        _ = next.Services;
        Assert.Empty(second.Calls);
        await Eventually.TrueAsync(() =>
        {
            // Time passes for the new process until the first one's lease has run out.
            next.Clock.Advance(TimeSpan.FromSeconds(1));
            return second.Calls.Count == 1;
        }, "the next process handles the message");

        var call = Assert.Single(second.Calls);
        Assert.Equal(messageId, call.MessageId);
        Assert.Equal(2, call.DequeueCount);
        Assert.Equal("survive me", call.Text);
        await Eventually.TrueAsync(async () => await Embedded(next).FindNextVisibleAtAsync(ProbeQueueFunction.Queue, messageId, default) is null, "the message is deleted");
        _owned.Add(new TempDirectory(data));
    }

    [Fact]
    public async Task Thousands_of_messages_are_each_handled_once_by_the_listener()
    {
        const int count = 3000;
        var handled = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var probe = new ProbeQueueFunction { Behaviour = (t, _) => { handled.AddOrUpdate(t.Text, 1, (_, n) => n + 1); return Task.CompletedTask; } };
        var app = Start(probe);
        var queues = app.Services.GetRequiredService<IMessageQueues>();

        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => await queues.SendAsync(ProbeQueueFunction.Queue, $"{{\"n\":{i}}}", TimeSpan.Zero, null, ct));
        await Eventually.TrueAsync(async () => handled.Count == count && await Embedded(app).ApproximateMessageCountAsync(ProbeQueueFunction.Queue, default) == 0
            && (await queues.ReceiveAsync(ProbeQueueFunction.Queue, 1, TimeSpan.FromSeconds(1), default)).Count == 0, "every message is handled and deleted");
        watch.Stop();
        cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;

        // CPU time per message says more than the rate on a machine that other work shares.
        _output.WriteLine($"{count} messages sent, handled and deleted in {watch.ElapsedMilliseconds} ms: {count / watch.Elapsed.TotalSeconds:F0}/s, {cpu.TotalMicroseconds / count:F0} µs of CPU each");
        Assert.All(handled.Values, n => Assert.Equal(1, n));
    }

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }
    }

    private TestApp Start(ProbeQueueFunction probe, Dictionary<string, string?>? settings = null)
    {
        var app = new TestApp(settings) { TestServices = probe.AddTo };
        _owned.Add(app);
        // Starts the host, and with it the listener.
        _ = app.Services;
        return app;
    }

    private static EmbeddedMessageQueues Embedded(TestApp app) =>
        (EmbeddedMessageQueues)((SignallingMessageQueues)app.Services.GetRequiredService<IMessageQueues>()).Inner;

    /// <summary>
    /// The app's queues, except that the first lease renewal is done by the queue at once while its answer is held back
    /// until the test lets it go; a caller that stops waiting meanwhile never learns the new pop receipt.
    /// </summary>
    private sealed class LateRenewalAnswers
    {
        public IMessageQueues? Inner { get; private set; }

        public TaskCompletionSource Renewed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Install(IServiceCollection services)
        {
            var original = services.Last(d => d.ServiceType == typeof(IMessageQueues));
            services.Remove(original);
            services.AddSingleton<IMessageQueues>(sp => new Holding(this, Inner = (IMessageQueues)original.ImplementationFactory!(sp)));
        }

        private sealed class Holding(LateRenewalAnswers owner, IMessageQueues inner) : IMessageQueues, IQueueInspection
        {
            public string Name => inner.Name;

            public Task CreateQueueIfMissingAsync(string queue, CancellationToken cancellationToken) => inner.CreateQueueIfMissingAsync(queue, cancellationToken);

            public Task<QueueReceipt> SendAsync(string queue, string text, TimeSpan visibilityDelay, TimeSpan? timeToLive, CancellationToken cancellationToken) =>
                inner.SendAsync(queue, text, visibilityDelay, timeToLive, cancellationToken);

            public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
                inner.ReceiveAsync(queue, maxMessages, visibilityTimeout, cancellationToken);

            public Task DeleteAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken) =>
                inner.DeleteAsync(queue, messageId, popReceipt, cancellationToken);

            public async Task<QueueReceipt> UpdateVisibilityAsync(string queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
            {
                var receipt = await inner.UpdateVisibilityAsync(queue, messageId, popReceipt, visibilityTimeout, cancellationToken);
                if (visibilityTimeout > TimeSpan.Zero && owner.Renewed.TrySetResult())
                {
                    await owner.Answer.Task;
                    // A caller that gave up while the answer was on its way sees no answer at all.
                    cancellationToken.ThrowIfCancellationRequested();
                }
                return receipt;
            }

            public Task<IReadOnlyList<PeekedQueueMessage>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken) =>
                inner.PeekAsync(queue, maxMessages, cancellationToken);

            public Task<int> ApproximateMessageCountAsync(string queue, CancellationToken cancellationToken) =>
                ((IQueueInspection)inner).ApproximateMessageCountAsync(queue, cancellationToken);
        }
    }

    private sealed class TempDirectory(string path) : IDisposable
    {
        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            RepoPaths.DeleteQuietly(path);
        }
    }
}
