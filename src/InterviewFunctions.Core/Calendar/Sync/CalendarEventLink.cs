using System.Text.Json.Serialization;
using InterviewFunctions.Core.Json;

namespace InterviewFunctions.Core.Calendar.Sync;

[JsonConverter(typeof(SnakeCaseEnumConverter<CalendarLinkState>))]
public enum CalendarLinkState
{
    /// <summary>The interview is being created under <see cref="CalendarEventLink.InterviewId"/>; a redelivery finishes it.</summary>
    Creating,
    Active,

    /// <summary>Cancelled at the provider; held for the pairing window, in case a new booking turns it into a reschedule.</summary>
    CancelPending,
    Cancelled,

    /// <summary>Replaced by another event that now carries the interview (the cancel half of a reschedule).</summary>
    Superseded,

    /// <summary>A change for an event we have no interview for (a cancel that came first): remembered so that older changes are ignored.</summary>
    Tombstone,
}

/// <summary>
/// Which interview a provider's event drives, and the last change applied to it. Keyed by tenant, provider and event id.
/// </summary>
public sealed record CalendarEventLink
{
    public const string DocumentType = "calendarEventLink";

    public required string TenantId { get; init; }
    public required CalendarProvider Provider { get; init; }
    public required string EventId { get; init; }
    public string DocType { get; init; } = DocumentType;
    public required string ConnectionId { get; init; }

    /// <summary>Null for a tombstone.</summary>
    public string? InterviewId { get; init; }

    public required CalendarLinkState State { get; init; }
    public required CalendarChangeMarker Marker { get; init; }

    /// <summary>Lower-case email of the candidate; with <see cref="EventType"/> it pairs a cancellation with a new booking.</summary>
    public string? CandidateEmail { get; init; }

    /// <summary>The event type, or "" for events without one (pairing compares it exactly).</summary>
    public string EventType { get; init; } = "";

    /// <summary>When this link's interview was created from it; null when the link took over an existing interview.</summary>
    public DateTimeOffset? CreatedInterviewAt { get; init; }

    /// <summary>When the provider's cancellation arrived (state <see cref="CalendarLinkState.CancelPending"/>).</summary>
    public DateTimeOffset? CancelReceivedAt { get; init; }

    /// <summary>For a superseded link: the event that carries its interview now.</summary>
    public string? SupersededBy { get; init; }

    /// <summary>The interview this link's own event created and a merge erased, kept so that a retried merge finishes the erase.</summary>
    public string? ReplacedInterviewId { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    [JsonIgnore]
    public string? ETag { get; init; }

    /// <summary>Unique within the tenant: the provider's ids are only unique per provider.</summary>
    [JsonIgnore]
    public string Key => LinkKey(Provider, EventId);

    public static string LinkKey(CalendarProvider provider, string eventId) => $"{provider.ToString().ToLowerInvariant()}:{eventId}";
}
