using System.Text.Json.Serialization;
using InterviewFunctions.Core.Json;

namespace InterviewFunctions.Core.Calendar.Sync;

[JsonConverter(typeof(SnakeCaseEnumConverter<CalendarProvider>))]
public enum CalendarProvider
{
    Microsoft365,
    Google,
    Calcom,
    Calendly,

    /// <summary>An uploaded or subscribed iCalendar file; its events carry UID and SEQUENCE like any other.</summary>
    Ics,
}

[JsonConverter(typeof(SnakeCaseEnumConverter<CalendarAttendeeRole>))]
public enum CalendarAttendeeRole
{
    Organizer,

    /// <summary>The person who booked (Calendly's invitee, Cal.com's attendee): the candidate when the connection says so.</summary>
    Invitee,
    Attendee,
}

/// <summary>One person on an event. Emails are kept lower-case, as everywhere else.</summary>
public sealed record CalendarAttendee(string Email, string? Name, CalendarAttendeeRole Role, string? TimeZone = null);

/// <summary>
/// What orders the changes of one event: the provider's sequence number (iCalendar SEQUENCE; 0 where the provider has
/// none), then when it was last updated. A change is applied only when its marker is later than the last one applied.
/// </summary>
public sealed record CalendarChangeMarker(long Sequence, DateTimeOffset UpdatedAt) : IComparable<CalendarChangeMarker>
{
    public int CompareTo(CalendarChangeMarker? other) =>
        other is null ? 1 : Sequence != other.Sequence ? Sequence.CompareTo(other.Sequence) : UpdatedAt.CompareTo(other.UpdatedAt);

    public static bool operator <(CalendarChangeMarker left, CalendarChangeMarker right) => left.CompareTo(right) < 0;

    public static bool operator >(CalendarChangeMarker left, CalendarChangeMarker right) => left.CompareTo(right) > 0;

    public static bool operator <=(CalendarChangeMarker left, CalendarChangeMarker right) => left.CompareTo(right) <= 0;

    public static bool operator >=(CalendarChangeMarker left, CalendarChangeMarker right) => left.CompareTo(right) >= 0;
}

/// <summary>
/// A calendar event or booking as any provider reports it, reduced to what an interview needs. Each provider adapter
/// (Graph, Google, Cal.com, Calendly, ICS) builds one of these; from here on nothing depends on the provider.
/// </summary>
public sealed record CalendarEvent
{
    public required CalendarProvider Provider { get; init; }

    /// <summary>The provider's id of the event or booking (Graph event id, Google event id, Cal.com booking uid, Calendly invitee URI, ICS UID).</summary>
    public required string EventId { get; init; }

    public required CalendarChangeMarker Marker { get; init; }

    public string? Title { get; init; }

    /// <summary>The start with the offset in force at that instant in <see cref="TimeZone"/>.</summary>
    public required DateTimeOffset Start { get; init; }

    public required DateTimeOffset End { get; init; }

    /// <summary>The event's IANA time zone, when the provider names one (Windows names are converted by the adapter).</summary>
    public string? TimeZone { get; init; }

    public IReadOnlyList<CalendarAttendee> Attendees { get; init; } = [];

    public CalendarAttendee? Organizer { get; init; }

    public string? Location { get; init; }

    public string? MeetingUrl { get; init; }

    /// <summary>The booking tool's event type (Cal.com event type slug, Calendly event type name or URI); null for plain calendar events.</summary>
    public string? EventType { get; init; }

    public bool Cancelled { get; init; }

    /// <summary>The provider's id of the booking this one replaces, when it says so (Cal.com rescheduleUid, Calendly old_invitee).</summary>
    public string? RescheduledFromId { get; init; }

    /// <summary>On a cancellation that is half of a reschedule: the provider says so (Calendly <c>rescheduled: true</c>).</summary>
    public bool CancelledForReschedule { get; init; }

    public string? Description { get; init; }

    /// <summary>The calendar the event lives in (Graph user id or calendar id, Google calendar id), for connections limited to some calendars.</summary>
    public string? CalendarId { get; init; }
}
