using InterviewFunctions.App.Triggers;

namespace InterviewFunctions.App.Reminders;

/// <summary>
/// The due-reminder finder as a timer function. Under the Functions host it runs every 30 seconds and, with a
/// look-ahead longer than that, queues each email invisible until its due instant. Standalone the dispatch loop
/// wakes it at each due instant instead.
/// </summary>
public sealed class ReminderFinderFunction(ReminderDispatcher dispatcher) : ITimerFunction
{
    public const string Name = "ReminderFinder";

    public string FunctionName => Name;

    public string Schedule => "*/30 * * * * *";

    public bool SchedulesItselfStandalone => true;

    public Task RunAsync(TimerTrigger trigger, CancellationToken cancellationToken) => dispatcher.DispatchDueAsync(cancellationToken);
}
