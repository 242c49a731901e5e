using System.Text;
using InterviewFunctions.Core.Calendar.Import;
using InterviewFunctions.Tests.Support;
using NodaTime;

namespace InterviewFunctions.Tests.Core.Calendar.Import;

/// <summary>
/// Calendars in the shapes Outlook, Google Calendar and Thunderbird export (written for these tests from their
/// documented formats, in Fixtures/), read end to end: every event's instants, zone, people and text.
/// </summary>
public sealed class IcsFixtureTests
{
    internal static readonly IcsParseOptions Options = new(
        DateTimeZoneProviders.Tzdb["Europe/Paris"],
        Instant.FromUtc(2026, 3, 1, 0, 0),
        Instant.FromUtc(2026, 7, 1, 0, 0));

    internal static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "InterviewFunctions.Tests", "Core", "Calendar", "Fixtures", name));

    private static Instant Utc(int month, int day, int hour, int minute = 0) => Instant.FromUtc(2026, month, day, hour, minute);

    [Fact]
    public void Outlook_export_with_windows_zone_names_resolves_each_event_across_the_change_to_summer_time()
    {
        var calendar = IcsParser.Parse(Fixture("outlook-windows-zones.ics"), Options);

        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal(4, calendar.VEventCount);
        Assert.Equal(3, calendar.Events.Count);

        var technical = calendar.Events[0];
        Assert.Equal("040000008200E00074C5B7101A82E00800000000A1B2C3D4E5F6D2010000000000000000100000009F8E7D6C5B4A39281726354453627180", technical.Uid);
        Assert.Equal(technical.Uid, technical.EventId);
        Assert.Null(technical.RecurrenceId);
        // 10:00 Berlin on 26 March is still winter time (+01:00).
        Assert.Equal(Utc(3, 26, 9), technical.Start);
        Assert.Equal(Utc(3, 26, 10), technical.End);
        Assert.Equal("Europe/Berlin", technical.TimeZoneId);
        Assert.Equal(0, technical.Sequence);
        Assert.Equal(Utc(3, 1, 10, 15), technical.Stamp);
        Assert.Equal(Utc(3, 1, 10, 15), technical.LastModified);
        Assert.Equal(IcsEventStatus.Confirmed, technical.Status);
        Assert.Equal("Technical interview: Ada Lovelace", technical.Summary);
        Assert.Equal(
            "Technical interview for the Backend Engineer role. Please bring a laptop; we will pair on a small exercise, then talk about system design.\nDial-in: +49 30 1234567\n\n",
            technical.Description);
        Assert.Equal("Berlin office, Room 4.12", technical.Location);
        Assert.Equal(new IcsAttendee("Recruiter, Jane", "jane.recruiter@acme.test"), technical.Organizer);
        Assert.Equal(
            [
                new IcsAttendee("Ada Lovelace", "ada@example.com", "REQ-PARTICIPANT", null, "NEEDS-ACTION"),
                new IcsAttendee("Bob Builder", "bob@acme.test", "REQ-PARTICIPANT"),
                new IcsAttendee("Room 4.12", "room412@acme.test", "NON-PARTICIPANT", "RESOURCE"),
            ],
            technical.Attendees);
        Assert.Equal(39, technical.Line);

        var onsite = calendar.Events[1];
        // 10:00 Berlin on 30 March is summer time (+02:00).
        Assert.Equal(Utc(3, 30, 8), onsite.Start);
        Assert.Equal(Utc(3, 30, 9, 30), onsite.End);
        Assert.Equal(2, onsite.Sequence);

        var phone = calendar.Events[2];
        // The US changed on 8 March: 09:00 Pacific on 9 March is -07:00.
        Assert.Equal(Utc(3, 9, 16), phone.Start);
        Assert.Equal("America/Los_Angeles", phone.TimeZoneId);

        var allDay = Assert.Single(calendar.Skipped);
        Assert.Equal("outlook-allday@acme.test", allDay.Uid);
        Assert.Contains("all-day", allDay.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Outlook_custom_zones_are_read_by_their_own_rules_and_matched_to_a_known_zone()
    {
        var calendar = IcsParser.Parse(Fixture("outlook-custom-zones.ics"), Options);

        Assert.Equal(3, calendar.Events.Count);
        var design = calendar.Events[0];
        // "Customized Time Zone" has the US Eastern rules: 09:00 on 10 March 2026 is after the change on the 8th (-04:00).
        Assert.Equal(Utc(3, 10, 13), design.Start);
        Assert.Equal(Utc(3, 10, 14), design.End);
        Assert.Equal("America/New_York", design.TimeZoneId);
        Assert.Equal(1, design.Sequence);
        Assert.Equal(new IcsAttendee("Lovelace, Ada", "ada@example.com"), Assert.Single(design.Attendees));

        var behavioral = calendar.Events[1];
        // The zone named by Outlook's display name: the cities it lists are tried first.
        Assert.Equal(Utc(3, 31, 12), behavioral.Start);
        Assert.Equal(Utc(3, 31, 12, 30), behavioral.End);
        Assert.Equal("Europe/Amsterdam", behavioral.TimeZoneId);

        var odd = calendar.Events[2];
        // +03:17 is no zone's offset: the instant follows the definition, the display falls back to the default zone.
        Assert.Equal(Utc(3, 12, 5, 43), odd.Start);
        Assert.Equal("Europe/Paris", odd.TimeZoneId);
        Assert.Contains(calendar.Notes, n => n.Contains("Customized Time Zone 1", StringComparison.Ordinal) && n.Contains("matches no known zone", StringComparison.Ordinal));
        Assert.Contains(calendar.Notes, n => n.Contains("America/New_York", StringComparison.Ordinal));
    }

    [Fact]
    public void Google_export_reads_utc_times_in_the_calendar_zone_and_expands_the_series_with_its_exception_and_override()
    {
        var calendar = IcsParser.Parse(Fixture("google-calendar.ics"), Options);

        Assert.Equal("Hiring - Backend", calendar.CalendarName);
        Assert.Equal("Europe/London", calendar.TimeZoneId);
        var technical = calendar.Events[0];
        Assert.Equal("3q2kd8f7vlm0ab1cde2fgh3ijk@google.com", technical.Uid);
        Assert.Equal(Utc(3, 12, 15), technical.Start);
        Assert.Equal("Europe/London", technical.TimeZoneId);
        Assert.Equal(["grace@example.com", "bob@acme.test"], technical.Attendees.Select(a => a.Email));
        Assert.Equal(["grace@example.com", "Bob Builder"], technical.Attendees.Select(a => a.Name));
        Assert.StartsWith("-::~:~::~:~:~", technical.Description, StringComparison.Ordinal);
        Assert.Contains("Join with Google Meet: https://meet.google.com/abc-defg-hij", technical.Description, StringComparison.Ordinal);
        Assert.Equal("", technical.Location);

        var series = calendar.Events.Where(e => e.Uid == "7h6g5f4e3d2c1b0a9z8y7x6w5v@google.com").ToList();
        // Six Tuesdays from 3 March; the 17th is excepted; the 24th moved to Wednesday 25th 16:00; London goes to
        // summer time on 29 March, so the 14:00 occurrences after it are 13:00 UTC.
        Assert.Equal([Utc(3, 3, 14), Utc(3, 10, 14), Utc(3, 25, 16), Utc(3, 31, 13), Utc(4, 7, 13)], series.Select(e => e.Start));
        Assert.Equal([Utc(3, 3, 14), Utc(3, 10, 14), Utc(3, 24, 14), Utc(3, 31, 13), Utc(4, 7, 13)], series.Select(e => e.RecurrenceId!.Value));
        Assert.All(series, e => Assert.Equal(Duration.FromMinutes(45), e.Length));
        var moved = series[2];
        Assert.Equal(1, moved.Sequence);
        Assert.Equal("Weekly mock interview (moved to Wednesday)", moved.Description);
        Assert.Equal("7h6g5f4e3d2c1b0a9z8y7x6w5v@google.com;RECURRENCE-ID=20260324T140000Z", moved.EventId);
        Assert.Equal(0, series[0].Sequence);

        var cancelled = Assert.Single(calendar.Events, e => e.Uid == "0cancelled1234567890@google.com");
        Assert.Equal(IcsEventStatus.Cancelled, cancelled.Status);
        Assert.Equal(3, cancelled.Sequence);

        Assert.Equal(7, calendar.Events.Count);
        Assert.Equal("allday9876543210@google.com", Assert.Single(calendar.Skipped).Uid);
    }

    [Fact]
    public void Thunderbird_export_reads_iana_zones_durations_monthly_and_daily_rules_and_floating_times()
    {
        var calendar = IcsParser.Parse(Fixture("thunderbird.ics"), Options);

        var manager = calendar.Events[0];
        Assert.Equal("9b2c7e4a-3f1d-4c8e-9a6b-2d5f8e1c0a7b", manager.Uid);
        Assert.Equal(Utc(3, 5, 14, 30), manager.Start);
        Assert.Equal(Utc(3, 5, 15, 30), manager.End);
        Assert.Equal("America/New_York", manager.TimeZoneId);
        Assert.Equal(new IcsAttendee("Bob Builder", "bob@acme.test", "CHAIR", null, "ACCEPTED"), manager.Attendees[1]);

        // The second Tuesday of each month until the end of May; February's is before the window.
        var panel = calendar.Events.Where(e => e.Uid == "1f8e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b").ToList();
        Assert.Equal([Utc(3, 10, 15), Utc(4, 14, 15), Utc(5, 12, 15)], panel.Select(e => e.Start));
        Assert.All(panel, e => Assert.Equal(Duration.FromMinutes(90), e.Length));

        // Every other day, four times from 7 March (the 9th and 11th excepted); New York changes on the 8th.
        var review = calendar.Events.Where(e => e.Uid == "c0ffee00-1111-2222-3333-444455556666").ToList();
        Assert.Equal([Utc(3, 7, 13), Utc(3, 13, 12)], review.Select(e => e.Start));

        var tokyo = Assert.Single(calendar.Events, e => e.Uid == "d00d0000-aaaa-bbbb-cccc-ddddeeeeffff");
        Assert.Equal(Utc(3, 18, 0), tokyo.Start);
        Assert.Equal("Asia/Tokyo", tokyo.TimeZoneId);

        var floating = Assert.Single(calendar.Events, e => e.Uid == "f10a7100-0000-4000-8000-000000000001");
        Assert.Equal(Utc(3, 19, 8), floating.Start);
        Assert.Equal("Europe/Paris", floating.TimeZoneId);

        Assert.Empty(calendar.Skipped);
        Assert.Equal(8, calendar.Events.Count);
    }

    [Theory]
    [InlineData("outlook-windows-zones.ics")]
    [InlineData("outlook-custom-zones.ics")]
    [InlineData("google-calendar.ics")]
    [InlineData("thunderbird.ics")]
    public void Line_endings_do_not_change_what_is_read(string name)
    {
        var crlf = IcsParser.Parse(Fixture(name), Options);
        var lf = IcsParser.Parse(Fixture(name).Replace("\r\n", "\n", StringComparison.Ordinal), Options);
        var bytes = IcsParser.Parse(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Fixture(name))).ToArray(), Options);

        Assert.Equal(crlf.Events.Select(Describe), lf.Events.Select(Describe));
        Assert.Equal(crlf.Events.Select(Describe), bytes.Events.Select(Describe));
    }

    private static string Describe(IcsEvent e) => $"{e.EventId} {e.Start} {e.End} {e.TimeZoneId} {e.Status} {e.Summary} {e.Description} {string.Join(",", e.Attendees)}";
}
