using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Calendar;

/// <summary>Calendar files imported through the real app: interviews created, moved and cancelled through the interview API's operations.</summary>
public sealed class CalendarImportApiTests : IDisposable
{
    private readonly TestApp _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Admin => _app.ClientFor(TestApp.AcmeAdmin);

    /// <summary>An Outlook-style calendar (Windows zone names, a VTIMEZONE, a room) around the given events.</summary>
    private static string Calendar(params string[] events) => string.Join("\r\n",
    [
        "BEGIN:VCALENDAR",
        "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
        "VERSION:2.0",
        "METHOD:PUBLISH",
        "BEGIN:VTIMEZONE",
        "TZID:W. Europe Standard Time",
        "BEGIN:STANDARD",
        "DTSTART:16011028T030000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:16010325T020000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
        .. events,
        "END:VCALENDAR",
    ]) + "\r\n";

    private static string Event(string uid, string start, int sequence = 0, string? status = null, string? extra = null, string zone = "TZID=\"W. Europe Standard Time\"") => string.Join("\r\n", new[]
    {
        "BEGIN:VEVENT",
        "UID:" + uid,
        "DTSTAMP:20261120T080000Z",
        $"DTSTART;{zone}:{start}",
        "DURATION:PT1H",
        "SEQUENCE:" + sequence,
        "SUMMARY:Technical interview: Ada Lovelace",
        "DESCRIPTION:Pair programming\\, then questions.",
        "LOCATION:https://meet.example.com/ada",
        "ORGANIZER;CN=\"Recruiter, Jane\":mailto:jane.recruiter@acme.test",
        "ATTENDEE;CN=Ada Lovelace;ROLE=REQ-PARTICIPANT:mailto:ada@example.com",
        "ATTENDEE;CN=Bob Builder;ROLE=REQ-PARTICIPANT:mailto:bob@acme.test",
        "ATTENDEE;CUTYPE=ROOM;CN=Room 4.12;ROLE=NON-PARTICIPANT:mailto:room412@acme.test",
        status is null ? null : "STATUS:" + status,
        extra,
        "END:VEVENT",
    }.OfType<string>());

    private async Task<JsonObject> ImportAsync(string calendar, string query = "?type=technical&company=Acme&role=Backend%20Engineer&internalDomains=acme.test")
    {
        using var response = await Admin.PostAsync("/api/calendar/import" + query, new StringContent(calendar, Encoding.UTF8, "text/calendar"));
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    private static List<JsonObject> Events(JsonObject result) => [.. result["events"]!.AsArray().Select(e => e!.AsObject())];

    private async Task<JsonObject> InterviewAsync(string id) => await (await Admin.GetAsync($"/api/interviews/{id}")).JsonAsync();

    private async Task<int> InterviewCountAsync() => (await (await Admin.GetAsync("/api/interviews?pageSize=200")).JsonAsync())["items"]!.AsArray().Count;

    [Fact]
    public async Task Import_creates_interviews_at_the_right_instants_on_both_sides_of_a_change_to_summer_time()
    {
        var result = await ImportAsync(Calendar(
            Event("winter@acme.test", "20270326T100000"),
            Event("summer@acme.test", "20270329T100000"),
            Event("pacific@acme.test", "20270315T090000", zone: "TZID=Pacific Standard Time")));

        Assert.Equal(3, (int)result["created"]!);
        var events = Events(result);
        Assert.All(events, e => Assert.Equal("created", (string)e["outcome"]!));
        var winter = await InterviewAsync((string)events[0]["interviewId"]!);
        var summer = await InterviewAsync((string)events[1]["interviewId"]!);
        var pacific = await InterviewAsync((string)events[2]["interviewId"]!);
        Assert.Equal(new DateTimeOffset(2027, 3, 26, 9, 0, 0, TimeSpan.Zero), (DateTimeOffset)winter["scheduledStart"]!);
        Assert.Equal(new DateTimeOffset(2027, 3, 29, 8, 0, 0, TimeSpan.Zero), (DateTimeOffset)summer["scheduledStart"]!);
        Assert.Equal(new DateTimeOffset(2027, 3, 15, 16, 0, 0, TimeSpan.Zero), (DateTimeOffset)pacific["scheduledStart"]!);
        Assert.Equal("Europe/Berlin", (string)winter["timeZone"]!);
        Assert.Equal("America/Los_Angeles", (string)pacific["timeZone"]!);
        Assert.Equal(60, (int)winter["durationMinutes"]!);
        Assert.Equal("technical", (string)winter["type"]!);
        Assert.Equal("Acme", (string)winter["company"]!);
        Assert.Equal(TestApp.AdaEmail, (string)winter["candidate"]!["email"]!);
        // The organizer and the other person interview; the room does not.
        Assert.Equal([TestApp.BobEmail, "jane.recruiter@acme.test"], winter["interviewers"]!.AsArray().Select(i => (string)i!["email"]!).Order());
        Assert.Equal("https://meet.example.com/ada", (string)winter["meetingLink"]!);
    }

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing()
    {
        var calendar = Calendar(Event("once@acme.test", "20270110T100000"), Event("twice@acme.test", "20270111T100000"));
        var first = await ImportAsync(calendar);
        var etag = (await Admin.GetAsync($"/api/interviews/{Events(first)[0]["interviewId"]}")).Headers.ETag;

        var second = await ImportAsync(calendar);

        Assert.Equal(2, (int)first["created"]!);
        Assert.Equal(0, (int)second["created"]!);
        Assert.Equal(2, (int)second["unchanged"]!);
        Assert.Equal(Events(first).Select(e => (string)e["interviewId"]!), Events(second).Select(e => (string)e["interviewId"]!));
        Assert.Equal(2, await InterviewCountAsync());
        Assert.Equal(etag, (await Admin.GetAsync($"/api/interviews/{Events(first)[0]["interviewId"]}")).Headers.ETag);
    }

    [Fact]
    public async Task A_higher_sequence_reschedules_and_the_reminder_plan_follows_while_an_older_one_is_ignored()
    {
        var id = (string)Events(await ImportAsync(Calendar(Event("move@acme.test", "20270110T100000", sequence: 1))))[0]["interviewId"]!;

        var moved = Events(await ImportAsync(Calendar(Event("move@acme.test", "20270112T150000", sequence: 2))))[0];
        var older = Events(await ImportAsync(Calendar(Event("move@acme.test", "20270111T090000", sequence: 1))))[0];

        Assert.Equal("updated", (string)moved["outcome"]!);
        Assert.Equal(id, (string)moved["interviewId"]!);
        Assert.Equal("skipped", (string)older["outcome"]!);
        Assert.Contains("older", (string)older["reason"]!, StringComparison.Ordinal);
        var interview = await InterviewAsync(id);
        var start = new DateTimeOffset(2027, 1, 12, 14, 0, 0, TimeSpan.Zero);
        Assert.Equal(start, (DateTimeOffset)interview["scheduledStart"]!);
        Assert.Equal(2, (int)interview["scheduleVersion"]!);
        var plan = await (await Admin.GetAsync($"/api/interviews/{id}/reminders")).JsonAsync();
        Assert.Equal(2, (int)plan["scheduleVersion"]!);
        var reminders = plan["items"]!.AsArray().Select(i => i!.AsObject())
            .Where(i => i["offset"] is not null && (int)i["scheduleVersion"]! == 2).ToList();
        Assert.NotEmpty(reminders);
        Assert.All(reminders, r => Assert.Equal(start - XmlConvert.ToTimeSpan((string)r["offset"]!), (DateTimeOffset)r["dueAt"]!));
        Assert.Equal(1, await InterviewCountAsync());
    }

    [Fact]
    public async Task A_cancelled_event_cancels_its_interview_at_once()
    {
        var id = (string)Events(await ImportAsync(Calendar(Event("gone@acme.test", "20270110T100000"))))[0]["interviewId"]!;

        var cancelled = Events(await ImportAsync(Calendar(Event("gone@acme.test", "20270110T100000", sequence: 1, status: "CANCELLED"))))[0];

        Assert.Equal("cancelled", (string)cancelled["outcome"]!);
        Assert.Equal(id, (string)cancelled["interviewId"]!);
        Assert.Equal("cancelled", (string)(await InterviewAsync(id))["status"]!);
    }

    [Fact]
    public async Task A_recurring_event_becomes_one_interview_per_occurrence_in_the_window()
    {
        var result = await ImportAsync(
            Calendar(Event("weekly@acme.test", "20270104T100000", extra: "RRULE:FREQ=WEEKLY;COUNT=10\r\nEXDATE;TZID=\"W. Europe Standard Time\":20270111T100000")),
            "?type=technical&company=Acme&role=Engineer&from=2027-01-01T00:00:00Z&to=2027-01-26T00:00:00Z");

        var events = Events(result);
        Assert.Equal(3, (int)result["created"]!);
        Assert.Equal(["20270104T090000Z", "20270118T090000Z", "20270125T090000Z"], events.Select(e => (string)e["recurrenceId"]!));
        Assert.Equal(3, events.Select(e => (string)e["eventId"]!).Distinct().Count());
        Assert.All(events, e => Assert.StartsWith("weekly@acme.test;RECURRENCE-ID=", (string)e["eventId"]!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_input_answers_400_naming_the_line_and_imports_nothing()
    {
        var calendar = Calendar(Event("fine@acme.test", "20270110T100000"), Event("broken@acme.test", "20270231T100000"));

        using var response = await Admin.PostAsync("/api/calendar/import", new StringContent(calendar, Encoding.UTF8, "text/calendar"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem["line"] is not null, problem.ToJsonString());
        Assert.Equal(37, (int)problem["line"]!);
        Assert.StartsWith("Line 37: DTSTART", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(0, await InterviewCountAsync());
    }

    [Fact]
    public async Task Skipped_events_say_why_and_the_rest_imports()
    {
        var result = await ImportAsync(Calendar(
            Event("past@acme.test", "20260110T100000"),
            "BEGIN:VEVENT\r\nUID:allday@acme.test\r\nDTSTAMP:20261120T080000Z\r\nDTSTART;VALUE=DATE:20270110\r\nSUMMARY:Offsite\r\nEND:VEVENT",
            Event("nocandidate@acme.test", "20270110T100000").Replace("mailto:ada@example.com", "mailto:alan@acme.test", StringComparison.Ordinal),
            Event("ok@acme.test", "20270111T100000")));

        var events = Events(result);
        Assert.Equal(1, (int)result["created"]!);
        Assert.Equal(3, (int)result["skipped"]!);
        Assert.Contains("over", (string)events.Single(e => (string)e["uid"]! == "past@acme.test")["reason"]!, StringComparison.Ordinal);
        Assert.Contains("all-day", (string)events.Single(e => (string)e["uid"]! == "allday@acme.test")["reason"]!, StringComparison.Ordinal);
        Assert.Contains("candidate", (string)events.Single(e => (string)e["uid"]! == "nocandidate@acme.test")["reason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_multipart_upload_imports_like_a_calendar_body()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Calendar(Event("upload@acme.test", "20270110T100000"))));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/calendar");
        form.Add(file, "file", "interviews.ics");

        using var response = await Admin.PostAsync("/api/calendar/import?internalDomains=acme.test", form);

        await response.ExpectAsync(HttpStatusCode.OK);
        var created = Events(await response.JsonAsync()).Single();
        Assert.Equal("created", (string)created["outcome"]!);
        var interview = await InterviewAsync((string)created["interviewId"]!);
        Assert.Equal("video_interview", (string)interview["type"]!);
        Assert.Equal("Imported calendar", (string)interview["company"]!);
    }

    [Fact]
    public async Task Only_the_hiring_team_imports_and_only_calendars_within_the_limits()
    {
        var calendar = Calendar(Event("x@acme.test", "20270110T100000"));
        await (await _app.ClientFor(TestApp.AcmeCandidate).PostAsync("/api/calendar/import", new StringContent(calendar, Encoding.UTF8, "text/calendar")))
            .ProblemAsync(HttpStatusCode.Forbidden);
        await (await Admin.PostAsync("/api/calendar/import", new StringContent(calendar, Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await Admin.PostAsync("/api/calendar/import?type=lunch", new StringContent(calendar, Encoding.UTF8, "text/calendar"))).FieldErrorAsync("type");
        await (await Admin.PostAsync("/api/calendar/import?timeZone=Mars/Olympus", new StringContent(calendar, Encoding.UTF8, "text/calendar"))).FieldErrorAsync("timeZone");
        await (await Admin.PostAsync("/api/calendar/import?from=2027-01-01T00:00:00Z&to=2029-01-01T00:00:00Z", new StringContent(calendar, Encoding.UTF8, "text/calendar"))).FieldErrorAsync("to");
        var huge = Padded("big@acme.test", DefaultMaxBytes + 1000);
        using var tooLarge = await Admin.PostAsync("/api/calendar/import", new StringContent(huge, Encoding.UTF8, "text/calendar"));
        await tooLarge.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await InterviewCountAsync());
    }

    /// <summary>CalendarImport:MaxBytes by default, above the API's general body limit of 256 KiB.</summary>
    private const int DefaultMaxBytes = 1024 * 1024;

    /// <summary>One event padded with vendor properties (which the import ignores) to at least <paramref name="bytes"/> bytes.</summary>
    private static string Padded(string uid, int bytes)
    {
        const int lineLength = 200;
        var lines = (bytes / (lineLength + 2)) + 1;
        var calendar = Calendar(Event(uid, "20270110T100000", extra: string.Join("\r\n", Enumerable.Range(0, lines).Select(i => "X-PADDING:" + new string((char)('a' + i % 26), lineLength - 10)))));
        Assert.True(Encoding.UTF8.GetByteCount(calendar) >= bytes);
        return calendar;
    }

    private static MultipartFormDataContent FileForm(string calendar)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(calendar));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/calendar");
        return new MultipartFormDataContent { { file, "file", "interviews.ics" } };
    }

    [Fact]
    public async Task A_calendar_above_the_general_body_limit_but_within_max_bytes_imports_as_a_body_or_a_file()
    {
        var body = Padded("large-body@acme.test", 300 * 1024);
        var file = Padded("large-file@acme.test", DefaultMaxBytes - 4096);

        var fromBody = Events(await ImportAsync(body)).Single();
        using var response = await Admin.PostAsync("/api/calendar/import?internalDomains=acme.test", FileForm(file));

        Assert.Equal("created", (string)fromBody["outcome"]!);
        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("created", (string)Events(await response.JsonAsync()).Single()["outcome"]!);
        Assert.Equal(2, await InterviewCountAsync());
    }

    [Fact]
    public async Task A_calendar_above_max_bytes_is_413_just_above_or_far_above_and_imports_nothing()
    {
        // Just above: within the endpoint's allowance for framing, so the import's own count refuses it.
        using var justAbove = await Admin.PostAsync("/api/calendar/import", FileForm(Padded("just-above@acme.test", DefaultMaxBytes + 1)));
        Assert.Equal("The calendar is too large.", (string)(await justAbove.ProblemAsync(HttpStatusCode.RequestEntityTooLarge))["title"]!);
        // Far above: refused from its declared length, before it is read.
        using var farAbove = await Admin.PostAsync("/api/calendar/import", new StringContent(Padded("far-above@acme.test", 2 * DefaultMaxBytes), Encoding.UTF8, "text/calendar"));
        Assert.Equal("The request body is too large.", (string)(await farAbove.ProblemAsync(HttpStatusCode.RequestEntityTooLarge))["title"]!);
        Assert.Equal(0, await InterviewCountAsync());
    }

    [Fact]
    public async Task The_endpoint_follows_a_configured_max_bytes()
    {
        using var app = new TestApp(new Dictionary<string, string?> { ["CalendarImport:MaxBytes"] = "2000000" });
        using var admin = app.ClientFor(TestApp.AcmeAdmin);

        using var within = await admin.PostAsync("/api/calendar/import?internalDomains=acme.test", new StringContent(Padded("configured@acme.test", 1_500_000), Encoding.UTF8, "text/calendar"));
        using var beyond = await admin.PostAsync("/api/calendar/import", new StringContent(Padded("beyond@acme.test", 2_100_000), Encoding.UTF8, "text/calendar"));

        await within.ExpectAsync(HttpStatusCode.OK);
        await beyond.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }
}
