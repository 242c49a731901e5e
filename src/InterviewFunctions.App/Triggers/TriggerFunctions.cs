namespace InterviewFunctions.App.Triggers;

/// <summary>
/// A queue-triggered function. One handler serves both paths: under the Functions host it is invoked through
/// <c>POST /{FunctionName}</c> with the host's envelope; standalone, a listener on <see cref="QueueName"/> calls it.
/// Throwing fails the invocation: the message becomes visible again and is retried, up to the dequeue limit, then
/// moved to <c>{queue}-poison</c>.
/// </summary>
public interface IQueueFunction
{
    /// <summary>The function's folder name in the published package, and the path the host posts to.</summary>
    string FunctionName { get; }

    string QueueName { get; }

    Task HandleAsync(QueueTrigger trigger, CancellationToken cancellationToken);
}

/// <param name="Text">The message text, already decoded from Base64.</param>
/// <param name="DequeueCount">1 on the first delivery.</param>
/// <param name="MaxDequeueCount">The delivery after which a failing message goes to the poison queue.</param>
public sealed record QueueTrigger(string Text, string MessageId, int DequeueCount, int MaxDequeueCount, DateTimeOffset? InsertedAt)
{
    public bool IsLastAttempt => DequeueCount >= MaxDequeueCount;
}

/// <summary>
/// A timer-triggered function. Under the Functions host it runs on <see cref="Schedule"/> (the NCRONTAB expression,
/// with seconds, written into its function.json); standalone it runs on the same schedule unless
/// <see cref="SchedulesItselfStandalone"/> says it keeps its own time.
/// </summary>
public interface ITimerFunction
{
    string FunctionName { get; }

    /// <summary>Six-field NCRONTAB: second minute hour day month day-of-week.</summary>
    string Schedule { get; }

    bool SchedulesItselfStandalone => false;

    Task RunAsync(TimerTrigger trigger, CancellationToken cancellationToken);
}

public sealed record TimerTrigger(bool IsPastDue, DateTimeOffset? Last, DateTimeOffset? Next);
