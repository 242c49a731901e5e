using System.Text.Json;
using InterviewFunctions.App.Storage;
using InterviewFunctions.Core.Calendar.Sync;

namespace InterviewFunctions.App.Calendar;

/// <summary>
/// A message on the calendar queue: an event to apply, a held cancellation to confirm, provider work to do (fetch a
/// Graph event, sync a Google calendar), or a subscription to stop that nothing records any more. Every kind is safe to
/// handle twice.
/// </summary>
public sealed record CalendarQueueMessage
{
    public const string ApplyEvent = "apply";
    public const string ConfirmCancel = "confirm-cancel";
    public const string FetchGraphEvent = "graph-fetch";
    public const string GraphLifecycle = "graph-lifecycle";
    public const string SyncGoogle = "google-sync";
    public const string StopSubscription = "subscription-stop";

    public required string Kind { get; init; }
    public required string TenantId { get; init; }
    public required string ConnectionId { get; init; }

    /// <summary>The delivery log entry this work belongs to.</summary>
    public string? DeliveryId { get; init; }

    public CalendarEvent? Event { get; init; }

    public CalendarProvider? Provider { get; init; }
    public string? EventId { get; init; }
    public CalendarChangeMarker? Marker { get; init; }

    /// <summary>Graph: the notification's resource path or lifecycle event; Google: the resource state.</summary>
    public string? Resource { get; init; }
    public string? ChangeType { get; init; }

    /// <summary>Graph: the subscription the notification came from. A lifecycle event is about that one, not whichever is current when the work runs.</summary>
    public string? SubscriptionId { get; init; }

    /// <summary>A subscription to stop: all the provider needs to stop it, since its connection may be gone. No secret rides along.</summary>
    public CalendarSubscription? Subscription { get; init; }

    /// <summary>Which try of the work this message is (the first retry is 2).</summary>
    public int? Attempt { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, StoredJson.Options);

    public static CalendarQueueMessage? TryParse(string text)
    {
        try
        {
            var message = JsonSerializer.Deserialize<CalendarQueueMessage>(text, StoredJson.Options);
            return message is { Kind.Length: > 0, TenantId.Length: > 0, ConnectionId.Length: > 0 } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
