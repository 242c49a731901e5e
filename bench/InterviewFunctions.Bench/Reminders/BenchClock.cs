using System.Collections.Concurrent;
using System.Diagnostics;

namespace InterviewFunctions.Bench.Reminders;

/// <summary>
/// A clock that runs at real speed from a chosen origin and can be jumped forward. Its timers fire at their virtual
/// instant: each rides on a real timer armed for the virtual time left, and a jump re-arms every armed timer, so one
/// that a jump carried past its instant fires at once (as a Functions host would find after a long sleep).
/// <see cref="TimeProvider.GetTimestamp"/> stays real: elapsed times measured by the app are what they cost.
/// </summary>
internal sealed class BenchClock(DateTimeOffset origin) : TimeProvider
{
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly ConcurrentDictionary<VirtualTimer, byte> _armed = new();
    private long _jumpedTicks;

    public override DateTimeOffset GetUtcNow() =>
        origin + TimeSpan.FromTicks(Interlocked.Read(ref _jumpedTicks)) + Stopwatch.GetElapsedTime(_startedAt);

    /// <summary>Moves the clock forward; every timer the jump passes fires now, in no particular order.</summary>
    public void Jump(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _jumpedTicks, by.Ticks);
        foreach (var timer in _armed.Keys)
        {
            timer.Rearm();
        }
    }

    /// <summary>Jumps so that the clock reads <paramref name="instant"/> (or later, if it is already past).</summary>
    public void JumpTo(DateTimeOffset instant)
    {
        var by = instant - GetUtcNow();
        if (by > TimeSpan.Zero)
        {
            Jump(by);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class VirtualTimer : ITimer
    {
        private readonly BenchClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _real;
        private readonly Lock _gate = new();
        private DateTimeOffset? _dueAt;
        private TimeSpan? _period;
        private bool _disposed;

        public VirtualTimer(BenchClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            _real = System.CreateTimer(_ => OnRealTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return false;
                }
                _period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? null : period;
                _dueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + dueTime;
                ArmLocked();
            }
            return true;
        }

        public void Rearm()
        {
            lock (_gate)
            {
                if (!_disposed)
                {
                    ArmLocked();
                }
            }
        }

        private void ArmLocked()
        {
            if (_dueAt is not { } due)
            {
                _clock._armed.TryRemove(this, out _);
                _real.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }
            _clock._armed.TryAdd(this, 0);
            var left = due - _clock.GetUtcNow();
            // Rounded up to whole milliseconds, the real timer's resolution, so that it never fires before the instant.
            _real.Change(left <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), Timeout.InfiniteTimeSpan);
        }

        private void OnRealTimer()
        {
            lock (_gate)
            {
                if (_disposed || _dueAt is not { } due)
                {
                    return;
                }
                var now = _clock.GetUtcNow();
                if (now < due)
                {
                    ArmLocked();
                    return;
                }
                // A periodic timer that a jump carried past several periods fires once, not once per period missed.
                _dueAt = _period is { } period ? (due + period > now ? due + period : now + period) : null;
                ArmLocked();
            }
            _callback(_state);
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _dueAt = null;
            }
            _clock._armed.TryRemove(this, out _);
            _real.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
