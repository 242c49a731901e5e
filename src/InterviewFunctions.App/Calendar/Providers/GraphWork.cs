using System.Text.Json.Nodes;
using InterviewFunctions.Core.Calendar.Sync;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Calendar.Providers;

/// <summary>
/// What a Graph notification asks for, done from the queue: fetch the changed event and apply it; keep the subscription
/// alive; and when Graph says notifications were missed, re-read the calendar with a delta query and apply every change.
/// </summary>
public sealed class GraphWork(
    GraphCalendarClient graph,
    CalendarEventApplier applier,
    CalendarSubscriptions subscriptions,
    ICalendarStore store,
    IOptions<CalendarOptions> options,
    TimeProvider clock) : ICalendarProviderWork
{
    /// <summary>A runaway guard: 50 events a page, so a round this long would be 100,000 events.</summary>
    private const int MaxPages = 2000;

    /// <summary>How far back a new delta round reads: an interview that began a moment ago may still be moved or cancelled.</summary>
    private static readonly TimeSpan LookBack = TimeSpan.FromDays(1);

    public bool CanRun(string kind) => kind is CalendarQueueMessage.FetchGraphEvent or CalendarQueueMessage.GraphLifecycle;

    public async Task<IReadOnlyList<(string? EventId, CalendarApplyResult Result)>> RunAsync(CalendarConnection connection, CalendarQueueMessage message, CancellationToken cancellationToken)
    {
        if (message.Kind is CalendarQueueMessage.GraphLifecycle)
        {
            return await LifecycleAsync(connection, message.ChangeType, message.SubscriptionId, cancellationToken);
        }
        var resource = message.Resource ?? throw new CalendarProviderException("The notification named no resource.");
        var eventId = resource.TrimEnd('/').Split('/')[^1];
        return [await FetchAndApplyAsync(connection, resource, eventId, message.ChangeType == "deleted", cancellationToken)];
    }

    /// <summary>
    /// Re-reads the user's calendar view with a delta query: from the stored delta link when there is one (only what
    /// changed since), else the whole window. Every change goes through the same path as a notified one, so a resync
    /// repeated or overlapping a notification changes nothing twice. The delta link is stored once the round is read.
    /// </summary>
    public async Task<IReadOnlyList<(string? EventId, CalendarApplyResult Result)>> ResyncAsync(CalendarConnection connection, CancellationToken cancellationToken)
    {
        var userId = connection.GraphUserId ?? throw new CalendarProviderException("The connection names no Graph user.");
        var results = new List<(string?, CalendarApplyResult)>();
        var now = clock.GetUtcNow();
        var lookAhead = options.Value.GraphResyncLookAhead;
        var (windowStart, windowEnd) = (now - LookBack, now + lookAhead);
        string url;
        var restarted = false;
        if (connection.GraphDelta is { } cursor && cursor.WindowEnd - now >= lookAhead / 2)
        {
            (url, windowStart, windowEnd) = (cursor.DeltaLink, cursor.WindowStart, cursor.WindowEnd);
        }
        else
        {
            url = graph.CalendarViewDeltaUrl(userId, windowStart, windowEnd);
            restarted = true;
        }
        var (changes, pages) = (0, 0);
        for (; pages < MaxPages; pages++)
        {
            var page = await graph.GetDeltaPageAsync(url, cancellationToken);
            if (page.RoundGone)
            {
                if (restarted)
                {
                    throw new CalendarProviderException("Graph refused a new delta round as unknown.");
                }
                // The stored round expired or was dropped: start a new one over a fresh window; applied changes stay idempotent.
                results.Add((null, new CalendarApplyResult(CalendarApplyOutcome.Unchanged, null, "Graph no longer knows the delta round (410): full resync.")));
                (windowStart, windowEnd) = (now - LookBack, now + lookAhead);
                url = graph.CalendarViewDeltaUrl(userId, windowStart, windowEnd);
                restarted = true;
                continue;
            }
            foreach (var item in page.Items)
            {
                var eventId = (string?)item["id"] ?? throw new CalendarProviderException("A Graph delta item has no id.");
                results.Add(GraphDeltaPage.IsRemoval(item)
                    // Removed from the view: deleted, or moved out of the window. Only the event itself can say which.
                    ? await FetchAndApplyAsync(connection, $"users/{Uri.EscapeDataString(userId)}/events/{Uri.EscapeDataString(eventId)}", eventId, deleted: false, cancellationToken)
                    : (eventId, await applier.ApplyAsync(connection, GraphCalendarClient.ToCalendarEvent(item, connection.GraphUserId), cancellationToken)));
                changes++;
            }
            if (page.NextLink is { } next)
            {
                url = next;
                continue;
            }
            if (page.DeltaLink is not { } deltaLink)
            {
                throw new CalendarProviderException("A Graph delta page had neither a next link nor a delta link.");
            }
            await SyncPositions.SaveAsync(store, connection, c => c with { GraphDelta = new GraphDeltaCursor(deltaLink, windowStart, windowEnd) }, clock, cancellationToken);
            break;
        }
        if (pages == MaxPages)
        {
            throw new CalendarProviderException($"The Graph delta round did not end within {MaxPages} pages.");
        }
        results.Add((null, new CalendarApplyResult(CalendarApplyOutcome.Unchanged, null,
            $"Delta resync ({(restarted ? "full" : "incremental")}): {changes} changes in {pages + 1} pages; delta link stored.")));
        return results;
    }

    private async Task<(string? EventId, CalendarApplyResult Result)> FetchAndApplyAsync(CalendarConnection connection, string resource, string eventId, bool deleted, CancellationToken cancellationToken)
    {
        var fetched = deleted ? null : await graph.GetEventAsync(resource, cancellationToken);
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
        return (calendarEvent.EventId, await applier.ApplyAsync(connection, calendarEvent, cancellationToken));
    }

    /// <summary>
    /// Each lifecycle event is about the subscription it names, and handling it again (a queue retry, a second delivery)
    /// changes nothing more: a reauthorization renews only a subscription the connection still carries, and a removed
    /// subscription is replaced only while the connection still carries it, so a retry goes straight on to the resync.
    /// </summary>
    private async Task<IReadOnlyList<(string? EventId, CalendarApplyResult Result)>> LifecycleAsync(
        CalendarConnection connection, string? lifecycleEvent, string? subscriptionId, CancellationToken cancellationToken)
    {
        switch (lifecycleEvent)
        {
            case "reauthorizationRequired":
                if (!CalendarSubscriptions.Holds(connection, subscriptionId))
                {
                    return [(null, new CalendarApplyResult(CalendarApplyOutcome.Ignored, null, $"Subscription {subscriptionId} is no longer the connection's: nothing to reauthorize."))];
                }
                var renewed = await subscriptions.RenewAsync(connection, cancellationToken);
                return [(null, new CalendarApplyResult(CalendarApplyOutcome.Unchanged, null, $"Subscription {renewed.Subscription?.Id} reauthorized until {renewed.Subscription?.ExpiresAt:O}."))];
            case "subscriptionRemoved":
                // Subscribe first so that changes made during the resync are notified; then catch up on those made while none was.
                var replacement = await subscriptions.ReplaceRemovedAsync(connection.TenantId, connection.Id, subscriptionId, cancellationToken);
                if (replacement.Connection is not { } replaced)
                {
                    // Deleted meanwhile, with its delivery log: there is nothing left to record the outcome on.
                    return [];
                }
                var detail = replacement.Created
                    ? $"Subscription {subscriptionId} removed by Graph; replaced by {replaced.Subscription?.Id}."
                    : $"Subscription {subscriptionId} removed by Graph; the connection carries {replaced.Subscription?.Id ?? "none"} already, so none was created.";
                return [(null, new CalendarApplyResult(CalendarApplyOutcome.Unchanged, null, detail)),
                    .. await ResyncAsync(replaced, cancellationToken)];
            case "missed":
                // Graph dropped notifications it could not deliver: which events changed is unknown, so read what changed since the last round.
                return await ResyncAsync(connection, cancellationToken);
            default:
                return [(null, new CalendarApplyResult(CalendarApplyOutcome.Ignored, null, $"Unknown lifecycle event '{lifecycleEvent}'."))];
        }
    }
}
