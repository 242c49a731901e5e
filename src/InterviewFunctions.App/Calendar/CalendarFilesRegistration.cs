namespace InterviewFunctions.App.Calendar;

/// <summary>iCalendar files in and out: the import endpoint and the per-person subscription feeds.</summary>
public static class CalendarFilesRegistration
{
    public static IServiceCollection AddCalendarFiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CalendarFeedOptions>(configuration.GetSection(CalendarFeedOptions.Section));
        services.Configure<CalendarImportOptions>(configuration.GetSection(CalendarImportOptions.Section));
        return services;
    }

    public static IEndpointRouteBuilder MapCalendarFiles(this IEndpointRouteBuilder routes)
    {
        routes.MapCalendarFeeds();
        routes.MapCalendarImport();
        return routes;
    }
}
