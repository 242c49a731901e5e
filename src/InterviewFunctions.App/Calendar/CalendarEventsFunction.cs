using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Calendar.Sync;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Calendar;

/// <summary>
/// Works the calendar queue: applies the events webhooks accepted, confirms held cancellations when their pairing
/// window ends, and does the provider work a delivery only announced (fetching a Graph event, a Google sync). Every
/// outcome goes to the connection's delivery log.
/// </summary>
public sealed partial class CalendarEventsFunction(
    ICalendarStore store,
    CalendarEventApplier applier,
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
            case CalendarQueueMessage.ConfirmCancel when message is { Provider: { } provider, EventId: { } eventId, Marker: { } marker }:
                await RecordAsync(connection, "cancel-confirmed", eventId, await applier.ConfirmCancelAsync(connection.TenantId, provider, eventId, marker, cancellationToken), cancellationToken);
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
        store.AddDeliveryAsync(new CalendarDelivery
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()).ToString("N"),
            TenantId = connection.TenantId,
            ConnectionId = connection.Id,
            Provider = connection.Provider,
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
