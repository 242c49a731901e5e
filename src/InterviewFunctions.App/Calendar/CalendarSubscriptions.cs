using InterviewFunctions.App.Calendar.Providers;
using InterviewFunctions.App.Hosting;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Calendar.Sync;
using InterviewFunctions.Core.Queues;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Calendar;

/// <summary>
/// The provider side of a connection: a Graph subscription or a Google channel pointing at our webhook, created on
/// request and renewed before it lapses (Graph calendar subscriptions live at most 4,230 minutes; Google channels
/// until the expiration they were given), and stopped when nothing records it any more (its connection was deleted, or
/// another subscription took its place).
/// </summary>
public sealed partial class CalendarSubscriptions(
    ICalendarStore store,
    GraphCalendarClient graph,
    GoogleCalendarClient google,
    IMessageQueues queues,
    IOptions<CalendarOptions> options,
    TimeProvider clock,
    ILogger<CalendarSubscriptions> logger) : IDisposable
{
    /// <summary>
    /// How long a stop asked for at once may take: it runs even when the caller gave up, and a caller (the admin deleting a
    /// connection) waits for it; one that fails or times out is retried from the queue.
    /// </summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The first retry of a failed stop; each later one waits four times longer, up to <see cref="MaxStopRetryDelay"/>.</summary>
    private static readonly TimeSpan FirstStopRetryDelay = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan MaxStopRetryDelay = TimeSpan.FromHours(6);

    /// <summary>
    /// One renewal run or replacement at a time in this process: the timer and a subscribe request must not both replace a
    /// channel, and two copies of one lifecycle notification must not both replace a subscription.
    /// </summary>
    private readonly SemaphoreSlim _renewing = new(1, 1);

    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a subscription is next created or renewed: the standalone renewal loop then looks again.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>When the earliest subscription of any tenant falls into the renewal margin; null when there is none.</summary>
    public async Task<DateTimeOffset?> NextRenewalAtAsync(CancellationToken cancellationToken)
    {
        var all = await store.ListSubscriptionsExpiringAsync(DateTimeOffset.MaxValue, cancellationToken);
        return all.Count == 0 ? null : all.Min(c => c.Subscription!.ExpiresAt) - options.Value.RenewBefore;
    }

    public static bool Supports(CalendarProvider provider) => provider is CalendarProvider.Microsoft365 or CalendarProvider.Google;

    /// <summary>Creates a new subscription or channel and stores it on the connection.</summary>
    /// <exception cref="CalendarProviderException">The provider refused or could not be reached.</exception>
    /// <remarks>
    /// When another writer stored a different subscription on the connection meanwhile, that one is kept and the one just
    /// created is deleted at the provider: the answer is the connection as stored, with a live subscription either way.
    /// </remarks>
    public async Task<CalendarConnection> SubscribeAsync(CalendarConnection connection, CancellationToken cancellationToken)
    {
        var subscription = await CreateAsync(connection, cancellationToken);
        var (stored, _) = await SaveAsync(connection, subscription, cancellationToken);
        return stored ?? throw new CalendarProviderException("The connection was deleted meanwhile.");
    }

    /// <summary>
    /// Replaces a subscription the provider removed, at most once per removed subscription: the connection is read again
    /// and, unless it still carries <paramref name="removedSubscriptionId"/>, left as it is. So a retried or redelivered
    /// notification, or a second copy handled alongside the first, creates nothing more. Within this process copies wait
    /// for each other; across processes the subscription recorded first wins and the other is deleted at the provider.
    /// </summary>
    /// <param name="removedSubscriptionId">The subscription the notification named; null (older queued work) means whichever the connection carries.</param>
    /// <exception cref="CalendarProviderException">The provider refused or could not be reached.</exception>
    public async Task<SubscriptionReplacement> ReplaceRemovedAsync(string tenantId, string connectionId, string? removedSubscriptionId, CancellationToken cancellationToken)
    {
        await _renewing.WaitAsync(cancellationToken);
        try
        {
            if (await store.FindConnectionAsync(tenantId, connectionId, cancellationToken) is not { } connection)
            {
                return new SubscriptionReplacement(null, Created: false);
            }
            if (!Holds(connection, removedSubscriptionId))
            {
                return new SubscriptionReplacement(connection, Created: false);
            }
            var subscription = await CreateAsync(connection, cancellationToken);
            var (stored, recorded) = await SaveAsync(connection, subscription, cancellationToken);
            return new SubscriptionReplacement(stored, recorded);
        }
        finally
        {
            _renewing.Release();
        }
    }

    /// <summary>
    /// Deletes the connection, then stops the Graph subscription or Google channel it carried, so that the provider neither
    /// notifies for a connection that no longer exists nor counts the subscription against its quota. The record goes
    /// first and whatever happens at the provider, the connection is gone: a stop the provider refuses or does not answer
    /// is retried from the calendar queue (<see cref="RetryStopAsync"/>) until it succeeds or the subscription lapses.
    /// </summary>
    /// <returns>The connection as it was deleted; null when there was none.</returns>
    public async Task<CalendarConnection?> DeleteConnectionAsync(string tenantId, string connectionId, CancellationToken cancellationToken)
    {
        if (await store.DeleteConnectionAsync(tenantId, connectionId, cancellationToken) is not { } deleted)
        {
            return null;
        }
        if (deleted.Subscription is { } subscription && Supports(deleted.Provider))
        {
            SignalChanged();
            await StopUnrecordedAsync(deleted.TenantId, deleted.Id, deleted.Provider, subscription);
        }
        return deleted;
    }

    /// <summary>
    /// Works a queued stop: asks the provider again, and when it fails once more queues the next try later, until the
    /// subscription lapses by itself. Nothing is stopped that a connection records again. A failure to queue the next try
    /// propagates, so the queue delivers this one again.
    /// </summary>
    public async Task RetryStopAsync(string tenantId, string connectionId, CalendarProvider provider, CalendarSubscription subscription, int attempt, CancellationToken cancellationToken)
    {
        if (await store.FindConnectionAsync(tenantId, connectionId, cancellationToken) is { } connection && Holds(connection, subscription.Id))
        {
            Log.StopNotNeeded(logger, connectionId, subscription.Id);
            return;
        }
        if (clock.GetUtcNow() >= subscription.ExpiresAt)
        {
            Log.StopLapsed(logger, connectionId, subscription.Id);
            return;
        }
        try
        {
            await StopAtProviderAsync(provider, subscription, cancellationToken);
            Log.Stopped(logger, connectionId, subscription.Id, attempt);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await QueueStopAsync(tenantId, connectionId, provider, subscription, attempt + 1, e.Message, cancellationToken);
        }
    }

    /// <summary>Whether the connection still carries the subscription a notification named (or any, when it named none).</summary>
    public static bool Holds(CalendarConnection connection, string? subscriptionId) =>
        connection.Subscription is { } current && (subscriptionId is null || string.Equals(current.Id, subscriptionId, StringComparison.Ordinal));

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
            var (stored, _) = await SaveAsync(connection, renewed, cancellationToken);
            return stored ?? throw new CalendarProviderException("The connection was deleted meanwhile.");
        }
        var replaced = await SubscribeAsync(connection, cancellationToken);
        await StopUnrecordedAsync(connection.TenantId, connection.Id, connection.Provider, current);
        return replaced;
    }

    /// <summary>Renews every subscription of every tenant that lapses within <see cref="CalendarOptions.RenewBefore"/>.</summary>
    public async Task<int> RenewExpiringAsync(CancellationToken cancellationToken)
    {
        await _renewing.WaitAsync(cancellationToken);
        try
        {
            var horizon = clock.GetUtcNow() + options.Value.RenewBefore;
            var renewed = 0;
            foreach (var listed in await store.ListSubscriptionsExpiringAsync(horizon, cancellationToken))
            {
                // Read again at its turn: a run waits on the provider for each connection before it, and meanwhile one may be
                // deleted (its subscription stopped with it, which a renewal would revive) or renewed by a subscribe request.
                if (await store.FindConnectionAsync(listed.TenantId, listed.Id, cancellationToken) is not { Subscription: { } subscription } connection
                    || subscription.ExpiresAt > horizon)
                {
                    continue;
                }
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
        finally
        {
            _renewing.Release();
        }
    }

    public void Dispose() => _renewing.Dispose();

    private async Task<CalendarSubscription> CreateAsync(CalendarConnection connection, CancellationToken cancellationToken)
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
        return subscription;
    }

    /// <summary>
    /// Records a subscription just created or renewed on the connection, as read before the provider was asked. A write
    /// lost to another writer is tried again on the fresh record only while that still carries the subscription that was
    /// read: when another writer stored a different one (or deleted the connection), theirs stands. A subscription that
    /// ends up recorded nowhere is deleted at the provider, so that nothing notifies for it and nothing has to renew it.
    /// </summary>
    /// <returns>The connection as stored (null when it was deleted) and whether it now carries <paramref name="subscription"/>.</returns>
    private async Task<(CalendarConnection? Stored, bool Recorded)> SaveAsync(CalendarConnection connection, CalendarSubscription subscription, CancellationToken cancellationToken)
    {
        var readSubscriptionId = connection.Subscription?.Id;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var saved = await store.ReplaceConnectionAsync(connection with { Subscription = subscription, UpdatedAt = clock.GetUtcNow() }, cancellationToken);
                    SignalChanged();
                    return (saved, true);
                }
                catch (StaleCalendarRecordException) when (attempt < 3)
                {
                    var fresh = await store.FindConnectionAsync(connection.TenantId, connection.Id, cancellationToken);
                    if (fresh?.Subscription?.Id == subscription.Id)
                    {
                        return (fresh, true);
                    }
                    if (fresh is null || fresh.Subscription?.Id != readSubscriptionId)
                    {
                        Log.Superseded(logger, connection.Id, subscription.Id);
                        await StopUnrecordedAsync(connection.TenantId, connection.Id, connection.Provider, subscription);
                        return (fresh, false);
                    }
                    connection = fresh;
                }
            }
        }
        catch
        {
            // Stale three times, or the store failed: the caller fails and is retried, and a retry must not find a live subscription that nothing records.
            await StopUnrecordedAsync(connection.TenantId, connection.Id, connection.Provider, subscription);
            throw;
        }
    }

    private void SignalChanged() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>
    /// Stops at the provider a subscription that nothing records any more, at once; when the provider refuses or does not
    /// answer, the stop is queued and retried (<see cref="RetryStopAsync"/>). Never throws: a stop that cannot even be
    /// queued is logged, and the subscription lapses at its expiry, its notifications ignored as no connection's.
    /// </summary>
    private async Task StopUnrecordedAsync(string tenantId, string connectionId, CalendarProvider provider, CalendarSubscription subscription)
    {
        // Not the caller's token: a caller that gave up must not leave behind the subscription it made unrecorded.
        using var timeout = new CancellationTokenSource(StopTimeout, clock);
        try
        {
            await StopAtProviderAsync(provider, subscription, timeout.Token);
            Log.Stopped(logger, connectionId, subscription.Id, 1);
            return;
        }
        catch (Exception e)
        {
            try
            {
                await QueueStopAsync(tenantId, connectionId, provider, subscription, 2, e.Message, CancellationToken.None);
            }
            catch (Exception queueFailure)
            {
                Log.StopAbandoned(logger, connectionId, subscription.Id, subscription.ExpiresAt, queueFailure.Message);
            }
        }
    }

    /// <summary>Graph: DELETE the subscription; Google: stop the channel. Either counts one the provider no longer knows as stopped.</summary>
    private async Task StopAtProviderAsync(CalendarProvider provider, CalendarSubscription subscription, CancellationToken cancellationToken)
    {
        switch (provider)
        {
            case CalendarProvider.Microsoft365:
                await graph.DeleteSubscriptionAsync(subscription.Id, cancellationToken);
                break;
            case CalendarProvider.Google:
                await google.StopAsync(subscription, cancellationToken);
                break;
        }
    }

    /// <summary>Puts the stop's next try on the calendar queue, delayed by how many came before; none once the subscription lapses first.</summary>
    private async Task QueueStopAsync(
        string tenantId, string connectionId, CalendarProvider provider, CalendarSubscription subscription, int attempt, string reason, CancellationToken cancellationToken)
    {
        var delay = StopRetryDelay(attempt);
        if (clock.GetUtcNow() + delay >= subscription.ExpiresAt)
        {
            Log.StopFailedUntilExpiry(logger, connectionId, subscription.Id, subscription.ExpiresAt, reason);
            return;
        }
        var message = new CalendarQueueMessage
        {
            Kind = CalendarQueueMessage.StopSubscription,
            TenantId = tenantId,
            ConnectionId = connectionId,
            Provider = provider,
            Subscription = subscription,
            Attempt = attempt,
        };
        await queues.SendAsync(options.Value.QueueName, message.ToJson(), delay, null, cancellationToken);
        Log.StopQueued(logger, connectionId, subscription.Id, attempt, delay, reason);
    }

    /// <summary>How long the given try of a stop (the second is the first retry) waits: 1 minute, then four times longer each time, at most 6 hours.</summary>
    public static TimeSpan StopRetryDelay(int attempt)
    {
        var delay = FirstStopRetryDelay;
        for (var i = 2; i < attempt && delay < MaxStopRetryDelay; i++)
        {
            delay *= 4;
        }
        return delay < MaxStopRetryDelay ? delay : MaxStopRetryDelay;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Calendar connection {ConnectionId} subscribed as {SubscriptionId} until {ExpiresAt}")]
        public static partial void Subscribed(ILogger logger, string connectionId, string subscriptionId, DateTimeOffset expiresAt);

        [LoggerMessage(Level = LogLevel.Information, Message = "Calendar connection {ConnectionId} renewed {SubscriptionId} until {ExpiresAt}")]
        public static partial void Renewed(ILogger logger, string connectionId, string subscriptionId, DateTimeOffset expiresAt);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Calendar connection {ConnectionId} could not be renewed: {Reason}")]
        public static partial void RenewalFailed(ILogger logger, string connectionId, string reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "Calendar connection {ConnectionId} was given another subscription meanwhile; {SubscriptionId} is not recorded")]
        public static partial void Superseded(ILogger logger, string connectionId, string subscriptionId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Calendar connection {ConnectionId}: subscription {SubscriptionId}, recorded nowhere, stopped at the provider (try {Attempt})")]
        public static partial void Stopped(ILogger logger, string connectionId, string subscriptionId, int attempt);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Calendar connection {ConnectionId}: subscription {SubscriptionId}, recorded nowhere, could not be stopped ({Reason}); try {Attempt} is queued in {RetryIn}")]
        public static partial void StopQueued(ILogger logger, string connectionId, string subscriptionId, int attempt, TimeSpan retryIn, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Calendar connection {ConnectionId}: subscription {SubscriptionId}, recorded nowhere, could not be stopped ({Reason}) and lapses at {ExpiresAt} before another try")]
        public static partial void StopFailedUntilExpiry(ILogger logger, string connectionId, string subscriptionId, DateTimeOffset expiresAt, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Calendar connection {ConnectionId}: subscription {SubscriptionId}, recorded nowhere, could not be stopped nor its retry queued ({Reason}); it lapses at {ExpiresAt}")]
        public static partial void StopAbandoned(ILogger logger, string connectionId, string subscriptionId, DateTimeOffset expiresAt, string reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "Calendar connection {ConnectionId}: subscription {SubscriptionId} lapsed before its queued stop; nothing to stop")]
        public static partial void StopLapsed(ILogger logger, string connectionId, string subscriptionId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Calendar connection {ConnectionId} records subscription {SubscriptionId} again; its queued stop is dropped")]
        public static partial void StopNotNeeded(ILogger logger, string connectionId, string subscriptionId);
    }
}

/// <summary>What replacing a removed subscription came to.</summary>
/// <param name="Connection">The connection as stored now; null when it was deleted meanwhile.</param>
/// <param name="Created">Whether this call created the subscription it carries (false: it was replaced already, or has none to replace).</param>
public sealed record SubscriptionReplacement(CalendarConnection? Connection, bool Created);

/// <summary>
/// Renews Graph subscriptions and Google channels before they lapse. Under the Functions host it runs every 30
/// minutes; standalone, <see cref="CalendarRenewalLoop"/> runs it when the earliest subscription enters its margin.
/// </summary>
public sealed class CalendarSubscriptionRenewalFunction(CalendarSubscriptions subscriptions) : ITimerFunction
{
    public const string Name = "CalendarSubscriptionRenewal";

    public string FunctionName => Name;

    /// <summary>Every 30 minutes: far more often than the renewal margin (12 h by default), so a failed run is retried in time.</summary>
    public string Schedule => "0 */30 * * * *";

    public bool SchedulesItselfStandalone => true;

    public Task RunAsync(TimerTrigger trigger, CancellationToken cancellationToken) => subscriptions.RenewExpiringAsync(cancellationToken);
}

/// <summary>
/// Standalone, renewal sleeps until the earliest subscription enters its renewal margin (or one is created or
/// renewed meanwhile); with no subscription it does not poll at all.
/// </summary>
public sealed partial class CalendarRenewalLoop(CalendarSubscriptions subscriptions, TimeProvider clock, ILogger<CalendarRenewalLoop> logger) : BackgroundService
{
    /// <summary>The pause after a run that left something due (a provider refused): retried, but not in a spin.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var changed = subscriptions.Changed;
                var ranAt = clock.GetUtcNow();
                await subscriptions.RenewExpiringAsync(stoppingToken);
                if (await subscriptions.NextRenewalAtAsync(stoppingToken) is not { } next)
                {
                    await changed.WaitAsync(stoppingToken);
                    continue;
                }
                using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                // Due before the run began yet still due: the provider refused. Due only since (the clock moved on
                // while the run worked): renewed at once.
                var elapsed = next > ranAt ? clock.DelayUntilAsync(next, stopWaiting.Token) : Task.Delay(RetryAfter, clock, stopWaiting.Token);
                await Task.WhenAny(changed, elapsed);
                await stopWaiting.CancelAsync();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.Failed(logger, e);
                await Task.Delay(RetryAfter, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "The calendar subscription renewal loop failed; retrying shortly")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
