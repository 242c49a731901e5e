using System.Globalization;
using System.Text;
using InterviewFunctions.Core.Email;
using InterviewFunctions.Core.Interviews;
using NodaTime;

namespace InterviewFunctions.Core.Calendar;

/// <summary>What a calendar object asks of its receiver (RFC 5546 iTIP methods).</summary>
public enum IcsMethod
{
    /// <summary>An invitation or an update of one: the receiver adds or replaces the event and may answer.</summary>
    Request,

    /// <summary>The event is cancelled: the receiver removes it.</summary>
    Cancel,

    /// <summary>Information only, for a download or a subscribed feed: nobody is asked to answer.</summary>
    Publish,
}

/// <param name="Stamp">DTSTAMP: when this calendar object was made (it is written in UTC).</param>
/// <param name="Organizer">Who organises the interviews; invitation answers go to this address.</param>
/// <param name="UseUtc">Write times in UTC without VTIMEZONE blocks, for receivers that mishandle time zones.</param>
public sealed record IcsOptions(DateTimeOffset Stamp, EmailAddress Organizer, bool UseUtc = false)
{
    /// <summary>When set, events (other than cancellations) carry a display alarm this long before the start.</summary>
    public TimeSpan? Alarm { get; init; }
}

/// <summary>
/// Interviews as iCalendar (RFC 5545) objects that Outlook and Google Calendar accept: one interview as an
/// invitation, update or cancellation, and many interviews as a feed. Pure text; the caller stamps and sends it.
/// </summary>
public static class IcsCalendar
{
    public const string ProductId = "-//Interview Functions//Interview Functions//EN";
    public const string UidDomain = "interview-functions";

    /// <summary>The same for every version of the interview, so that an update or a cancellation replaces the event a receiver already has.</summary>
    public static string UidOf(Interview interview) => $"{interview.Id}@{UidDomain}";

    public static string MethodName(IcsMethod method) => method switch
    {
        IcsMethod.Request => "REQUEST",
        IcsMethod.Cancel => "CANCEL",
        IcsMethod.Publish => "PUBLISH",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    /// <summary>The MIME type for an email attachment or a download of such a calendar object.</summary>
    public static string ContentType(IcsMethod method) => "text/calendar; method=" + MethodName(method);

    public static string ForInterview(Interview interview, IcsMethod method, IcsOptions options)
    {
        ArgumentNullException.ThrowIfNull(interview);
        ArgumentNullException.ThrowIfNull(options);
        var output = new StringBuilder();
        AppendHeader(output, method);
        AppendTimeZones(output, [interview], options);
        AppendEvent(output, interview, method, options);
        IcsText.AppendLine(output, "END:VCALENDAR");
        return output.ToString();
    }

    /// <summary>
    /// A published calendar of many interviews for a subscription. Cancelled interviews stay in it with
    /// STATUS:CANCELLED, so that subscribers who already have them see the cancellation.
    /// </summary>
    public static string Feed(IEnumerable<Interview> interviews, string calendarName, IcsOptions options)
    {
        ArgumentNullException.ThrowIfNull(interviews);
        ArgumentNullException.ThrowIfNull(options);
        var list = interviews.OrderBy(i => i.ScheduledStart).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        var output = new StringBuilder();
        AppendHeader(output, IcsMethod.Publish);
        IcsText.AppendLine(output, "X-WR-CALNAME:" + IcsText.Escape(calendarName));
        AppendTimeZones(output, list, options);
        foreach (var interview in list)
        {
            AppendEvent(output, interview, IcsMethod.Publish, options);
        }
        IcsText.AppendLine(output, "END:VCALENDAR");
        return output.ToString();
    }

    /// <summary>A one-line title for the event: "Technical interview: Engineer at Acme".</summary>
    public static string Summary(Interview interview) => $"{interview.Type.Title()}: {interview.Role} at {interview.Company}";

    private static void AppendHeader(StringBuilder output, IcsMethod method)
    {
        IcsText.AppendLine(output, "BEGIN:VCALENDAR");
        IcsText.AppendLine(output, "PRODID:" + ProductId);
        IcsText.AppendLine(output, "VERSION:2.0");
        IcsText.AppendLine(output, "CALSCALE:GREGORIAN");
        IcsText.AppendLine(output, "METHOD:" + MethodName(method));
    }

    private static void AppendTimeZones(StringBuilder output, IReadOnlyList<Interview> interviews, IcsOptions options)
    {
        if (options.UseUtc)
        {
            return;
        }
        foreach (var group in interviews.GroupBy(i => i.TimeZone, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var (first, last) = IcsTimeZone.YearsFor(group.SelectMany(i => new[] { Start(i), End(i) }));
            IcsTimeZone.Append(output, Zone(group.Key), first, last);
        }
    }

    private static void AppendEvent(StringBuilder output, Interview interview, IcsMethod method, IcsOptions options)
    {
        var cancelled = method == IcsMethod.Cancel || interview.Status == InterviewStatus.Cancelled;
        IcsText.AppendLine(output, "BEGIN:VEVENT");
        IcsText.AppendLine(output, "UID:" + IcsText.Escape(UidOf(interview)));
        IcsText.AppendLine(output, "SEQUENCE:" + interview.ScheduleVersion.ToString(CultureInfo.InvariantCulture));
        IcsText.AppendLine(output, "DTSTAMP:" + IcsText.Utc(options.Stamp));
        IcsText.AppendLine(output, "CREATED:" + IcsText.Utc(interview.CreatedAt));
        IcsText.AppendLine(output, "LAST-MODIFIED:" + IcsText.Utc(interview.UpdatedAt));
        IcsText.AppendLine(output, DateTimeProperty("DTSTART", Start(interview), interview.TimeZone, options.UseUtc));
        IcsText.AppendLine(output, DateTimeProperty("DTEND", End(interview), interview.TimeZone, options.UseUtc));
        IcsText.AppendLine(output, "SUMMARY:" + IcsText.Escape(Summary(interview)));
        IcsText.AppendLine(output, "DESCRIPTION:" + IcsText.Escape(Description(interview, cancelled)));
        if (Place(interview) is { } place)
        {
            IcsText.AppendLine(output, "LOCATION:" + IcsText.Escape(place));
        }
        if (MeetingUri(interview) is { } link)
        {
            IcsText.AppendLine(output, "URL:" + link.AbsoluteUri);
        }
        IcsText.AppendLine(output, $"ORGANIZER{CommonName(options.Organizer.DisplayName)}:{IcsText.MailTo(options.Organizer.Address)}");
        var rsvp = method == IcsMethod.Request ? ";RSVP=TRUE" : "";
        foreach (var (name, email) in Attendees(interview))
        {
            IcsText.AppendLine(output, $"ATTENDEE{CommonName(name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION{rsvp}:{IcsText.MailTo(email)}");
        }
        IcsText.AppendLine(output, "STATUS:" + (cancelled ? "CANCELLED" : "CONFIRMED"));
        IcsText.AppendLine(output, "TRANSP:OPAQUE");
        if (options.Alarm is { } alarm && !cancelled && alarm > TimeSpan.Zero)
        {
            IcsText.AppendLine(output, "BEGIN:VALARM");
            IcsText.AppendLine(output, "ACTION:DISPLAY");
            IcsText.AppendLine(output, "DESCRIPTION:" + IcsText.Escape(Summary(interview)));
            IcsText.AppendLine(output, "TRIGGER:-PT" + ((long)alarm.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "M");
            IcsText.AppendLine(output, "END:VALARM");
        }
        IcsText.AppendLine(output, "END:VEVENT");
    }

    /// <summary>
    /// DTSTART or DTEND in the interview's zone. A local time that a fall-back hour makes ambiguous means its first
    /// occurrence (RFC 5545 section 3.3.5), so an instant in the repeated hour is written in UTC instead.
    /// </summary>
    private static string DateTimeProperty(string name, Instant instant, string zoneId, bool useUtc)
    {
        if (useUtc)
        {
            return $"{name}:{IcsText.Utc(instant)}";
        }
        var zone = Zone(zoneId);
        var local = instant.InZone(zone).LocalDateTime;
        var mapping = zone.MapLocal(local);
        if (mapping.Count == 2 && mapping.Last().ToInstant() == instant)
        {
            return $"{name}:{IcsText.Utc(instant)}";
        }
        return $"{name};TZID={zoneId}:{IcsText.Local(local)}";
    }

    private static string Description(Interview interview, bool cancelled)
    {
        var lines = new List<string>();
        if (cancelled)
        {
            lines.Add(string.IsNullOrWhiteSpace(interview.CancellationReason)
                ? "This interview has been cancelled."
                : $"This interview has been cancelled: {interview.CancellationReason}");
        }
        lines.Add($"{interview.Type.Title()} for the {interview.Role} role at {interview.Company}.");
        lines.Add($"Candidate: {interview.Candidate.Name}");
        if (interview.Interviewers.Count > 0)
        {
            lines.Add("Interviewers: " + string.Join(", ", interview.Interviewers.Select(i => i.Name)));
        }
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"Duration: {interview.DurationMinutes} minutes"));
        if (!string.IsNullOrWhiteSpace(interview.Location))
        {
            lines.Add("Location: " + interview.Location);
        }
        if (MeetingUri(interview) is { } link)
        {
            lines.Add("Join: " + link.AbsoluteUri);
        }
        return string.Join("\n", lines);
    }

    private static string? Place(Interview interview) =>
        !string.IsNullOrWhiteSpace(interview.Location) ? interview.Location
        : MeetingUri(interview)?.AbsoluteUri;

    /// <summary>The meeting link when it is an absolute http or https URL; anything else is not offered as a link.</summary>
    public static Uri? MeetingUri(Interview interview) =>
        Uri.TryCreate(interview.MeetingLink, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : null;

    private static IEnumerable<(string Name, string Email)> Attendees(Interview interview)
    {
        yield return (interview.Candidate.Name, interview.Candidate.Email);
        foreach (var interviewer in interview.Interviewers)
        {
            yield return (interviewer.Name, interviewer.Email);
        }
    }

    private static string CommonName(string? name) => string.IsNullOrWhiteSpace(name) ? "" : ";CN=" + IcsText.QuoteParameter(name);

    private static Instant Start(Interview interview) => Instant.FromDateTimeOffset(interview.ScheduledStart);

    private static Instant End(Interview interview) => Instant.FromDateTimeOffset(interview.ScheduledEnd);

    private static DateTimeZone Zone(string id) =>
        DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) ?? throw new ArgumentException($"'{id}' is not a time zone of the tz database.", nameof(id));
}
