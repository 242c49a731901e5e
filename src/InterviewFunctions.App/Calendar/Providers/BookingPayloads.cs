using System.Globalization;
using System.Text.Json;
using InterviewFunctions.Core.Calendar.Sync;

namespace InterviewFunctions.App.Calendar.Providers;

/// <summary>A webhook body read into what happened: the trigger, and the event to apply when there is one.</summary>
public sealed record BookingDelivery(string Trigger, CalendarEvent? Event);

/// <summary>Reads Cal.com and Calendly webhook bodies (shapes from their webhook documentation) into provider-neutral events.</summary>
public static class BookingPayloads
{
    public static readonly IReadOnlySet<string> CalcomTriggers = new HashSet<string>(StringComparer.Ordinal) { "BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED" };
    public static readonly IReadOnlySet<string> CalendlyTriggers = new HashSet<string>(StringComparer.Ordinal) { "invitee.created", "invitee.canceled" };

    /// <summary>
    /// Cal.com: <c>{ triggerEvent, createdAt, payload: { uid, type (event type slug), title, startTime, endTime, organizer,
    /// attendees[], location, metadata.videoCallUrl, rescheduleUid, status } }</c>. Cal.com has no sequence: the
    /// delivery's <c>createdAt</c> orders changes of one booking.
    /// </summary>
    /// <exception cref="FormatException">The body is not a Cal.com delivery.</exception>
    public static BookingDelivery ReadCalcom(ReadOnlySpan<byte> body)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        var trigger = Text(root, "triggerEvent") ?? throw new FormatException("'triggerEvent' is missing.");
        if (!CalcomTriggers.Contains(trigger))
        {
            return new BookingDelivery(trigger, null);
        }
        var p = Object(root, "payload");
        var organizer = p.TryGetProperty("organizer", out var o) && o.ValueKind == JsonValueKind.Object ? Person(o, "email", "name", "timeZone", CalendarAttendeeRole.Organizer) : null;
        var attendees = p.TryGetProperty("attendees", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(x => Person(x, "email", "name", "timeZone", CalendarAttendeeRole.Invitee)).OfType<CalendarAttendee>().ToList()
            : [];
        var location = Text(p, "location");
        var video = p.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? Text(m, "videoCallUrl") : null;
        return new BookingDelivery(trigger, new CalendarEvent
        {
            Provider = CalendarProvider.Calcom,
            EventId = Text(p, "uid") ?? throw new FormatException("'payload.uid' is missing."),
            Marker = new CalendarChangeMarker(0, Instant(root, "createdAt")),
            Title = Text(p, "title"),
            Start = Instant(p, "startTime"),
            End = Instant(p, "endTime"),
            TimeZone = organizer?.TimeZone,
            Attendees = attendees,
            Organizer = organizer,
            Location = location is not null && Uri.TryCreate(location, UriKind.Absolute, out _) ? null : location,
            MeetingUrl = video ?? (location is not null && Uri.TryCreate(location, UriKind.Absolute, out _) ? location : null),
            EventType = Text(p, "type") ?? Text(p, "eventTitle"),
            Cancelled = trigger == "BOOKING_CANCELLED" || string.Equals(Text(p, "status"), "CANCELLED", StringComparison.OrdinalIgnoreCase),
            RescheduledFromId = trigger == "BOOKING_RESCHEDULED" ? Text(p, "rescheduleUid") ?? Text(p, "fromReschedule") : null,
            Description = Text(p, "description") ?? Text(p, "additionalNotes"),
        });
    }

    /// <summary>
    /// Calendly: <c>{ event, created_at, payload: { uri (the invitee), email, name, timezone, status, rescheduled,
    /// old_invitee, new_invitee, updated_at, scheduled_event: { uri, name, start_time, end_time, event_type, location,
    /// event_memberships[] } } }</c>. One invitee of one scheduled event is one booking: the invitee URI is its id.
    /// </summary>
    /// <exception cref="FormatException">The body is not a Calendly delivery.</exception>
    public static BookingDelivery ReadCalendly(ReadOnlySpan<byte> body)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        var trigger = Text(root, "event") ?? throw new FormatException("'event' is missing.");
        if (!CalendlyTriggers.Contains(trigger))
        {
            return new BookingDelivery(trigger, null);
        }
        var p = Object(root, "payload");
        var scheduled = Object(p, "scheduled_event");
        var invitee = Person(p, "email", "name", "timezone", CalendarAttendeeRole.Invitee) ?? throw new FormatException("'payload.email' is missing.");
        var hosts = scheduled.TryGetProperty("event_memberships", out var members) && members.ValueKind == JsonValueKind.Array
            ? members.EnumerateArray().Select(x => Person(x, "user_email", "user_name", null, CalendarAttendeeRole.Attendee)).OfType<CalendarAttendee>().ToList()
            : [];
        var guests = scheduled.TryGetProperty("event_guests", out var g) && g.ValueKind == JsonValueKind.Array
            ? g.EnumerateArray().Select(x => Person(x, "email", null, null, CalendarAttendeeRole.Attendee)).OfType<CalendarAttendee>().ToList()
            : [];
        string? location = null, joinUrl = null;
        if (scheduled.TryGetProperty("location", out var l) && l.ValueKind == JsonValueKind.Object)
        {
            joinUrl = Text(l, "join_url");
            location = Text(l, "location");
        }
        var cancelled = trigger == "invitee.canceled";
        return new BookingDelivery(trigger, new CalendarEvent
        {
            Provider = CalendarProvider.Calendly,
            EventId = Text(p, "uri") ?? throw new FormatException("'payload.uri' is missing."),
            Marker = new CalendarChangeMarker(0, p.TryGetProperty("updated_at", out _) ? Instant(p, "updated_at") : Instant(root, "created_at")),
            Title = Text(scheduled, "name"),
            Start = Instant(scheduled, "start_time"),
            End = Instant(scheduled, "end_time"),
            Attendees = [invitee, .. hosts.Skip(1), .. guests],
            Organizer = hosts.FirstOrDefault() is { } host ? host with { Role = CalendarAttendeeRole.Organizer } : null,
            Location = location,
            MeetingUrl = joinUrl,
            EventType = Text(scheduled, "name"),
            Cancelled = cancelled,
            CancelledForReschedule = cancelled && p.TryGetProperty("rescheduled", out var r) && r.ValueKind == JsonValueKind.True,
            RescheduledFromId = cancelled ? null : Text(p, "old_invitee"),
        });
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 32 });
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new FormatException("The body is not JSON.", e);
        }
    }

    private static JsonElement Object(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new FormatException($"'{name}' is missing or not an object.");

    private static string? Text(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static DateTimeOffset Instant(JsonElement parent, string name) =>
        DateTimeOffset.TryParse(Text(parent, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.ToUniversalTime()
            : throw new FormatException($"'{name}' is missing or not an ISO 8601 instant.");

    private static CalendarAttendee? Person(JsonElement element, string emailField, string? nameField, string? zoneField, CalendarAttendeeRole role) =>
        Text(element, emailField) is { } email
            ? new CalendarAttendee(email.Trim().ToLowerInvariant(), nameField is null ? null : Text(element, nameField), role, zoneField is null ? null : Text(element, zoneField))
            : null;
}
