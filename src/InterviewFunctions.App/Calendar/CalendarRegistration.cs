using InterviewFunctions.App.Calendar.Providers;
using InterviewFunctions.App.Interviews;
using InterviewFunctions.App.Triggers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InterviewFunctions.App.Calendar;

public static class CalendarRegistration
{
    /// <summary>Calendar sync: the applier, webhook intake, provider clients, the calendar queue function and the renewal timer. The store comes with the document store.</summary>
    public static IServiceCollection AddCalendarSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CalendarOptions>(configuration.GetSection(CalendarOptions.Section));
        services.AddSingleton<CalendarEventApplier>();
        services.AddSingleton<WebhookIntake>();
        // Managed identity in Azure (AZURE_CLIENT_ID picks a user-assigned one), the developer's login locally; asked only when a provider is called.
        services.TryAddSingleton<Azure.Core.TokenCredential>(_ => new Azure.Identity.DefaultAzureCredential());
        services.AddKeyedSingleton(GraphCalendarClient.HttpClientName, (_, _) => ProviderHttpClient());
        services.AddKeyedSingleton(GoogleCalendarClient.HttpClientName, (_, _) => ProviderHttpClient());
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<GraphCalendarClient>(sp, sp.GetRequiredKeyedService<HttpClient>(GraphCalendarClient.HttpClientName)));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<GoogleCalendarClient>(sp, sp.GetRequiredKeyedService<HttpClient>(GoogleCalendarClient.HttpClientName)));
        services.AddSingleton<CalendarSubscriptions>();
        services.AddSingleton<ICalendarProviderWork, GraphWork>();
        services.AddSingleton<ICalendarProviderWork, GoogleWork>();
        services.AddQueueFunction<CalendarEventsFunction>();
        services.AddTimerFunction<CalendarSubscriptionRenewalFunction>();
        if (!Hosting.HostingMode.Detect(configuration).IsCustomHandler)
        {
            services.AddHostedService<CalendarRenewalLoop>();
        }
        return services;
    }

    private static HttpClient ProviderHttpClient() =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };
}
