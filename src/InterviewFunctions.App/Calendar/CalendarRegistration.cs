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
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<GoogleWorkloadIdentityCredential>(sp, sp.GetRequiredKeyedService<HttpClient>(GoogleCalendarClient.HttpClientName)));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<GoogleCalendarClient>(sp, sp.GetRequiredKeyedService<HttpClient>(GoogleCalendarClient.HttpClientName), GoogleCredential(sp)));
        services.AddSingleton<CalendarSubscriptions>();
        services.AddSingleton<ICalendarProviderWork, GraphWork>();
        services.AddSingleton<ICalendarProviderWork, GoogleWork>();
        services.AddQueueFunction<CalendarEventsFunction>();
        services.AddTimerFunction<CalendarSubscriptionRenewalFunction>();
        if (!Hosting.HostingMode.Detect(configuration).IsCustomHandler
            && !FunctionSwitches.IsDisabled(configuration, CalendarSubscriptionRenewalFunction.Name))
        {
            services.AddHostedService<CalendarRenewalLoop>();
        }
        return services;
    }

    /// <summary>
    /// In Azure, Google tokens come by workload identity federation (a managed identity cannot mint them). Without a pool
    /// provider configured, from the registered TokenCredential as it is: what tests and local setups that bring their own
    /// Google credential register (DefaultAzureCredential cannot mint Google tokens either).
    /// </summary>
    private static Azure.Core.TokenCredential GoogleCredential(IServiceProvider services) =>
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CalendarOptions>>().Value.UsesGoogleWorkloadIdentity
            ? services.GetRequiredService<GoogleWorkloadIdentityCredential>()
            : services.GetRequiredService<Azure.Core.TokenCredential>();

    private static HttpClient ProviderHttpClient() =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };
}
