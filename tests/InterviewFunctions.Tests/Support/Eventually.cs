namespace InterviewFunctions.Tests.Support;

/// <summary>Waits for background work (a listener, a timer) to reach a state, failing with a reason if it never does.</summary>
public static class Eventually
{
    /// <summary>Generous: CI runs on two shared cores; a passing condition returns as soon as it holds.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Still not true after {Limit.TotalSeconds} s: {what}");
            }
            await Task.Delay(10);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what) => TrueAsync(() => Task.FromResult(condition()), what);
}
