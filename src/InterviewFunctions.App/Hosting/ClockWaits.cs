namespace InterviewFunctions.App.Hosting;

/// <summary>Waiting for an instant on an injected clock.</summary>
public static class ClockWaits
{
    /// <summary>
    /// Completes once <paramref name="clock"/> reads <paramref name="until"/> or later. A timer is relative to the
    /// moment it is made, so a clock that moves on between reading "now" and making the timer would leave it waiting
    /// past <paramref name="until"/>; the clock is read again once the timer exists, and again whenever it fires.
    /// </summary>
    public static async Task DelayUntilAsync(this TimeProvider clock, DateTimeOffset until, CancellationToken cancellationToken)
    {
        for (var delay = until - clock.GetUtcNow(); delay > TimeSpan.Zero; delay = until - clock.GetUtcNow())
        {
            using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = Task.Delay(delay, clock, stopTimer.Token);
            if (clock.GetUtcNow() >= until)
            {
                await stopTimer.CancelAsync();
                return;
            }
            await timer;
        }
    }
}
