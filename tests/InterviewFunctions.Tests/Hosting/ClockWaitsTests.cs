using InterviewFunctions.App.Hosting;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Hosting;

public sealed class ClockWaitsTests
{
    private static readonly DateTimeOffset Due = FakeClock.DefaultStart.AddHours(2);

    [Fact]
    public async Task Completes_when_the_clock_reaches_the_instant_and_not_before()
    {
        var clock = new FakeClock();
        var wait = clock.DelayUntilAsync(Due, CancellationToken.None);

        clock.Set(Due.AddTicks(-1));
        await Task.Delay(50);
        Assert.False(wait.IsCompleted);

        clock.Set(Due);
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Completes_when_the_clock_jumps_to_the_instant_while_the_timer_is_being_made()
    {
        // The jump lands between reading "now" and making the timer, so the timer alone would wait two hours too long.
        var clock = new JumpBeforeFirstTimer(new FakeClock(), Due);

        await clock.DelayUntilAsync(Due, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Due, clock.GetUtcNow());
    }

    [Fact]
    public async Task Is_cancelled_with_its_token()
    {
        var clock = new FakeClock();
        using var stop = new CancellationTokenSource();
        var wait = clock.DelayUntilAsync(Due, stop.Token);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private sealed class JumpBeforeFirstTimer(FakeClock inner, DateTimeOffset jumpTo) : TimeProvider
    {
        private int _timers;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (Interlocked.Increment(ref _timers) == 1)
            {
                inner.Set(jumpTo);
            }
            return inner.CreateTimer(callback, state, dueTime, period);
        }
    }
}
