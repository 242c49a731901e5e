namespace InterviewFunctions.Core.Queues;

/// <summary>
/// The delivery working on a record a queue message asked for: which start of the record it is (the attempt number,
/// which a later start raises) and when it last showed it is alive.
/// </summary>
public readonly record struct RunningWorker(int Attempt, DateTimeOffset HeartbeatAt)
{
    /// <summary>Whether it beat recently enough, at <paramref name="now"/>, to be taken for alive.</summary>
    public bool IsAlive(DateTimeOffset now, TimeSpan abandonedAfter) => now - HeartbeatAt < abandonedAfter;
}
