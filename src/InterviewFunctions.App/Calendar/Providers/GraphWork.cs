using InterviewFunctions.Core.Calendar.Sync;

namespace InterviewFunctions.App.Calendar.Providers;

/// <summary>What a Graph notification asks for, done from the queue: fetch the changed event and apply it; keep the subscription alive.</summary>
public sealed class GraphWork(GraphCalendarClient graph, CalendarEventApplier applier, CalendarSubscriptions subscriptions, TimeProvider clock) : ICalendarProviderWork
{
    public bool CanRun(string kind) => kind is CalendarQueueMessage.FetchGraphEvent or CalendarQueueMessage.GraphLifecycle;

    public async Task<IReadOnlyList<(string? EventId, CalendarApplyResult Result)>> RunAsync(CalendarConnection connection, CalendarQueueMessage message, CancellationToken cancellationToken)
    {
        if (message.Kind is CalendarQueueMessage.GraphLifecycle)
        {
            return [(null, await LifecycleAsync(connection, message.ChangeType, cancellationToken))];
        }
        var resource = message.Resource ?? throw new CalendarProviderException("The notification named no resource.");
        var eventId = resource.TrimEnd('/').Split('/')[^1];
        var fetched = message.ChangeType == "deleted" ? null : await graph.GetEventAsync(resource, cancellationToken);
        var calendarEvent = fetched is null
            // Deleted: nothing left to read. The cancellation is ordered by when we learnt of it.
            ? new CalendarEvent
            {
                Provider = CalendarProvider.Microsoft365,
                EventId = eventId,
                Marker = new CalendarChangeMarker(0, clock.GetUtcNow()),
                Start = clock.GetUtcNow(),
                End = clock.GetUtcNow(),
                Cancelled = true,
                CalendarId = connection.GraphUserId,
            }
            : GraphCalendarClient.ToCalendarEvent(fetched, connection.GraphUserId);
        return [(calendarEvent.EventId, await applier.ApplyAsync(connection, calendarEvent, cancellationToken))];
    }

    private async Task<CalendarApplyResult> LifecycleAsync(CalendarConnection connection, string? lifecycleEvent, CancellationToken cancellationToken)
    {
        switch (lifecycleEvent)
        {
            case "reauthorizationRequired":
                var renewed = await subscriptions.RenewAsync(connection, cancellationToken);
                return new CalendarApplyResult(CalendarApplyOutcome.Unchanged, null, $"Subscription reauthorized until {renewed.Subscription?.ExpiresAt:O}.");
            case "subscriptionRemoved":
                var created = await subscriptions.SubscribeAsync(connection with { Subscription = null }, cancellationToken);
                return new CalendarApplyResult(CalendarApplyOutcome.Unchanged, null, $"Subscription removed by Graph; replaced by {created.Subscription?.Id}.");
            case "missed":
                return new CalendarApplyResult(CalendarApplyOutcome.Unchanged, null, "Graph missed notifications: changes made meanwhile arrive with the events' next change.");
            default:
                return new CalendarApplyResult(CalendarApplyOutcome.Ignored, null, $"Unknown lifecycle event '{lifecycleEvent}'.");
        }
    }
}
