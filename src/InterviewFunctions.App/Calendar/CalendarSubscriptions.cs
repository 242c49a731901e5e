using InterviewFunctions.App.Calendar.Providers;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Calendar.Sync;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Calendar;

/// <summary>
/// The provider side of a connection: a Graph subscription or a Google channel pointing at our webhook, created on
/// request and renewed before it lapses (Graph calendar subscriptions live at most 4,230 minutes; Google channels
/// until the expiration they were given).
/// </summary>
public sealed partial class CalendarSubscriptions(
    ICalendarStore store,
    GraphCalendarClient graph,
    GoogleCalendarClient google,
    IOptions<CalendarOptions> options,
    TimeProvider clock,
    ILogger<CalendarSubscriptions> logger)
{
    public static bool Supports(CalendarProvider provider) => provider is CalendarProvider.Microsoft365 or CalendarProvider.Google;

    /// <summary>Creates a new subscription or channel and stores it on the connection.</summary>
    /// <exception cref="CalendarProviderException">The provider refused or could not be reached.</exception>
    public async Task<CalendarConnection> SubscribeAsync(CalendarConnection connection, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var url = CalendarConnectionsApi.WebhookUrl(connection, options.Value);
        var subscription = connection.Provider switch
        {
            CalendarProvider.Microsoft365 => await graph.CreateSubscriptionAsync(connection, url, now + options.Value.GraphSubscriptionLifetime, now, cancellationToken),
            CalendarProvider.Google => await google.WatchAsync(connection, url, now + options.Value.GoogleChannelLifetime, now, cancellationToken),
            _ => throw new CalendarProviderException($"{connection.Provider} connections are not subscribed to; the provider is set up to call the webhook."),
        };
        Log.Subscribed(logger, connection.Id, subscription.Id, subscription.ExpiresAt);
        return await SaveAsync(connection, subscription, cancellationToken);
    }

    /// <summary>Extends the subscription (Graph) or replaces the channel (Google, whose channels cannot be extended).</summary>
    public async Task<CalendarConnection> RenewAsync(CalendarConnection connection, CancellationToken cancellationToken)
    {
        if (connection.Subscription is not { } current)
        {
            return await SubscribeAsync(connection, cancellationToken);
        }
        var now = clock.GetUtcNow();
        if (connection.Provider is CalendarProvider.Microsoft365)
        {
            var renewed = await graph.RenewSubscriptionAsync(current, now + options.Value.GraphSubscriptionLifetime, now, cancellationToken);
            if (renewed is null)
            {
                return await SubscribeAsync(connection, cancellationToken);
            }
            Log.Renewed(logger, connection.Id, renewed.Id, renewed.ExpiresAt);
            return await SaveAsync(connection, renewed, cancellationToken);
        }
        var replaced = await SubscribeAsync(connection, cancellationToken);
        await google.StopAsync(current, connection.Secret, cancellationToken);
        return replaced;
    }

    /// <summary>Renews every subscription of every tenant that lapses within <see cref="CalendarOptions.RenewBefore"/>.</summary>
    public async Task<int> RenewExpiringAsync(CancellationToken cancellationToken)
    {
        var due = await store.ListSubscriptionsExpiringAsync(clock.GetUtcNow() + options.Value.RenewBefore, cancellationToken);
        var renewed = 0;
        foreach (var connection in due)
        {
            try
            {
                await RenewAsync(connection, cancellationToken);
                renewed++;
            }
            catch (CalendarProviderException e)
            {
                // One refusing provider must not keep the others from renewing; the next run tries it again.
                Log.RenewalFailed(logger, connection.Id, e.Message);
            }
        }
        return renewed;
    }

    private async Task<CalendarConnection> SaveAsync(CalendarConnection connection, CalendarSubscription subscription, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await store.ReplaceConnectionAsync(connection with { Subscription = subscription, UpdatedAt = clock.GetUtcNow() }, cancellationToken);
            }
            catch (StaleCalendarRecordException) when (attempt < 3)
            {
                connection = await store.FindConnectionAsync(connection.TenantId, connection.Id, cancellationToken) ?? throw new CalendarProviderException("The connection was deleted meanwhile.");
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Calendar connection {ConnectionId} subscribed as {SubscriptionId} until {ExpiresAt}")]
        public static partial void Subscribed(ILogger logger, string connectionId, string subscriptionId, DateTimeOffset expiresAt);

        [LoggerMessage(Level = LogLevel.Information, Message = "Calendar connection {ConnectionId} renewed {SubscriptionId} until {ExpiresAt}")]
        public static partial void Renewed(ILogger logger, string connectionId, string subscriptionId, DateTimeOffset expiresAt);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Calendar connection {ConnectionId} could not be renewed: {Reason}")]
        public static partial void RenewalFailed(ILogger logger, string connectionId, string reason);
    }
}

/// <summary>Renews Graph subscriptions and Google channels before they lapse.</summary>
public sealed class CalendarSubscriptionRenewalFunction(CalendarSubscriptions subscriptions) : ITimerFunction
{
    public const string Name = "CalendarSubscriptionRenewal";

    public string FunctionName => Name;

    /// <summary>Every 30 minutes: far more often than the renewal margin (12 h by default), so a failed run is retried in time.</summary>
    public string Schedule => "0 */30 * * * *";

    public Task RunAsync(TimerTrigger trigger, CancellationToken cancellationToken) => subscriptions.RenewExpiringAsync(cancellationToken);
}
