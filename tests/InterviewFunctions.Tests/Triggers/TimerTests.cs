using InterviewFunctions.App.Triggers;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Triggers;

/// <summary>Standalone timers, through the real app, on the fake clock.</summary>
public sealed class TimerTests
{
    private static readonly DateTimeOffset At0900 = FakeClock.DefaultStart;

    [Fact]
    public async Task A_timer_function_runs_at_each_occurrence_of_its_schedule_and_is_past_due_when_it_missed_one()
    {
        var timer = new ProbeTimerFunction("0 */5 * * * *");
        using var app = new TestApp { TestServices = timer.AddTo };
        _ = app.Services;

        await Eventually.TrueAsync(() => app.Clock.HasTimerDueAt(At0900.AddMinutes(5)), "the timer waits for 09:05");
        Assert.Empty(timer.Runs);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Eventually.TrueAsync(() => timer.Runs.Count == 1, "the 09:05 run");
        Assert.Equal(new TimerTrigger(false, null, At0900.AddMinutes(10)), timer.Runs.Single());

        // The clock jumps to 09:17: the 09:10 run starts after 09:15 was due, so it is past due, and 09:15 is not made up.
        await Eventually.TrueAsync(() => app.Clock.HasTimerDueAt(At0900.AddMinutes(10)), "the timer waits for 09:10");
        app.Clock.Advance(TimeSpan.FromMinutes(12));
        await Eventually.TrueAsync(() => timer.Runs.Count == 2, "the late 09:10 run");
        Assert.Equal(new TimerTrigger(true, At0900.AddMinutes(5), At0900.AddMinutes(20)), timer.Runs.Last());
        await Eventually.TrueAsync(() => app.Clock.HasTimerDueAt(At0900.AddMinutes(20)), "the timer waits for 09:20");
        Assert.Equal(2, timer.Runs.Count);
    }

    [Fact]
    public async Task A_failing_run_does_not_stop_the_schedule()
    {
        var timer = new ProbeTimerFunction("30 * * * * *") { Behaviour = _ => throw new InvalidOperationException("boom") };
        using var app = new TestApp { TestServices = timer.AddTo };
        _ = app.Services;

        await Eventually.TrueAsync(() => app.Clock.HasTimerDueAt(At0900.AddSeconds(30)), "the timer waits for 09:00:30");
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        await Eventually.TrueAsync(() => app.Clock.HasTimerDueAt(At0900.AddSeconds(90)), "the timer waits for the next minute");
        Assert.Single(timer.Runs);
    }

    [Fact]
    public async Task A_timer_that_keeps_its_own_time_standalone_is_not_scheduled()
    {
        var own = new ProbeTimerFunction("0 */5 * * * *", schedulesItself: true);
        var scheduled = new ProbeTimerFunction("0 */7 * * * *", name: "TestTimerOther");
        // Added directly: two functions of one type would be one to TryAddEnumerable.
        using var app = new TestApp { TestServices = services => { own.AddTo(services); services.Add(Microsoft.Extensions.DependencyInjection.ServiceDescriptor.Singleton<ITimerFunction>(scheduled)); } };
        _ = app.Services;

        await Eventually.TrueAsync(() => app.Clock.HasTimerDueAt(At0900.AddMinutes(7)), "the other timer is scheduled");

        Assert.False(app.Clock.HasTimerDueAt(At0900.AddMinutes(5)));
    }

    [Fact]
    public async Task Timers_do_not_run_when_listeners_are_disabled()
    {
        var timer = new ProbeTimerFunction("* * * * * *");
        using var app = new TestApp(new Dictionary<string, string?> { ["Queues:ListenersEnabled"] = "false" }) { TestServices = timer.AddTo };
        _ = app.Services;
        // The app is up (it answers), and no timer was ever set.
        await (await app.CreateClient().GetAsync("/api/health/live")).ExpectAsync(System.Net.HttpStatusCode.OK);

        Assert.False(app.Clock.HasTimerDue(_ => true));
    }
}
