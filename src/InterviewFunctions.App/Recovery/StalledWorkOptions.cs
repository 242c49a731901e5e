namespace InterviewFunctions.App.Recovery;

public sealed class StalledWorkOptions
{
    public const string Section = "StalledWork";

    /// <summary>
    /// How long a screening or evaluation may stay unsettled without a sign of life (its queue message going out, or a
    /// heartbeat of the delivery working on it) before its message is taken for lost, or its worker for dead, and the
    /// message is sent again. Work that runs longer than this is left alone as long as its worker keeps beating.
    /// </summary>
    public TimeSpan ResendAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Records of each kind sent again by one sweep, at most; the next sweep takes the rest.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How often a delivery working on a screening or evaluation writes its heartbeat on the record.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How old a running record's heartbeat may be before a delivery that finds it takes its worker for dead and starts
    /// the work itself; while the heartbeat is younger, such a delivery is dropped, so that a live worker's engine call is
    /// never doubled. At least two heartbeats (one late write is not a death), at most <see cref="ResendAfter"/> (so that
    /// a message the sweeper sends for a dead worker is not dropped), and best under the queue's lease, so that the
    /// message of a process that died mid-run takes over when it comes back.
    /// </summary>
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromMinutes(5);

    public bool IsValid =>
        ResendAfter > TimeSpan.Zero && BatchSize is > 0 and <= 1000
        && HeartbeatInterval > TimeSpan.Zero && AbandonedAfter >= 2 * HeartbeatInterval && AbandonedAfter <= ResendAfter;
}
