using InterviewFunctions.App.Hosting;

namespace InterviewFunctions.App.Triggers;

/// <summary>
/// Runs one timer function standalone on its NCRONTAB schedule, waiting on the injected clock. A run that starts after
/// the following occurrence was due is past due; missed occurrences are not made up, as with the Functions host.
/// </summary>
public sealed partial class TimerRunner(ITimerFunction function, TimeProvider clock, ILogger<TimerRunner> logger) : BackgroundService
{
    private readonly NcrontabSchedule _schedule = NcrontabSchedule.Parse(function.Schedule);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? last = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (_schedule.NextAfter(clock.GetUtcNow()) is not { } due)
                {
                    NeverDue(logger, function.FunctionName, function.Schedule);
                    return;
                }
                await clock.DelayUntilAsync(due, stoppingToken);
                var started = clock.GetUtcNow();
                var following = _schedule.NextAfter(due);
                var isPastDue = following is { } f && started >= f;
                try
                {
                    await function.RunAsync(new TimerTrigger(isPastDue, last, _schedule.NextAfter(started)), stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    RunFailed(logger, e, function.FunctionName);
                }
                last = due;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {FunctionName} failed")]
    private static partial void RunFailed(ILogger logger, Exception exception, string functionName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer function {FunctionName} has a schedule {Schedule} that never falls due")]
    private static partial void NeverDue(ILogger logger, string functionName, string schedule);
}
