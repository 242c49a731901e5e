using InterviewFunctions.App.Interviews;
using InterviewFunctions.App.Triggers;

namespace InterviewFunctions.App.Calendar;

public static class CalendarRegistration
{
    /// <summary>Calendar sync: the applier, the calendar queue function. The store comes with the document store.</summary>
    public static IServiceCollection AddCalendarSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CalendarOptions>(configuration.GetSection(CalendarOptions.Section));
        services.AddSingleton<InterviewCommands>();
        services.AddSingleton<CalendarEventApplier>();
        services.AddSingleton<WebhookIntake>();
        services.AddQueueFunction<CalendarEventsFunction>();
        return services;
    }
}
