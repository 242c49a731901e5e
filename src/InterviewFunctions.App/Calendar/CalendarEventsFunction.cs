using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Calendar.Sync;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Calendar;

/// <summary>
/// Works the calendar queue: applies the events webhooks accepted, confirms held cancellations when their pairing
/// window ends, does the provider work a delivery only announced (fetching a Graph event, a Google sync), and retries
/// stopping subscriptions that nothing records any more. Every outcome of a connection's work goes to its delivery log.
/// </summary>
public sealed partial class CalendarEventsFunction(
    ICalendarStore store,
    CalendarEventApplier applier,
    CalendarSubscriptions subscriptions,
    IEnumerable<ICalendarProviderWork> providerWork,
    IOptions<CalendarOptions> options,
    TimeProvider clock,
    ILogger<CalendarEventsFunction> logger) : IQueueFunction
{
    public const string Name = "CalendarEvents";

    public string FunctionName => Name;

    public string QueueName => options.Value.QueueName;

    public async Task HandleAsync(QueueTrigger trigger, CancellationToken cancellationToken)
    {
        if (CalendarQueueMessage.TryParse(trigger.Text) is not { } message)
        {
            Log.Unreadable(logger, trigger.MessageId);
            return;
        }
        if (message is { Kind: CalendarQueueMessage.StopSubscription, Provider: { } stopProvider, Subscription: { } stale })
        {
            // Its connection is usually deleted, and with it the delivery log: the outcome goes to the application log.
            await subscriptions.RetryStopAsync(message.TenantId, message.ConnectionId, stopProvider, stale, message.Attempt ?? 2, cancellationToken);
            return;
        }
        if (message is { Kind: CalendarQueueMessage.ConfirmCancel, Provider: { } heldProvider, EventId: { } heldEventId, Marker: { } heldMarker })
        {
            // Needs no stored connection: an import's connection may exist only for the import, or be deleted since.
            var confirmed = await applier.ConfirmCancelAsync(message.TenantId, heldProvider, heldEventId, heldMarker, cancellationToken);
            await RecordAsync(message.TenantId, message.ConnectionId, heldProvider, "cancel-confirmed", heldEventId, confirmed, cancellationToken);
            return;
        }
        if (await store.FindConnectionAsync(message.TenantId, message.ConnectionId, cancellationToken) is not { } connection)
        {
            Log.NoConnection(logger, message.ConnectionId);
            return;
        }
        switch (message.Kind)
        {
            case CalendarQueueMessage.ApplyEvent when message.Event is { } calendarEvent:
                await RecordAsync(connection, "applied", message.Event.EventId, await applier.ApplyAsync(connection, calendarEvent, cancellationToken), cancellationToken);
                break;
            default:
                var work = providerWork.FirstOrDefault(w => w.CanRun(message.Kind));
                if (work is null)
                {
                    Log.Unreadable(logger, trigger.MessageId);
                    return;
                }
                foreach (var (eventId, result) in await work.RunAsync(connection, message, cancellationToken))
                {
                    await RecordAsync(connection, message.Kind, eventId, result, cancellationToken);
                }
                break;
        }
    }

    private Task RecordAsync(CalendarConnection connection, string kind, string? eventId, CalendarApplyResult result, CancellationToken cancellationToken) =>
        RecordAsync(connection.TenantId, connection.Id, connection.Provider, kind, eventId, result, cancellationToken);

    private Task RecordAsync(string tenantId, string connectionId, CalendarProvider provider, string kind, string? eventId, CalendarApplyResult result, CancellationToken cancellationToken) =>
        store.AddDeliveryAsync(new CalendarDelivery
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()).ToString("N"),
            TenantId = tenantId,
            ConnectionId = connectionId,
            Provider = provider,
            Kind = kind,
            Outcome = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(result.Outcome.ToString()),
            EventId = eventId,
            InterviewId = result.InterviewId,
            Detail = result.Detail,
            ReceivedAt = clock.GetUtcNow(),
        }, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Calendar queue message {MessageId} is not one this function reads; dropped")]
        public static partial void Unreadable(ILogger logger, string messageId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Calendar connection {ConnectionId} no longer exists; its queued work is dropped")]
        public static partial void NoConnection(ILogger logger, string connectionId);
    }
}

/// <summary>Provider work a queue message asks for (fetch the changed Graph event, run a Google incremental sync), ending in applied events.</summary>
public interface ICalendarProviderWork
{
    bool CanRun(string kind);

    Task<IReadOnlyList<(string? EventId, CalendarApplyResult Result)>> RunAsync(CalendarConnection connection, CalendarQueueMessage message, CancellationToken cancellationToken);
}
