using InterviewFunctions.App.Hosting;

namespace InterviewFunctions.App.Reminders;

/// <summary>
/// Wakes the standalone dispatcher when a plan is saved with something due before the instant it sleeps until,
/// so a reminder planned five seconds ahead is not left waiting for a long sleep to end. A plan saved while the
/// dispatcher scans (between <see cref="BeginScan"/> and <see cref="WaitAsync"/>) is remembered, not lost.
/// </summary>
public sealed class DispatchSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = NewSource();
    private DateTimeOffset _sleepingUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _earliestNotified = DateTimeOffset.MaxValue;

    public void Notify(DateTimeOffset? nextDispatchAt)
    {
        if (nextDispatchAt is not { } at)
        {
            return;
        }
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            if (at < _earliestNotified)
            {
                _earliestNotified = at;
            }
            if (at < _sleepingUntil)
            {
                wake = _changed;
                _changed = NewSource();
                _sleepingUntil = DateTimeOffset.MinValue;
            }
        }
        wake?.TrySetResult();
    }

    /// <summary>Called before the dispatcher reads the store: what was notified until now, the read will see.</summary>
    public void BeginScan()
    {
        lock (_gate)
        {
            _earliestNotified = DateTimeOffset.MaxValue;
        }
    }

    /// <summary>Waits until <paramref name="until"/> on <paramref name="clock"/>, or until something earlier is planned.</summary>
    public async Task WaitAsync(DateTimeOffset until, TimeProvider clock, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate)
        {
            if (_earliestNotified < until)
            {
                return;
            }
            _sleepingUntil = until;
            changed = _changed.Task;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = clock.DelayUntilAsync(until, stop.Token);
        await Task.WhenAny(timer, changed).WaitAsync(cancellationToken);
        await stop.CancelAsync();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
