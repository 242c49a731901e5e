using InterviewFunctions.Core.Interviews;

namespace InterviewFunctions.App.Reminders;

/// <summary>
/// Standalone, the finder runs here rather than on a timer: it sleeps until the earliest instant any plan needs
/// the dispatcher (or until a plan saved meanwhile needs it sooner), so an email leaves within moments of its due
/// instant and nothing polls while nothing is due.
/// </summary>
public sealed partial class ReminderDispatchLoop(
    ReminderDispatcher dispatcher,
    IInterviewStore store,
    DispatchSignal signal,
    TimeProvider clock,
    ILogger<ReminderDispatchLoop> logger) : BackgroundService
{
    /// <summary>The longest sleep: a safety net should a wake-up ever be missed.</summary>
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan ErrorBackOff = TimeSpan.FromSeconds(2);

    /// <summary>The pause when something due could not be queued because it kept changing under the finder.</summary>
    private static readonly TimeSpan ContentionBackOff = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting; the first scan catches up on anything that fell due while the app was down.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                signal.BeginScan();
                var scannedAt = clock.GetUtcNow();
                var queued = await dispatcher.DispatchDueAsync(stoppingToken);
                var now = clock.GetUtcNow();
                var next = await store.NextDispatchAtAsync(stoppingToken);
                var until = next is { } at && at < now + MaxSleep ? at : now + MaxSleep;
                if (next <= scannedAt && queued == 0)
                {
                    // Something was due when the scan began, yet nothing could be queued (it kept changing): do not
                    // spin on it. What fell due only while the scan ran (the clock moved on) is scanned for at once.
                    until = now + ContentionBackOff;
                }
                await signal.WaitAsync(until, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.Failed(logger, e);
                await Task.Delay(ErrorBackOff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "The reminder dispatch loop failed; retrying shortly")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
