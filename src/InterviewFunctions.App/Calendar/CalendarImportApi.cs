using System.Globalization;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Calendar.Import;
using InterviewFunctions.Core.Calendar.Sync;
using InterviewFunctions.Core.Interviews;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NodaTime;

namespace InterviewFunctions.App.Calendar;

public sealed class CalendarImportOptions
{
    public const string Section = "CalendarImport";

    /// <summary>
    /// Largest calendar accepted, in bytes. The import endpoint admits a body this large plus the multipart framing in
    /// place of Api:MaxRequestBodyBytes, so this setting alone decides how large a file may be imported.
    /// </summary>
    public int MaxBytes { get; set; } = 1024 * 1024;

    /// <summary>Most VEVENTs, and most events and occurrences after expansion, in one import.</summary>
    public int MaxEvents { get; set; } = 2000;

    /// <summary>Occurrences one recurring event may contribute.</summary>
    public int MaxOccurrencesPerEvent { get; set; } = 200;

    /// <summary>Recurring events are expanded from now to this many days ahead unless the request names a window.</summary>
    public int WindowDays { get; set; } = 90;

    /// <summary>The longest window a request may ask for.</summary>
    public int MaxWindowDays { get; set; } = 366;

    /// <summary>The length given to an event with neither DTEND nor DURATION.</summary>
    public int DefaultDurationMinutes { get; set; } = 60;

    /// <summary>The interview type when the request names none (as the API writes it: technical, video_interview …).</summary>
    public string DefaultType { get; set; } = "video_interview";

    /// <summary>Interviews need a company and a role: these, unless the request names them.</summary>
    public string DefaultCompany { get; set; } = "Imported calendar";

    public string DefaultRole { get; set; } = "Interview";
}

public sealed record ImportedEvent(string EventId, string? Uid, string? RecurrenceId, int Line, string Outcome, string? InterviewId = null, string? Reason = null);

public sealed record CalendarImportResult(int Created, int Updated, int Cancelled, int Unchanged, int Skipped, IReadOnlyList<ImportedEvent> Events, IReadOnlyList<string> Notes);

/// <summary>
/// <c>POST /api/calendar/import</c>: an iCalendar file (the body as <c>text/calendar</c>, or a multipart upload) becomes
/// interview creates, reschedules and cancellations through the calendar sync applier, and so through the interview
/// API's own operations, as provider "ics" with the UID (plus RECURRENCE-ID for an occurrence) as the event id and
/// SEQUENCE (then LAST-MODIFIED or DTSTAMP) as the change marker: importing the same file twice changes nothing, and an
/// older SEQUENCE than one imported before is ignored. The whole file is parsed before anything is written, so a
/// malformed file (a 400 naming its line) imports nothing.
/// </summary>
public static class CalendarImportApi
{
    public const string ProviderName = "ics";

    public static RouteGroupBuilder MapCalendarImport(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/calendar").WithTags("Calendar");
        var maxBytes = routes.ServiceProvider.GetRequiredService<IOptions<CalendarImportOptions>>().Value.MaxBytes;
        group.MapPost("/import", Import).RequireAuthorization().DisableAntiforgery()
            .Accepts<string>("text/calendar", "multipart/form-data")
            .WithRequestBodyLimit(maxBytes + EndpointBodyLimits.MultipartOverheadBytes);
        return group;
    }

    private static async Task<Results<Ok<CalendarImportResult>, ValidationProblem, ProblemHttpResult>> Import(
        HttpContext http,
        CalendarEventApplier applier,
        IOptions<CalendarImportOptions> options,
        TimeProvider clock,
        string? type,
        string? company,
        string? role,
        string? timeZone,
        string? internalDomains,
        string? from,
        string? to,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (!caller.CanManage)
        {
            return Problem.Forbidden("Only admins and recruiters import calendars.");
        }
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var v = new Validation();
        var interviewType = v.Enum<InterviewType>("type", type ?? settings.DefaultType);
        var companyName = v.Required("company", company ?? settings.DefaultCompany);
        var roleName = v.Required("role", role ?? settings.DefaultRole);
        var zoneId = timeZone is null ? "UTC" : v.TimeZone("timeZone", timeZone);
        var windowStart = from is null ? now : v.Instant("from", from);
        var windowEnd = to is null ? now.AddDays(settings.WindowDays) : v.Instant("to", to);
        if (windowStart is { } s && windowEnd is { } e && (e <= s || e - s > TimeSpan.FromDays(settings.MaxWindowDays)))
        {
            v.Add("to", $"'to' must be after 'from' and at most {settings.MaxWindowDays} days after it.");
        }
        var domains = (internalDomains ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (!v.IsValid)
        {
            return Problem.Invalid(v.Errors);
        }

        var (bytes, refused) = await ReadCalendarAsync(http, settings.MaxBytes, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        IcsParsedCalendar calendar;
        try
        {
            calendar = IcsParser.Parse(bytes, new IcsParseOptions(DateTimeZoneProviders.Tzdb[zoneId!], Instant.FromDateTimeOffset(windowStart!.Value), Instant.FromDateTimeOffset(windowEnd!.Value))
            {
                Limits = new IcsLimits
                {
                    MaxCharacters = settings.MaxBytes,
                    MaxEvents = settings.MaxEvents,
                    MaxResults = settings.MaxEvents,
                    MaxOccurrencesPerEvent = settings.MaxOccurrencesPerEvent,
                },
            });
        }
        catch (IcsFormatException error)
        {
            return TypedResults.Problem(
                title: "The calendar could not be read.",
                detail: error.Message,
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["line"] = error.LineNumber });
        }

        // One connection for this import alone: ICS files have no booking tool's cancel-and-rebook pairs to pair.
        var connection = new CalendarConnection
        {
            Id = "ics-import-" + Guid.CreateVersion7(now).ToString("N"),
            TenantId = caller.TenantId,
            Provider = CalendarProvider.Ics,
            Name = "Calendar import",
            DefaultType = interviewType!.Value,
            CandidateRule = CandidateRule.ExternalAttendee,
            InternalDomains = domains,
            Company = companyName!,
            Role = roleName!,
            DefaultTimeZone = zoneId!,
            Secret = "",
            CreatedAt = now,
            UpdatedAt = now,
        };
        var results = calendar.Skipped
            .Select(skip => new ImportedEvent(skip.Uid ?? "", skip.Uid, null, skip.Line, "skipped", Reason: skip.Reason))
            .ToList();
        // Cancellations first, so that within one file a cancelled event and a new one are never taken for a rebooking.
        foreach (var item in calendar.Events.OrderBy(e => e.Status == IcsEventStatus.Cancelled ? 0 : 1))
        {
            results.Add(await ApplyAsync(applier, connection, item, settings, now, cancellationToken));
        }
        results = [.. results.OrderBy(r => r.Line).ThenBy(r => r.RecurrenceId, StringComparer.Ordinal)];
        return TypedResults.Ok(new CalendarImportResult(
            results.Count(r => r.Outcome == "created"),
            results.Count(r => r.Outcome == "updated"),
            results.Count(r => r.Outcome == "cancelled"),
            results.Count(r => r.Outcome == "unchanged"),
            results.Count(r => r.Outcome == "skipped"),
            results,
            calendar.Notes));
    }

    private static async Task<ImportedEvent> ApplyAsync(
        CalendarEventApplier applier, CalendarConnection connection, IcsEvent item, CalendarImportOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var recurrence = item.RecurrenceId is { } r ? Core.Calendar.IcsText.Utc(r) : null;
        ImportedEvent Result(string outcome, string? interviewId = null, string? reason = null) =>
            new(item.EventId, item.Uid, recurrence, item.Line, outcome, interviewId, reason);

        if (item.End.ToDateTimeOffset() <= now && item.Status != IcsEventStatus.Cancelled)
        {
            return Result("skipped", reason: "The event is over.");
        }
        var calendarEvent = ToCalendarEvent(item, settings);
        var applied = await applier.ApplyAsync(connection, calendarEvent, cancellationToken);
        if (applied.Outcome == CalendarApplyOutcome.CancelHeld)
        {
            // Booking tools' cancellations wait for a possible rebooking; a file's cancellation is final now.
            applied = await applier.ConfirmCancelAsync(connection.TenantId, CalendarProvider.Ics, calendarEvent.EventId, calendarEvent.Marker, cancellationToken);
        }
        return applied.Outcome switch
        {
            CalendarApplyOutcome.Created => Result("created", applied.InterviewId),
            CalendarApplyOutcome.Rescheduled => Result("updated", applied.InterviewId),
            CalendarApplyOutcome.Cancelled => Result("cancelled", applied.InterviewId),
            CalendarApplyOutcome.Unchanged or CalendarApplyOutcome.Duplicate => Result("unchanged", applied.InterviewId, applied.Detail),
            CalendarApplyOutcome.Stale => Result("skipped", applied.InterviewId,
                string.Create(CultureInfo.InvariantCulture, $"SEQUENCE {item.Sequence} is older than the version imported before.")),
            _ => Result("skipped", applied.InterviewId, applied.Detail ?? applied.Outcome.ToString()),
        };
    }

    /// <summary>The provider-neutral event: UID (and RECURRENCE-ID) as its id, SEQUENCE then LAST-MODIFIED or DTSTAMP as its marker.</summary>
    public static CalendarEvent ToCalendarEvent(IcsEvent item, CalendarImportOptions settings)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(settings);
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(item.TimeZoneId) ?? DateTimeZone.Utc;
        var end = item.End > item.Start ? item.End : item.Start + Duration.FromMinutes(settings.DefaultDurationMinutes);
        var url = item.Url ?? (Uri.TryCreate(item.Location, UriKind.Absolute, out var link) && link.Scheme is "https" or "http" ? item.Location : null);
        return new CalendarEvent
        {
            Provider = CalendarProvider.Ics,
            EventId = item.EventId,
            Marker = new CalendarChangeMarker(item.Sequence, (item.LastModified ?? item.Stamp ?? Instant.FromUnixTimeTicks(0)).ToDateTimeOffset()),
            Title = item.Summary,
            Start = item.Start.InZone(zone).ToDateTimeOffset(),
            End = end.InZone(zone).ToDateTimeOffset(),
            TimeZone = zone.Id,
            // Rooms and equipment are on the invitation, but nobody attends an interview as them.
            Attendees = [.. item.Attendees
                .Where(a => a.Email is not null && a.Kind is not ("ROOM" or "RESOURCE") && a.Role != "NON-PARTICIPANT")
                .Select(a => new CalendarAttendee(a.Email!, a.Name, CalendarAttendeeRole.Attendee))],
            Organizer = item.Organizer is { Email: { } organizer } ? new CalendarAttendee(organizer, item.Organizer.Name, CalendarAttendeeRole.Organizer) : null,
            Location = url == item.Location ? null : item.Location,
            MeetingUrl = url,
            Cancelled = item.Status == IcsEventStatus.Cancelled,
            Description = item.Description,
        };
    }

    private static async Task<(byte[] Bytes, ProblemHttpResult? Refused)> ReadCalendarAsync(HttpContext http, int maxBytes, CancellationToken cancellationToken)
    {
        var request = http.Request;
        Stream source;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            if (form.Files.Count != 1)
            {
                return ([], Problem.Of(StatusCodes.Status400BadRequest, "One calendar file is needed.", $"The form holds {form.Files.Count} files; send exactly one .ics file."));
            }
            if (form.Files[0].Length > maxBytes)
            {
                return ([], TooLarge(form.Files[0].Length, maxBytes));
            }
            source = form.Files[0].OpenReadStream();
        }
        else if (request.ContentType is { } contentType && contentType.StartsWith("text/calendar", StringComparison.OrdinalIgnoreCase))
        {
            source = request.Body;
        }
        else
        {
            return ([], Problem.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the calendar as text/calendar, or as a file in multipart/form-data."));
        }
        if (!request.HasFormContentType)
        {
            // The request body belongs to the server: read, not disposed.
            return await ReadBoundedAsync(source, maxBytes, cancellationToken);
        }
        await using (source)
        {
            return await ReadBoundedAsync(source, maxBytes, cancellationToken);
        }
    }

    private static async Task<(byte[] Bytes, ProblemHttpResult? Refused)> ReadBoundedAsync(Stream source, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return ([], TooLarge(buffer.Length + read, maxBytes));
            }
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), null);
    }

    private static ProblemHttpResult TooLarge(long size, int maxBytes) => Problem.Of(StatusCodes.Status413PayloadTooLarge, "The calendar is too large.",
        string.Create(CultureInfo.InvariantCulture, $"It has at least {size} bytes; at most {maxBytes} are imported at once."));
}
