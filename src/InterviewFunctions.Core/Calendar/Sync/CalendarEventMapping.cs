using System.Globalization;
using InterviewFunctions.Core.Interviews;
using NodaTime;

namespace InterviewFunctions.Core.Calendar.Sync;

/// <summary>How a connection turns a calendar event into interview requests: pure functions of the connection and the event.</summary>
public static class CalendarEventMapping
{
    private const int MaxNotes = 2000;

    /// <summary>Whether the connection counts this event as an interview at all.</summary>
    public static bool Counts(CalendarConnection connection, CalendarEvent calendarEvent) =>
        (connection.EventTypes.Count == 0 || (calendarEvent.EventType is { } type && connection.EventTypes.Contains(type, StringComparer.OrdinalIgnoreCase)))
        && (connection.Calendars.Count == 0 || calendarEvent.CalendarId is null || connection.Calendars.Contains(calendarEvent.CalendarId, StringComparer.OrdinalIgnoreCase));

    /// <summary>Event type mapping first, then the first title keyword found, then the connection's default.</summary>
    public static InterviewType InferType(CalendarConnection connection, CalendarEvent calendarEvent)
    {
        if (calendarEvent.EventType is { } eventType)
        {
            foreach (var (key, type) in connection.EventTypeMapping)
            {
                if (string.Equals(key, eventType, StringComparison.OrdinalIgnoreCase))
                {
                    return type;
                }
            }
        }
        if (calendarEvent.Title is { } title)
        {
            foreach (var keyword in connection.TitleKeywords)
            {
                if (title.Contains(keyword.Keyword, StringComparison.OrdinalIgnoreCase))
                {
                    return keyword.Type;
                }
            }
        }
        return connection.DefaultType;
    }

    /// <summary>The attendee the connection designates as the candidate; null when the event has none.</summary>
    public static CalendarAttendee? FindCandidate(CalendarConnection connection, CalendarEvent calendarEvent)
    {
        var organizer = calendarEvent.Organizer?.Email;
        var others = calendarEvent.Attendees.Where(a => !string.Equals(a.Email, organizer, StringComparison.OrdinalIgnoreCase) && a.Role is not CalendarAttendeeRole.Organizer);
        return connection.CandidateRule switch
        {
            CandidateRule.Invitee => calendarEvent.Attendees.FirstOrDefault(a => a.Role is CalendarAttendeeRole.Invitee),
            _ => others.FirstOrDefault(a => !IsInternal(connection, a.Email)),
        };
    }

    public static bool IsInternal(CalendarConnection connection, string email)
    {
        var at = email.LastIndexOf('@');
        var domain = at < 0 ? "" : email[(at + 1)..];
        return connection.InternalDomains.Any(d => string.Equals(d, domain, StringComparison.OrdinalIgnoreCase)
            || domain.EndsWith("." + d, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The zone the interview is kept in: the event's, else the candidate's, else the connection's.</summary>
    public static string TimeZoneOf(CalendarConnection connection, CalendarEvent calendarEvent, CalendarAttendee? candidate) =>
        new[] { calendarEvent.TimeZone, candidate?.TimeZone, connection.DefaultTimeZone }
            .First(z => z is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(z) is not null) ?? "UTC";

    /// <summary>The interview API's create request for the event; its validation is the interview API's own.</summary>
    public static CreateInterviewRequest ToCreateRequest(CalendarConnection connection, CalendarEvent calendarEvent, CalendarAttendee candidate)
    {
        var zone = TimeZoneOf(connection, calendarEvent, candidate);
        var interviewers = calendarEvent.Attendees
            .Where(a => a.Role is not CalendarAttendeeRole.Invitee && !string.Equals(a.Email, candidate.Email, StringComparison.OrdinalIgnoreCase))
            .Prepend(calendarEvent.Organizer)
            .OfType<CalendarAttendee>()
            .Where(a => !string.Equals(a.Email, candidate.Email, StringComparison.OrdinalIgnoreCase))
            .DistinctBy(a => a.Email.ToLowerInvariant())
            .Take(InterviewRules.MaxInterviewers)
            .Select(a => new InterviewerInput(NameOf(a), a.Email))
            .ToList();
        var meetingUrl = calendarEvent.MeetingUrl is { } url && IsHttpUrl(url) ? url : null;
        var location = calendarEvent.Location ?? (meetingUrl is null ? calendarEvent.MeetingUrl : null);
        return new CreateInterviewRequest(
            new CandidateInput(NameOf(candidate), candidate.Email, candidate.TimeZone is { } tz && DateTimeZoneProviders.Tzdb.GetZoneOrNull(tz) is not null ? tz : zone),
            connection.Company,
            connection.Role,
            JobId: null,
            InferType(connection, calendarEvent).ToWire(),
            FormatInstant(calendarEvent.Start, zone),
            zone,
            DurationMinutes(calendarEvent),
            interviewers,
            Clip(location, 500),
            meetingUrl,
            Notes(calendarEvent));
    }

    /// <summary>The interview API's reschedule request that moves an interview to the event's time.</summary>
    public static RescheduleRequest ToRescheduleRequest(CalendarConnection connection, CalendarEvent calendarEvent, CalendarAttendee? candidate, string reason)
    {
        var zone = TimeZoneOf(connection, calendarEvent, candidate);
        return new RescheduleRequest(FormatInstant(calendarEvent.Start, zone), zone, DurationMinutes(calendarEvent), reason);
    }

    public static int DurationMinutes(CalendarEvent calendarEvent) =>
        (int)Math.Round((calendarEvent.End - calendarEvent.Start).TotalMinutes);

    /// <summary>The instant with the offset the zone has then, so the interview reads in the event's own local time.</summary>
    public static string FormatInstant(DateTimeOffset instant, string zoneId)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? DateTimeZone.Utc;
        var local = Instant.FromDateTimeOffset(instant).InZone(zone).ToDateTimeOffset();
        return local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    private static bool IsHttpUrl(string text) =>
        text.Length <= Validation.MaxUrl && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static string NameOf(CalendarAttendee attendee) =>
        string.IsNullOrWhiteSpace(attendee.Name) ? attendee.Email.Split('@')[0] : attendee.Name.Trim();

    private static string? Notes(CalendarEvent calendarEvent)
    {
        var source = $"From {calendarEvent.Provider.ToWire()}: {calendarEvent.Title ?? "(untitled event)"}";
        var text = string.IsNullOrWhiteSpace(calendarEvent.Description) ? source : $"{source}\n{calendarEvent.Description.Trim()}";
        return Clip(text, MaxNotes);
    }

    private static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
