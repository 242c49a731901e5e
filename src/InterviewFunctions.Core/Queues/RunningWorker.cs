namespace InterviewFunctions.Core.Queues;

/// <summary>
/// The delivery working on a record a queue message asked for: which start of the record it is (the attempt number,
/// which a later start raises) and when it last showed it is alive.
/// </summary>
public readonly record struct RunningWorker(int Attempt, DateTimeOffset HeartbeatAt)
{
    /// <summary>Whether it beat recently enough, at <paramref name="now"/>, to be taken for alive.</summary>
    public bool IsAlive(DateTimeOffset now, TimeSpan abandonedAfter) => now - HeartbeatAt < abandonedAfter;

    /// <summary>
    /// The latest sign of life of queued work: its latest message going out, or its worker's latest heartbeat, whichever
    /// is later. What the stalled-work sweeper measures silence from.
    /// </summary>
    public static DateTimeOffset LatestSignOfLife(DateTimeOffset lastSent, DateTimeOffset? heartbeat) => heartbeat > lastSent ? heartbeat.Value : lastSent;
}
