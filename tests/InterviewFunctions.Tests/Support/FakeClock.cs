namespace InterviewFunctions.Tests.Support;

/// <summary>A clock the test moves by hand.</summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private DateTimeOffset _now = start;

    public FakeClock() : this(DefaultStart) { }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset now) => _now = now;
}
