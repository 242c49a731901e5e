namespace InterviewFunctions.Tests.Support;

/// <summary>
/// A clock the test moves by hand. Its timers (behind <c>Task.Delay(delay, clock)</c>) fire when the clock is moved
/// to or past their due time, on the thread that moves it, in due order.
/// </summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now = start;

    public FakeClock() : this(DefaultStart) { }

    /// <summary>Timers waiting to fire: lets a test wait until the code under test has started waiting.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    /// <summary>Whether a timer waits to fire at exactly this instant: lets a test see that the code under test is waiting for it.</summary>
    public bool HasTimerDueAt(DateTimeOffset at) => HasTimerDue(due => due == at);

    public bool HasTimerDue(Func<DateTimeOffset, bool> when)
    {
        lock (_lock)
        {
            return _timers.Any(t => t.DueAt is { } due && when(due));
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _now += by;
        }
        FireDueTimers();
    }

    public void Set(DateTimeOffset now)
    {
        lock (_lock)
        {
            _now = now;
        }
        FireDueTimers();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }
        timer.Change(dueTime, period);
        return timer;
    }

    private void FireDueTimers()
    {
        while (true)
        {
            FakeTimer? due;
            lock (_lock)
            {
                due = _timers.Where(t => t.DueAt <= _now).OrderBy(t => t.DueAt).FirstOrDefault();
                if (due is null)
                {
                    return;
                }
                due.DueAt = due.Period is { } period && period > TimeSpan.Zero ? due.DueAt + period : null;
            }
            // Outside the lock: the callback may read the clock or make timers.
            due.Fire();
        }
    }

    private sealed class FakeTimer(FakeClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan? Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var fireNow = false;
            lock (clock._lock)
            {
                if (!clock._timers.Contains(this))
                {
                    return false;
                }
                Period = period == Timeout.InfiniteTimeSpan ? null : period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
                fireNow = dueTime == TimeSpan.Zero;
            }
            if (fireNow)
            {
                // As a real timer would, not on the thread that is still setting it up.
                ThreadPool.QueueUserWorkItem(_ => clock.FireDueTimers());
            }
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
