using NodaTime;

namespace InterviewFunctions.Core.Calendar.Import;

/// <summary>
/// The one error the parser raises: the input is not a calendar it can read. It names the line (counted from 1 over
/// physical lines, so a folded line is named by its first line) and what was wrong there.
/// </summary>
public sealed class IcsFormatException : Exception
{
    public IcsFormatException(int lineNumber, string reason)
        : base($"Line {lineNumber}: {reason}")
    {
        LineNumber = lineNumber;
        Reason = reason;
    }

    public IcsFormatException()
        : this(1, "The calendar is not valid.")
    {
    }

    public IcsFormatException(string message)
        : this(1, message)
    {
    }

    public IcsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        LineNumber = 1;
        Reason = message;
    }

    public int LineNumber { get; }

    public string Reason { get; }
}

/// <summary>
/// Bounds on the work one calendar may cause. Each is checked as the input is read, so that neither a huge line, nor
/// a huge file, nor a rule repeating a billion times costs more than these allow.
/// </summary>
public sealed record IcsLimits
{
    /// <summary>Characters of the whole calendar.</summary>
    public int MaxCharacters { get; init; } = 64 * 1024 * 1024;

    /// <summary>Characters of one content line after unfolding (RFC 5545 suggests 75 octets per physical line, but long unfolded lines are common).</summary>
    public int MaxLineCharacters { get; init; } = 256 * 1024;

    /// <summary>VEVENT components in the file, overrides included.</summary>
    public int MaxEvents { get; init; } = 500_000;

    /// <summary>Occurrences one recurring event contributes within the window; more are dropped with a note.</summary>
    public int MaxOccurrencesPerEvent { get; init; } = 1_000;

    /// <summary>Events and occurrences returned in all.</summary>
    public int MaxResults { get; init; } = 1_000_000;

    /// <summary>Recurrence periods (days, weeks or months) one rule may step through, whatever it yields.</summary>
    public int MaxRecurrenceSteps { get; init; } = 100_000;

    /// <summary>Nesting of components (VCALENDAR, VEVENT, VALARM …).</summary>
    public int MaxDepth { get; init; } = 8;

    /// <summary>Attendees kept per event.</summary>
    public int MaxAttendees { get; init; } = 500;
}

/// <param name="DefaultZone">The zone of floating times (no TZID, no Z) when the calendar names none (X-WR-TIMEZONE), and the display zone of UTC times.</param>
/// <param name="WindowStart">Recurring events are expanded to occurrences that end after this instant.</param>
/// <param name="WindowEnd">… and start before this one.</param>
public sealed record IcsParseOptions(DateTimeZone DefaultZone, Instant WindowStart, Instant WindowEnd)
{
    public IcsLimits Limits { get; init; } = new();
}

public enum IcsEventStatus
{
    Confirmed,
    Tentative,
    Cancelled,
}

/// <param name="Email">Lower-case, from a <c>mailto:</c> value; null when the value is another kind of URI.</param>
/// <param name="Role">ROLE (REQ-PARTICIPANT, OPT-PARTICIPANT, CHAIR, NON-PARTICIPANT), upper-case, when given.</param>
/// <param name="Kind">CUTYPE (INDIVIDUAL, ROOM, RESOURCE …), upper-case, when given.</param>
public sealed record IcsAttendee(string? Name, string? Email, string? Role = null, string? Kind = null, string? ParticipationStatus = null);

/// <summary>
/// One event or one occurrence of a recurring event, resolved to instants.
/// </summary>
/// <param name="RecurrenceId">For an occurrence, the start it has in the recurrence rule (RECURRENCE-ID); null for a single event.</param>
/// <param name="TimeZoneId">The tz database zone the event was written in (or the calendar's or the default zone for UTC and floating times).</param>
/// <param name="Line">The line of its BEGIN:VEVENT.</param>
public sealed record IcsEvent(
    string Uid,
    Instant? RecurrenceId,
    int Sequence,
    Instant? Stamp,
    Instant? LastModified,
    Instant Start,
    Instant End,
    string TimeZoneId,
    IcsEventStatus Status,
    string? Summary,
    string? Description,
    string? Location,
    string? Url,
    IcsAttendee? Organizer,
    IReadOnlyList<IcsAttendee> Attendees,
    int Line)
{
    /// <summary>The UID, and for an occurrence its RECURRENCE-ID in UTC: what names this event across imports.</summary>
    public string EventId => RecurrenceId is { } recurrence ? Uid + ";RECURRENCE-ID=" + IcsText.Utc(recurrence) : Uid;

    /// <summary>Whether DTEND or DURATION was given; without either a timed event has no length.</summary>
    public Duration Length => End - Start;
}

/// <summary>A VEVENT that is readable but not an interview (all-day, an unsupported rule, an unknown zone): why it was left out.</summary>
public sealed record IcsSkippedEvent(string? Uid, int Line, string Reason);

/// <param name="TimeZoneId">X-WR-TIMEZONE when it names a known zone.</param>
/// <param name="Notes">What was read but bounded or approximated (a rule cut at its cap, a custom zone matched to a known one).</param>
public sealed record IcsParsedCalendar(
    IReadOnlyList<IcsEvent> Events,
    IReadOnlyList<IcsSkippedEvent> Skipped,
    IReadOnlyList<string> Notes,
    string? Method,
    string? ProductId,
    string? CalendarName,
    string? TimeZoneId,
    int VEventCount);
