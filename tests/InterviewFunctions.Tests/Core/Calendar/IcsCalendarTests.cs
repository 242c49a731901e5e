using System.Text;
using InterviewFunctions.Core.Calendar;
using InterviewFunctions.Core.Email;
using InterviewFunctions.Core.Interviews;
using NodaTime;

namespace InterviewFunctions.Tests.Core.Calendar;

public sealed class IcsCalendarTests
{
    private static readonly DateTimeOffset Stamp = new(2026, 2, 1, 12, 0, 5, TimeSpan.Zero);
    private static readonly IcsOptions Options = new(Stamp, new EmailAddress("hiring@acme.example", "Acme Hiring"));

    private static IcsComponent Event(IcsComponent calendar) => Assert.Single(calendar.Components("VEVENT"));

    [Fact]
    public void An_invitation_carries_every_property_a_client_needs()
    {
        var interview = TestInterviews.At("America/New_York", 2026, 3, 10, 9, 0) with { ScheduleVersion = 2 };

        var calendar = IcsReader.Parse(IcsCalendar.ForInterview(interview, IcsMethod.Request, Options));
        var vevent = Event(calendar);

        Assert.Equal("VCALENDAR", calendar.Name);
        Assert.Equal(IcsCalendar.ProductId, calendar.Value("PRODID"));
        Assert.Equal("2.0", calendar.Value("VERSION"));
        Assert.Equal("GREGORIAN", calendar.Value("CALSCALE"));
        Assert.Equal("REQUEST", calendar.Value("METHOD"));
        Assert.Equal("iv-7f3a@interview-functions", vevent.Value("UID"));
        Assert.Equal("2", vevent.Value("SEQUENCE"));
        Assert.Equal("20260201T120005Z", vevent.Value("DTSTAMP"));
        Assert.Equal("20260105T080000Z", vevent.Value("CREATED"));
        Assert.Equal("20260105T090000Z", vevent.Value("LAST-MODIFIED"));
        Assert.Equal("America/New_York", vevent.One("DTSTART").Parameters["TZID"]);
        Assert.Equal("20260310T090000", vevent.Value("DTSTART"));
        Assert.Equal("20260310T100000", vevent.Value("DTEND"));
        Assert.Equal(interview.ScheduledStart, IcsReader.Instant(calendar, vevent.One("DTSTART")).ToDateTimeOffset());
        Assert.Equal(interview.ScheduledEnd, IcsReader.Instant(calendar, vevent.One("DTEND")).ToDateTimeOffset());
        Assert.Equal("Technical interview: Engineer at Acme", vevent.One("SUMMARY").Text);
        Assert.Equal(
            "Technical interview for the Engineer role at Acme.\nCandidate: Ada Lovelace\nInterviewers: Grace Hopper, Alan Turing\n"
            + "Duration: 60 minutes\nLocation: Acme HQ, 1 Main St, Floor 3\nJoin: https://meet.example.com/abc-defg?pwd=1&x=2",
            vevent.One("DESCRIPTION").Text);
        Assert.Equal("Acme HQ, 1 Main St, Floor 3", vevent.One("LOCATION").Text);
        Assert.Equal("https://meet.example.com/abc-defg?pwd=1&x=2", vevent.Value("URL"));
        var organizer = vevent.One("ORGANIZER");
        Assert.Equal("mailto:hiring@acme.example", organizer.Value);
        Assert.Equal("Acme Hiring", organizer.Parameters["CN"]);
        var attendees = vevent.All("ATTENDEE").ToList();
        Assert.Equal(["mailto:ada@example.com", "mailto:grace@acme.example", "mailto:alan@acme.example"], attendees.Select(a => a.Value));
        Assert.Equal(["Ada Lovelace", "Grace Hopper", "Alan Turing"], attendees.Select(a => a.Parameters["CN"]));
        Assert.All(attendees, a =>
        {
            Assert.Equal("REQ-PARTICIPANT", a.Parameters["ROLE"]);
            Assert.Equal("NEEDS-ACTION", a.Parameters["PARTSTAT"]);
            Assert.Equal("TRUE", a.Parameters["RSVP"]);
        });
        Assert.Equal("CONFIRMED", vevent.Value("STATUS"));
        Assert.Empty(vevent.Components("VALARM"));
        Assert.Equal("America/New_York", Assert.Single(calendar.Components("VTIMEZONE")).Value("TZID"));
    }

    [Fact]
    public void A_cancellation_keeps_the_uid_and_carries_the_version_as_sequence()
    {
        var interview = TestInterviews.At("Europe/London", 2026, 10, 25, 9, 30);
        var request = Event(IcsReader.Parse(IcsCalendar.ForInterview(interview, IcsMethod.Request, Options)));
        var cancelled = interview with { Status = InterviewStatus.Cancelled, ScheduleVersion = 3, CancellationReason = "Role filled; sorry" };

        var calendar = IcsReader.Parse(IcsCalendar.ForInterview(cancelled, IcsMethod.Cancel, Options with { Alarm = TimeSpan.FromMinutes(15) }));
        var vevent = Event(calendar);

        Assert.Equal("CANCEL", calendar.Value("METHOD"));
        Assert.Equal("CANCELLED", vevent.Value("STATUS"));
        Assert.Equal(request.Value("UID"), vevent.Value("UID"));
        Assert.Equal("3", vevent.Value("SEQUENCE"));
        Assert.StartsWith("This interview has been cancelled: Role filled; sorry\n", vevent.One("DESCRIPTION").Text, StringComparison.Ordinal);
        Assert.Equal(3, vevent.All("ATTENDEE").Count());
        Assert.All(vevent.All("ATTENDEE"), a => Assert.False(a.Parameters.ContainsKey("RSVP")));
        Assert.Empty(vevent.Components("VALARM"));
        Assert.Equal(interview.ScheduledStart, IcsReader.Instant(calendar, vevent.One("DTSTART")).ToDateTimeOffset());
    }

    [Fact]
    public void A_requested_alarm_is_a_display_alarm_before_the_start()
    {
        var interview = TestInterviews.At("Asia/Kolkata", 2026, 6, 15, 14, 0);

        var alarm = Assert.Single(Event(IcsReader.Parse(IcsCalendar.ForInterview(interview, IcsMethod.Request, Options with { Alarm = TimeSpan.FromHours(2) }))).Components("VALARM"));

        Assert.Equal("DISPLAY", alarm.Value("ACTION"));
        Assert.Equal("-PT120M", alarm.Value("TRIGGER"));
        Assert.Equal("Technical interview: Engineer at Acme", alarm.One("DESCRIPTION").Text);
    }

    [Fact]
    public void Utc_output_has_no_time_zone_blocks()
    {
        var interview = TestInterviews.At("Pacific/Chatham", 2026, 9, 27, 10, 0);

        var calendar = IcsReader.Parse(IcsCalendar.ForInterview(interview, IcsMethod.Publish, Options with { UseUtc = true }));
        var vevent = Event(calendar);

        Assert.Empty(calendar.Components("VTIMEZONE"));
        Assert.Equal("PUBLISH", calendar.Value("METHOD"));
        // 10:00 at +13:45 (daylight time began at 02:45 that morning).
        Assert.Equal("20260926T201500Z", vevent.Value("DTSTART"));
        Assert.Equal("20260926T211500Z", vevent.Value("DTEND"));
        Assert.All(vevent.All("ATTENDEE"), a => Assert.False(a.Parameters.ContainsKey("RSVP")));
    }

    [Fact]
    public void The_repeated_hour_of_a_fall_back_is_written_in_utc_because_a_local_time_there_means_the_first_one()
    {
        var first = TestInterviews.At("America/New_York", 2026, 11, 1, 1, 30);
        var second = first with { ScheduledStart = first.ScheduledStart.AddHours(1) };

        var firstEvent = IcsReader.Parse(IcsCalendar.ForInterview(first, IcsMethod.Request, Options));
        var secondEvent = IcsReader.Parse(IcsCalendar.ForInterview(second, IcsMethod.Request, Options));

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), first.ScheduledStart);
        Assert.Equal("20261101T013000", Event(firstEvent).Value("DTSTART"));
        Assert.Equal("20261101T063000Z", Event(secondEvent).Value("DTSTART"));
        Assert.Equal("20261101T023000", Event(secondEvent).Value("DTEND"));
        foreach (var calendar in new[] { firstEvent, secondEvent })
        {
            var vevent = Event(calendar);
            Assert.Equal(TimeSpan.FromHours(1), IcsReader.Instant(calendar, vevent.One("DTEND")) .ToDateTimeOffset() - IcsReader.Instant(calendar, vevent.One("DTSTART")).ToDateTimeOffset());
        }
    }

    [Fact]
    public void Text_values_are_escaped_and_names_in_parameters_are_quoted()
    {
        var interview = TestInterviews.At("Europe/London", 2026, 5, 4, 9, 0) with
        {
            Company = "Acme, Inc.; \"R&D\" \\ Labs",
            Role = "Lead\nEngineer\r\nPlatform",
            Candidate = new Candidate("O'Brien, Pat: \"PJ\"", "pat@example.com", "Europe/London"),
            Location = "Room 4;\tFloor\u0007 2",
        };

        var text = IcsCalendar.ForInterview(interview, IcsMethod.Request, Options);
        var vevent = Event(IcsReader.Parse(text));

        Assert.Contains(@"SUMMARY:Technical interview: Lead\nEngineer\nPlatform at Acme\, Inc.\; ""R&D"" \\ Labs", text.Replace("\r\n ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("Technical interview: Lead\nEngineer\nPlatform at Acme, Inc.; \"R&D\" \\ Labs", vevent.One("SUMMARY").Text);
        Assert.Equal("Room 4;\tFloor 2", vevent.One("LOCATION").Text);
        var candidate = vevent.All("ATTENDEE").First();
        Assert.Equal("O'Brien, Pat: 'PJ'", candidate.Parameters["CN"]);
        Assert.Equal("mailto:pat@example.com", candidate.Value);
    }

    [Fact]
    public void Long_lines_fold_at_75_octets_without_splitting_a_character()
    {
        var notes = string.Concat(Enumerable.Repeat("Zoë 日本語 🎉 café, ", 20));
        var interview = TestInterviews.At("Europe/London", 2026, 5, 4, 9, 0) with { Location = notes };

        var text = IcsCalendar.ForInterview(interview, IcsMethod.Request, Options);
        var lines = IcsReader.SplitBytes(Encoding.UTF8.GetBytes(text));

        Assert.Contains(lines, l => l.Length == 75 || l.Length >= 72);
        Assert.All(lines, l => Assert.InRange(l.Length, 1, 75));
        Assert.Equal(notes, Event(IcsReader.Parse(text)).One("LOCATION").Text);
    }

    [Theory]
    [InlineData(75, 1)]
    [InlineData(76, 2)]
    [InlineData(149, 2)]
    [InlineData(150, 3)]
    public void Folding_counts_octets_and_the_leading_space_of_a_continuation(int octets, int physicalLines)
    {
        var output = new StringBuilder();

        IcsText.AppendLine(output, new string('x', octets));

        var lines = IcsReader.SplitBytes(Encoding.UTF8.GetBytes(output.ToString()));
        Assert.Equal(physicalLines, lines.Count);
        Assert.All(lines.Skip(1), l => Assert.Equal((byte)' ', l[0]));
        Assert.Equal(new string('x', octets), output.ToString().Replace("\r\n ", "", StringComparison.Ordinal).TrimEnd('\r', '\n'));
    }

    [Fact]
    public void A_four_octet_character_that_would_cross_the_limit_moves_whole_to_the_next_line()
    {
        var output = new StringBuilder();

        IcsText.AppendLine(output, new string('x', 73) + "🎉" + "y");

        var lines = IcsReader.SplitBytes(Encoding.UTF8.GetBytes(output.ToString()));
        Assert.Equal(73, lines[0].Length);
        Assert.Equal(" 🎉y", Encoding.UTF8.GetString(lines[1]));
    }

    [Fact]
    public void A_feed_publishes_every_interview_with_one_time_zone_block_per_zone()
    {
        var newYork = TestInterviews.At("America/New_York", 2026, 3, 8, 9, 0);
        var newYorkLater = TestInterviews.At("America/New_York", 2027, 11, 7, 9, 0) with { Id = "iv-2" };
        var london = TestInterviews.At("Europe/London", 2026, 10, 25, 9, 30) with { Id = "iv-3", Status = InterviewStatus.Cancelled };

        var calendar = IcsReader.Parse(IcsCalendar.Feed([london, newYorkLater, newYork], "Acme interviews, 2026", Options));

        Assert.Equal("PUBLISH", calendar.Value("METHOD"));
        Assert.Equal("Acme interviews, 2026", calendar.One("X-WR-CALNAME").Text);
        Assert.Equal(["America/New_York", "Europe/London"], calendar.Components("VTIMEZONE").Select(z => z.Value("TZID")));
        var events = calendar.Components("VEVENT").ToList();
        Assert.Equal(["iv-7f3a@interview-functions", "iv-3@interview-functions", "iv-2@interview-functions"], events.Select(e => e.Value("UID")));
        Assert.Equal(["CONFIRMED", "CANCELLED", "CONFIRMED"], events.Select(e => e.Value("STATUS")));
        Assert.All(events.SelectMany(e => e.All("ATTENDEE")), a => Assert.False(a.Parameters.ContainsKey("RSVP")));
        foreach (var (vevent, interview) in events.Zip([newYork, london, newYorkLater]))
        {
            Assert.Equal(interview.ScheduledStart, IcsReader.Instant(calendar, vevent.One("DTSTART")).ToDateTimeOffset());
        }
    }

    [Fact]
    public void The_content_type_names_the_method()
    {
        Assert.Equal("text/calendar; method=REQUEST", IcsCalendar.ContentType(IcsMethod.Request));
        Assert.Equal("text/calendar; method=CANCEL", IcsCalendar.ContentType(IcsMethod.Cancel));
    }

    [Fact]
    public void A_meeting_link_that_is_not_http_is_not_offered_as_a_url()
    {
        var interview = TestInterviews.At("Europe/London", 2026, 5, 4, 9, 0) with { MeetingLink = "javascript:alert(1)", Location = null };

        var vevent = Event(IcsReader.Parse(IcsCalendar.ForInterview(interview, IcsMethod.Request, Options)));

        Assert.False(vevent.Has("URL"));
        Assert.False(vevent.Has("LOCATION"));
        Assert.DoesNotContain("javascript", vevent.One("DESCRIPTION").Text, StringComparison.Ordinal);
    }
}
