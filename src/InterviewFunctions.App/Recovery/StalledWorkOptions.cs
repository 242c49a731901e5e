namespace InterviewFunctions.App.Recovery;

public sealed class StalledWorkOptions
{
    public const string Section = "StalledWork";

    /// <summary>
    /// How long a screening or evaluation may stay unsettled after its queue message went out before that message is
    /// taken for lost and sent again. Well above a run with all its queue retries, so that work in progress is left alone.
    /// </summary>
    public TimeSpan ResendAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Records of each kind sent again by one sweep, at most; the next sweep takes the rest.</summary>
    public int BatchSize { get; set; } = 100;

    public bool IsValid => ResendAfter > TimeSpan.Zero && BatchSize is > 0 and <= 1000;
}
