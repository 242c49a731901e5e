using System.Collections.Concurrent;
using InterviewFunctions.App.Triggers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InterviewFunctions.Tests.Triggers;

/// <summary>A queue function that records its calls and does what the test tells it to.</summary>
public sealed class ProbeQueueFunction : IQueueFunction
{
    public const string Name = "TestProbe";
    public const string Queue = "test-probe";

    public string FunctionName => Name;

    public string QueueName => Queue;

    public ConcurrentQueue<QueueTrigger> Calls { get; } = new();

    public Func<QueueTrigger, CancellationToken, Task> Behaviour { get; set; } = (_, _) => Task.CompletedTask;

    public async Task HandleAsync(QueueTrigger trigger, CancellationToken cancellationToken)
    {
        Calls.Enqueue(trigger);
        await Behaviour(trigger, cancellationToken);
    }

    public void AddTo(IServiceCollection services)
    {
        AppFunctions.Remove(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueueFunction>(this));
    }
}

/// <summary>
/// The app's own trigger functions and background loops, taken out so that a test of the trigger machinery sees only
/// its probes: their queues, timers and polls would otherwise share the test clock, and a test waiting for "a timer
/// due at 09:10" could see the stalled-work sweeper's instead of its probe's.
/// </summary>
public static class AppFunctions
{
    private static readonly Type[] Own =
    [
        typeof(InterviewFunctions.App.Reminders.SendReminderFunction),
        typeof(InterviewFunctions.App.Reminders.ReminderFinderFunction),
        typeof(InterviewFunctions.App.Reminders.ReminderDispatchLoop),
        typeof(InterviewFunctions.App.Screening.ScreenResumeFunction),
        typeof(InterviewFunctions.App.Evaluations.EvaluateInterviewFunction),
        typeof(InterviewFunctions.App.Calendar.CalendarEventsFunction),
        typeof(InterviewFunctions.App.Calendar.CalendarSubscriptionRenewalFunction),
        typeof(InterviewFunctions.App.Calendar.CalendarRenewalLoop),
        typeof(InterviewFunctions.App.Recovery.ResendStalledWorkFunction),
    ];

    public static void Remove(IServiceCollection services)
    {
        foreach (var descriptor in services.Where(d => d.ImplementationType is { } type && Own.Contains(type)).ToList())
        {
            services.Remove(descriptor);
        }
    }
}

/// <summary>A timer function that records its runs.</summary>
public sealed class ProbeTimerFunction(string schedule, bool schedulesItself = false, string name = ProbeTimerFunction.Name) : ITimerFunction
{
    public const string Name = "TestTimer";

    public string FunctionName => name;

    public string Schedule => schedule;

    public bool SchedulesItselfStandalone => schedulesItself;

    public ConcurrentQueue<TimerTrigger> Runs { get; } = new();

    public Func<TimerTrigger, Task> Behaviour { get; set; } = _ => Task.CompletedTask;

    public Task RunAsync(TimerTrigger trigger, CancellationToken cancellationToken)
    {
        Runs.Enqueue(trigger);
        return Behaviour(trigger);
    }

    public void AddTo(IServiceCollection services)
    {
        AppFunctions.Remove(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITimerFunction>(this));
    }
}
