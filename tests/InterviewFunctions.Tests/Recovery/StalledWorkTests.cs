using System.Net;
using InterviewFunctions.App.Queues;
using InterviewFunctions.App.Recovery;
using InterviewFunctions.Core.Queues;
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
        var jobId = await admin.NewJobAsync();
        var candidateId = await admin.NewCandidateAsync("jose@example.com", "José Núñez", jobId);
        using var upload = await admin.UploadAsync(candidateId, "backend-engineer.docx");
        await upload.ExpectAsync(HttpStatusCode.Accepted);
        var screeningUrl = upload.Headers.Location!.OriginalString;
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
        var jobId = await admin.NewJobAsync();
        var candidateId = await admin.NewCandidateAsync("jose@example.com", "José Núñez", jobId);
        using var upload = await admin.UploadAsync(candidateId, "backend-engineer.docx");
        await upload.ExpectAsync(HttpStatusCode.Accepted);
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
                new App.Screening.ScreeningMessage("acme", (string)(await upload.JsonAsync())["screenings"]![0]!["id"]!).ToText(), "m-1", 1, 5, null), default);
        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new StalledWorkSweeper.SweepResult(0, 0), await sweeper.SweepAsync(default));
    }

    [Theory]
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

    /// <summary>The real queues, except that the first message sent to each named queue is lost on the way.</summary>
    private sealed class LosingQueues(params string[] queues)
    {
        private readonly HashSet<string> _toLose = [.. queues];
        private int _lost;

        public int Lost => _lost;

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
}
