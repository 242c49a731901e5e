using InterviewFunctions.App.Hosting;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Reminders;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Reminders;

public static class ReminderRegistration
{
    /// <summary>Reminder plans, the finder (a timer function, or standalone a loop that wakes when something is due) and the send function.</summary>
    public static IServiceCollection AddReminders(this IServiceCollection services, IConfiguration configuration)
    {
        // Offsets that do not parse stop the start, naming the setting, rather than the first interview created.
        services.AddOptions<ReminderOptions>().Bind(configuration.GetSection(ReminderOptions.Section))
            .Validate(o => o.ToPolicy() is not null).ValidateOnStart();
        services.AddSingleton(sp => new ReminderPlanner(sp.GetRequiredService<IOptions<ReminderOptions>>().Value.ToPolicy()));
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<InterviewPlanning>();
        services.AddSingleton<ReminderDispatcher>();
        services.AddSingleton<PlannedEmailComposer>();
        services.AddQueueFunction<SendReminderFunction>();
        services.AddTimerFunction<ReminderFinderFunction>();
        var options = configuration.GetSection(ReminderOptions.Section).Get<ReminderOptions>() ?? new ReminderOptions();
        if (!HostingMode.Detect(configuration).IsCustomHandler && options.StandaloneDispatch
            && !FunctionSwitches.IsDisabled(configuration, ReminderFinderFunction.Name))
        {
            services.AddHostedService<ReminderDispatchLoop>();
        }
        return services;
    }
}

/// <summary>What every write of an interview does to its plan: replan it before the write, wake the dispatcher after.</summary>
public sealed class InterviewPlanning(ReminderPlanner planner, DispatchSignal signal)
{
    public Core.Interviews.Interview Replan(Core.Interviews.Interview? before, Core.Interviews.Interview after, DateTimeOffset now) =>
        planner.Replan(before, after, now);

    public void Saved(Core.Interviews.Interview saved) => signal.Notify(saved.NextDispatchAt);
}
