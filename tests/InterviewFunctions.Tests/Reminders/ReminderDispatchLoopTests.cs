using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Tenancy;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Reminders;

/// <summary>The standalone dispatch loop against a clock that moves while it works.</summary>
public sealed class ReminderDispatchLoopTests
{
    private static readonly DateTimeOffset Start = FakeClock.DefaultStart.AddDays(3);

    [Fact]
    public async Task A_reminder_that_falls_due_while_the_loop_scans_goes_out_without_the_clock_moving_again()
    {
        var store = new ClockJumpingStore();
        using var app = new TestApp
        {
            TestServices = services =>
            {
                var original = services.Last(d => d.ServiceType == typeof(IInterviewStore));
                services.Remove(original);
                services.AddSingleton<IInterviewStore>(sp => store.Wrap(
                    (IInterviewStore)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!),
                    sp.GetRequiredService<TimeProvider>() as FakeClock ?? throw new InvalidOperationException("The test app runs on a fake clock.")));
            },
        };
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        var id = (string)(await admin.CreateAsync(ApiCalls.NewInterviewBody(scheduledStart: "2026-11-24T09:00:00Z", type: "technical")))["id"]!;
        await ReminderTestKit.UntilAsync(() => admin.PlanAsync(id), p => (string)p.Item("v1-invitation")["state"]! == "sent", "the invitation to be recorded as sent");
        var firstDue = (DateTimeOffset)(await admin.PlanAsync(id)).Item("v1-reminder-PT48H")["dueAt"]!;
        Assert.Equal(Start.AddHours(-48), firstDue);

        // The loop sleeps at most five minutes. It wakes, finds nothing due, and the clock reaches the reminder's
        // instant just after the store answered: the same as a clock that jumps between the scan and the next sleep.
        store.JumpAfterNextScan(firstDue);
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        var reminders = await admin.OutboxUntilAsync(id, "reminder", 2);
        Assert.Equal(firstDue, app.Clock.GetUtcNow());
        Assert.Equal([TestApp.AdaEmail, TestApp.BobEmail], reminders.Recipients());
    }

    /// <summary>Sets the clock to an instant right after the dispatcher's next look for due items, once.</summary>
    private sealed class ClockJumpingStore
    {
        private readonly Lock _gate = new();
        private DateTimeOffset? _jumpTo;

        public void JumpAfterNextScan(DateTimeOffset instant)
        {
            lock (_gate)
            {
                _jumpTo = instant;
            }
        }

        public IInterviewStore Wrap(IInterviewStore inner, FakeClock clock) => new Store(inner, clock, this);

        private DateTimeOffset? TakeJump()
        {
            lock (_gate)
            {
                var instant = _jumpTo;
                _jumpTo = null;
                return instant;
            }
        }

        private sealed class Store(IInterviewStore inner, FakeClock clock, ClockJumpingStore owner) : IInterviewStore
        {
            public string Name => inner.Name;

            public async Task<IReadOnlyList<Interview>> ListDueAsync(DateTimeOffset horizon, int max, CancellationToken cancellationToken)
            {
                var due = await inner.ListDueAsync(horizon, max, cancellationToken);
                if (owner.TakeJump() is { } instant)
                {
                    clock.Set(instant);
                }
                return due;
            }

            public Task<Interview?> FindAsync(string tenantId, string id, CancellationToken cancellationToken) => inner.FindAsync(tenantId, id, cancellationToken);

            public Task<InterviewPage> ListAsync(string tenantId, InterviewQuery query, CancellationToken cancellationToken) => inner.ListAsync(tenantId, query, cancellationToken);

            public Task<Interview> CreateAsync(Interview interview, CancellationToken cancellationToken) => inner.CreateAsync(interview, cancellationToken);

            public Task<Interview> ReplaceAsync(Interview interview, CancellationToken cancellationToken) => inner.ReplaceAsync(interview, cancellationToken);

            public Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken) => inner.DeleteAsync(tenantId, id, cancellationToken);

            public Task<IReadOnlyList<InterviewStatsRow>> ListStatsRowsAsync(string tenantId, InterviewScope scope, CancellationToken cancellationToken) =>
                inner.ListStatsRowsAsync(tenantId, scope, cancellationToken);

            public Task<DateTimeOffset?> NextDispatchAtAsync(CancellationToken cancellationToken) => inner.NextDispatchAtAsync(cancellationToken);

            public Task<IdempotencyRecord> ClaimIdempotencyKeyAsync(IdempotencyRecord record, TimeSpan lifetime, CancellationToken cancellationToken) =>
                inner.ClaimIdempotencyKeyAsync(record, lifetime, cancellationToken);

            public Task CheckHealthAsync(CancellationToken cancellationToken) => inner.CheckHealthAsync(cancellationToken);
        }
    }
}
