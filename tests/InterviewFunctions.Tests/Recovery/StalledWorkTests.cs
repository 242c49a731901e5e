using System.Net;
using System.Text.Json;
using InterviewFunctions.App.Queues;
using InterviewFunctions.App.Recovery;
using InterviewFunctions.App.Screening;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Evaluation;
using InterviewFunctions.Core.Queues;
using InterviewFunctions.Core.Screening;
using InterviewFunctions.Tests.Evaluation;
using InterviewFunctions.Tests.Screening.Pipeline;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Recovery;

/// <summary>
/// The stalled-work sweeper: a screening or evaluation whose queue message was lost is sent again once it has waited
/// longer than StalledWork:ResendAfter, and then settles; work that settled or was sent recently is left alone.
/// </summary>
public sealed class StalledWorkTests
{
    [Fact]
    public async Task A_screening_and_an_evaluation_whose_messages_were_lost_settle_after_the_timer_sends_them_again()
    {
        var losing = new LosingQueues("screenings", "evaluations");
        using var app = new TestApp { TestServices = losing.Install };
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        var (screeningUrl, _) = await UploadResumeAsync(admin);
        var interviewId = (string)(await admin.CreateAsync(ApiCalls.NewInterviewBody()))["id"]!;
        using var transcript = await admin.PostJsonAsync($"/api/interviews/{interviewId}/transcript", EvaluationApiTests.Body(Transcripts.Strong()));
        await transcript.ExpectAsync(HttpStatusCode.Accepted);
        var evaluationUrl = transcript.Headers.Location!.OriginalString;
        Assert.Equal(2, losing.Lost);

        // Nothing moves while the messages are lost and the period has not passed.
        // "0 */10 * * * *": 09:10, 09:20 …
        var firstTick = FakeClock.DefaultStart.AddMinutes(10);
        await Eventually.TrueAsync(() => app.Clock.HasTimerDueAt(firstTick), "the sweeper waits for its first tick");
        app.Clock.Set(firstTick);
        Assert.Equal("queued", (string)(await (await admin.GetAsync(screeningUrl)).JsonAsync())["status"]!);
        Assert.Equal("queued", (string)(await (await admin.GetAsync(evaluationUrl)).JsonAsync())["status"]!);

        var later = FakeClock.DefaultStart.AddMinutes(20);
        await Eventually.TrueAsync(() => app.Clock.HasTimerDueAt(later), "the sweeper waits for its next tick");
        app.Clock.Set(later);

        Assert.Equal("succeeded", (string)(await admin.SettledAsync(screeningUrl))["status"]!);
        Assert.Equal("succeeded", (string)(await EvaluationApiTests.SettledAsync(admin, evaluationUrl))["status"]!);
        Assert.Equal(2, losing.Lost);
    }

    [Fact]
    public async Task A_sweep_sends_each_stalled_record_once_per_period_and_leaves_recent_and_settled_work_alone()
    {
        using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Queues:ListenersEnabled"] = "false",
            ["StalledWork:ResendAfter"] = "00:10:00",
        });
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        var sweeper = app.Services.GetRequiredService<StalledWorkSweeper>();
        var queue = app.Services.GetRequiredService<IQueueInspection>();
        var (_, screeningId) = await UploadResumeAsync(admin);
        Assert.Equal(1, await queue.ApproximateMessageCountAsync("screenings", default));

        Assert.Equal(new StalledWorkSweeper.SweepResult(0, 0), await sweeper.SweepAsync(default));
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(new StalledWorkSweeper.SweepResult(1, 0), await sweeper.SweepAsync(default));
        Assert.Equal(new StalledWorkSweeper.SweepResult(0, 0), await sweeper.SweepAsync(default));
        Assert.Equal(2, await queue.ApproximateMessageCountAsync("screenings", default));
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(new StalledWorkSweeper.SweepResult(1, 0), await sweeper.SweepAsync(default));
        Assert.Equal(3, await queue.ApproximateMessageCountAsync("screenings", default));

        // Settled by one of its (now three) messages: the sweeper never sends it again.
        await app.Services.GetServices<App.Triggers.IQueueFunction>().Single(f => f.QueueName == "screenings")
            .HandleAsync(new App.Triggers.QueueTrigger(
                new App.Screening.ScreeningMessage("acme", screeningId).ToText(), "m-1", 1, 5, null), default);
        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new StalledWorkSweeper.SweepResult(0, 0), await sweeper.SweepAsync(default));
    }

    [Fact]
    public async Task A_screening_whose_engine_call_outlasts_ResendAfter_is_not_sent_again_and_the_engine_is_called_once()
    {
        var queues = new LosingQueues();
        var engine = new HeldEngine();
        // 70 s: no heartbeat falls on the sweeper's ticks or the lease renewals (whole 5 minutes), so each step waits for one timer.
        var beat = TimeSpan.FromSeconds(70);
        using var app = new TestApp(new Dictionary<string, string?> { ["StalledWork:HeartbeatInterval"] = "00:01:10" })
        {
            TestServices = services =>
            {
                queues.Install(services);
                services.AddSingleton<IScreeningEngine>(engine);
            },
        };
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        var store = app.Services.GetRequiredService<IScreeningStore>();
        var (screeningUrl, screeningId) = await UploadResumeAsync(admin);
        await engine.Entered.WaitAsync(TimeSpan.FromSeconds(20));

        // Beat by beat past ResendAfter (15 min) and the sweeper's ticks at 09:10 and 09:20, the engine call held open all along.
        var end = FakeClock.DefaultStart.AddMinutes(21);
        for (var now = FakeClock.DefaultStart + beat; now <= end; now += beat)
        {
            await Eventually.TrueAsync(() => app.Clock.HasTimerDueAt(now), $"the worker waits to beat at {now:HH:mm:ss}");
            app.Clock.Set(now);
            var expected = now;
            await Eventually.TrueAsync(async () => (await store.FindAsync("acme", screeningId, default))?.HeartbeatAt == expected, $"the worker beats at {now:HH:mm:ss}");
        }
        await Eventually.TrueAsync(() => app.Clock.HasTimerDueAt(FakeClock.DefaultStart.AddMinutes(30)), "the 09:20 sweep is done");

        var running = (await store.FindAsync("acme", screeningId, default))!;
        Assert.Equal(ScreeningStatus.Running, running.Status);
        Assert.True(running.QueuedAt < app.Clock.GetUtcNow() - TimeSpan.FromMinutes(15));
        Assert.Equal(1, queues.SentTo("screenings"));
        Assert.Equal(new StalledWorkSweeper.SweepResult(0, 0), await app.Services.GetRequiredService<StalledWorkSweeper>().SweepAsync(default));

        // A duplicate message meanwhile (a redelivery, a message sent twice) leaves the live worker's record to it.
        var screeningFunction = app.Services.GetServices<IQueueFunction>().Single(f => f.QueueName == "screenings");
        var duplicate = screeningFunction.HandleAsync(new QueueTrigger(new ScreeningMessage("acme", screeningId).ToText(), "duplicate", 1, 5, null), default);
        // Either it is dropped, or it reaches the engine (and would wait there for the gate): whichever comes first.
        await Task.WhenAny(duplicate, engine.SecondCall);
        Assert.Equal(1, engine.Calls);
        await duplicate;
        Assert.Equal(running.ETag, (await store.FindAsync("acme", screeningId, default))!.ETag);

        engine.Release();
        var settled = await admin.SettledAsync(screeningUrl);

        Assert.Equal("succeeded", (string)settled["status"]!);
        Assert.Equal(1, (int)settled["attempts"]!);
        Assert.Equal(1, engine.Calls);
        Assert.Equal(1, queues.SentTo("screenings"));
    }

    [Fact]
    public async Task A_screening_whose_worker_died_is_sent_again_once_and_its_delivery_takes_over_and_settles_it()
    {
        var queues = new LosingQueues("screenings");
        var engine = new HeldEngine();
        engine.Release();
        using var app = new TestApp { TestServices = services => { queues.Install(services); services.AddSingleton<IScreeningEngine>(engine); } };
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        var store = app.Services.GetRequiredService<IScreeningStore>();
        var (screeningUrl, screeningId) = await UploadResumeAsync(admin);
        // As a process that died in the middle of the work leaves it: running, beaten once at its start, its message gone.
        await store.ReplaceAsync(ScreeningRules.Start((await store.FindAsync("acme", screeningId, default))!, app.Clock.GetUtcNow()), default);

        // 09:10: ten minutes without a heartbeat is under ResendAfter.
        await Eventually.TrueAsync(() => app.Clock.HasTimerDueAt(FakeClock.DefaultStart.AddMinutes(10)), "the sweeper waits for 09:10");
        app.Clock.Set(FakeClock.DefaultStart.AddMinutes(10));
        await Eventually.TrueAsync(() => app.Clock.HasTimerDueAt(FakeClock.DefaultStart.AddMinutes(20)), "the 09:10 sweep is done");
        Assert.Equal(0, queues.SentTo("screenings"));
        Assert.Equal("running", (string)(await (await admin.GetAsync(screeningUrl)).JsonAsync())["status"]!);

        // 09:20: the heartbeat is twenty minutes old: sent again, and the delivery takes over from the dead worker.
        app.Clock.Set(FakeClock.DefaultStart.AddMinutes(20));
        var settled = await admin.SettledAsync(screeningUrl);

        Assert.Equal("succeeded", (string)settled["status"]!);
        Assert.Equal(2, (int)settled["attempts"]!);
        Assert.Equal(1, engine.Calls);
        Assert.Equal(1, queues.SentTo("screenings"));

        // Settled: later sweeps send nothing more.
        foreach (var tick in new[] { 30, 40 })
        {
            await Eventually.TrueAsync(() => app.Clock.HasTimerDueAt(FakeClock.DefaultStart.AddMinutes(tick)), $"the sweeper waits for minute {tick}");
            app.Clock.Set(FakeClock.DefaultStart.AddMinutes(tick));
        }
        await Eventually.TrueAsync(() => app.Clock.HasTimerDueAt(FakeClock.DefaultStart.AddMinutes(50)), "the 09:40 sweep is done");
        Assert.Equal(1, queues.SentTo("screenings"));
        Assert.Equal(1, engine.Calls);
    }

    [Fact]
    public async Task An_evaluation_delivery_leaves_a_live_workers_record_alone_and_takes_over_from_a_worker_gone_quiet_for_AbandonedAfter()
    {
        using var app = new TestApp(new Dictionary<string, string?> { ["Queues:ListenersEnabled"] = "false" });
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        var store = app.Services.GetRequiredService<IEvaluationStore>();
        var interviewId = (string)(await admin.CreateAsync(ApiCalls.NewInterviewBody()))["id"]!;
        using var transcript = await admin.PostJsonAsync($"/api/interviews/{interviewId}/transcript", EvaluationApiTests.Body(Transcripts.Strong()));
        await transcript.ExpectAsync(HttpStatusCode.Accepted);
        var evaluationId = (string)(await transcript.JsonAsync())["id"]!;
        var queued = (await store.FindAsync("acme", evaluationId, default))!;
        var now = app.Clock.GetUtcNow();
        // Another delivery started it and is alive: it beat 4 min 59 s ago, under AbandonedAfter (5 min).
        var running = await store.ReplaceAsync(queued with { Status = EvaluationStatus.Running, Attempts = 1, StartedAt = now, HeartbeatAt = now, UpdatedAt = now }, default);
        var function = app.Services.GetServices<IQueueFunction>().Single(f => f.QueueName == "evaluations");
        var message = JsonSerializer.Serialize(new EvaluationMessage("acme", evaluationId), App.Storage.StoredJsonContext.Default.EvaluationMessage);
        app.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));

        await function.HandleAsync(new QueueTrigger(message, "m-2", 1, 5, null), default);

        var untouched = (await store.FindAsync("acme", evaluationId, default))!;
        Assert.Equal(running.ETag, untouched.ETag);
        Assert.Equal(EvaluationStatus.Running, untouched.Status);

        // A second later its heartbeat is AbandonedAfter old: the worker is taken for dead and this delivery does the work.
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await function.HandleAsync(new QueueTrigger(message, "m-3", 1, 5, null), default);

        var settled = (await store.FindAsync("acme", evaluationId, default))!;
        Assert.Equal(EvaluationStatus.Succeeded, settled.Status);
        Assert.Equal(2, settled.Attempts);
        Assert.Equal(app.Clock.GetUtcNow(), settled.StartedAt);
    }

    [Theory]
    [InlineData("StalledWork:HeartbeatInterval", "00:00:00")]
    [InlineData("StalledWork:AbandonedAfter", "00:01:30")]
    [InlineData("StalledWork:AbandonedAfter", "00:15:01")]
    [InlineData("StalledWork:ResendAfter", "00:00:00")]
    [InlineData("StalledWork:ResendAfter", "-00:05:00")]
    [InlineData("StalledWork:BatchSize", "0")]
    [InlineData("StalledWork:BatchSize", "1001")]
    public void An_unusable_setting_stops_the_app_at_start(string key, string value)
    {
        using var app = new TestApp(new Dictionary<string, string?> { [key] = value });

        var failure = Assert.ThrowsAny<Exception>(() => app.Services.GetRequiredService<StalledWorkSweeper>());

        Assert.Contains("StalledWork", failure.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The offline engine behind a gate the test opens: counts its calls and says when the first one is under way.</summary>
    private sealed class HeldEngine : IScreeningEngine
    {
        private readonly OfflineScreeningEngine _offline = new();
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _secondCall = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task Entered => _entered.Task;

        public Task SecondCall => _secondCall.Task;

        public void Release() => _released.TrySetResult();

        public async Task<ScreeningAssessment> ScreenAsync(ScreeningInput input, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) > 1)
            {
                _secondCall.TrySetResult();
            }
            _entered.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
            return await _offline.ScreenAsync(input, cancellationToken);
        }
    }

    /// <summary>The real queues, except that the first message sent to each named queue is lost on the way; counts the messages that arrive.</summary>
    private sealed class LosingQueues(params string[] queues)
    {
        private readonly HashSet<string> _toLose = [.. queues];
        private readonly Dictionary<string, int> _delivered = [];
        private int _lost;

        public int Lost => _lost;

        /// <summary>Messages sent to the queue and not lost.</summary>
        public int SentTo(string queue)
        {
            lock (_toLose)
            {
                return _delivered.GetValueOrDefault(queue);
            }
        }

        public void Install(IServiceCollection services)
        {
            var original = services.Last(d => d.ServiceType == typeof(IMessageQueues));
            services.Remove(original);
            services.AddSingleton<IMessageQueues>(sp => new Losing(this, (IMessageQueues)original.ImplementationFactory!(sp)));
        }

        private bool LoseThis(string queue)
        {
            lock (_toLose)
            {
                if (!_toLose.Remove(queue))
                {
                    _delivered[queue] = _delivered.GetValueOrDefault(queue) + 1;
                    return false;
                }
                _lost++;
                return true;
            }
        }

        private sealed class Losing(LosingQueues owner, IMessageQueues inner) : IMessageQueues, IQueueInspection
        {
            public string Name => inner.Name;

            public Task CreateQueueIfMissingAsync(string queue, CancellationToken cancellationToken) => inner.CreateQueueIfMissingAsync(queue, cancellationToken);

            public Task<QueueReceipt> SendAsync(string queue, string text, TimeSpan visibilityDelay, TimeSpan? timeToLive, CancellationToken cancellationToken) =>
                owner.LoseThis(queue)
                    ? Task.FromResult(new QueueReceipt("lost", "lost", DateTimeOffset.MinValue))
                    : inner.SendAsync(queue, text, visibilityDelay, timeToLive, cancellationToken);

            public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
                inner.ReceiveAsync(queue, maxMessages, visibilityTimeout, cancellationToken);

            public Task DeleteAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken) =>
                inner.DeleteAsync(queue, messageId, popReceipt, cancellationToken);

            public Task<QueueReceipt> UpdateVisibilityAsync(string queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
                inner.UpdateVisibilityAsync(queue, messageId, popReceipt, visibilityTimeout, cancellationToken);

            public Task<IReadOnlyList<PeekedQueueMessage>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken) =>
                inner.PeekAsync(queue, maxMessages, cancellationToken);

            public Task<int> ApproximateMessageCountAsync(string queue, CancellationToken cancellationToken) =>
                ((IQueueInspection)inner).ApproximateMessageCountAsync(queue, cancellationToken);
        }
    }

    /// <summary>A candidate for a new job uploads a resume; the screening it started, by URL and id.</summary>
    private static async Task<(string Url, string Id)> UploadResumeAsync(HttpClient admin)
    {
        var jobId = await admin.NewJobAsync();
        var candidateId = await admin.NewCandidateAsync("jose@example.com", "José Núñez", jobId);
        using var upload = await admin.UploadAsync(candidateId, "backend-engineer.docx");
        await upload.ExpectAsync(HttpStatusCode.Accepted);
        return (upload.Headers.Location!.OriginalString, (string)(await upload.JsonAsync())["screenings"]![0]!["id"]!);
    }
}
