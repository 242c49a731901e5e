using InterviewFunctions.Core.Calendar;
using InterviewFunctions.Core.Calendar.Import;
using InterviewFunctions.Core.Email;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Tests.Core;
using NodaTime;

namespace InterviewFunctions.Tests.Core.Calendar.Import;

public sealed class IcsParserTests
{
    private static readonly IcsParseOptions Options = IcsFixtureTests.Options;

    /// <summary>A calendar around the given VEVENT lines (and optional components before them), CRLF-ended.</summary>
    internal static string CalendarText(params string[] lines) =>
        string.Join("\r\n", ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", .. lines, "END:VCALENDAR"]) + "\r\n";

    internal static string[] Event(string uid, params string[] lines) => ["BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:20260301T000000Z", .. lines, "END:VEVENT"];

    private static IcsEvent Single(params string[] lines) => Assert.Single(IcsParser.Parse(CalendarText(Event("one@test", lines)), Options).Events);

    private static Instant Utc(int month, int day, int hour, int minute = 0) => Instant.FromUtc(2026, month, day, hour, minute);

    [Fact]
    public void Folded_lines_are_joined_whether_the_fold_is_a_space_or_a_tab()
    {
        var text = CalendarText(Event("fold@test", "DTSTART:20260310T090000Z", "SUMMARY:Tech", " nical\tinter", "\tview")).Replace("\r\n", "\n", StringComparison.Ordinal);

        var e = Assert.Single(IcsParser.Parse(text, Options).Events);

        Assert.Equal("Technical\tinterview", e.Summary);
    }

    [Fact]
    public void Text_values_are_unescaped()
    {
        var e = Single("DTSTART:20260310T090000Z", @"DESCRIPTION:a\nb\Nc\, d\; e\\f \x", @"SUMMARY:Plain");

        Assert.Equal("a\nb\nc, d; e\\f x", e.Description);
        Assert.Equal("Plain", e.Summary);
    }

    [Fact]
    public void Parameters_take_quoted_values_with_delimiters_and_lists_of_values()
    {
        var e = Single(
            "DTSTART:20260310T090000Z",
            "ORGANIZER;CN=\"Doe, Jane; Recruiter: Hiring\";SENT-BY=\"mailto:a@x.test\":MAILTO:Jane@Acme.Test",
            "ATTENDEE;DELEGATED-FROM=\"mailto:a@x.test\",\"mailto:b@x.test\";cn=Bob;ROLE=opt-participant:mailto:bob@acme.test",
            "ATTENDEE;CN=Someone:urn:uuid:1234");

        Assert.Equal(new IcsAttendee("Doe, Jane; Recruiter: Hiring", "jane@acme.test"), e.Organizer);
        Assert.Equal(new IcsAttendee("Bob", "bob@acme.test", "OPT-PARTICIPANT"), e.Attendees[0]);
        Assert.Equal(new IcsAttendee("Someone", null), e.Attendees[1]);
    }

    [Fact]
    public void Utc_local_with_tzid_and_floating_times_become_the_right_instants()
    {
        var calendar = IcsParser.Parse(CalendarText(
            [
                .. Event("utc@test", "DTSTART:20260310T090000Z", "DTEND:20260310T100000Z"),
                .. Event("tzid@test", "DTSTART;TZID=America/Chicago:20260310T090000", "DTEND;TZID=America/Chicago:20260310T100000"),
                .. Event("windows@test", "DTSTART;TZID=Tokyo Standard Time:20260310T090000", "DURATION:PT30M"),
                .. Event("floating@test", "DTSTART:20260310T090000", "DURATION:PT30M"),
            ]), Options);

        Assert.Equal(
            [("utc@test", Utc(3, 10, 9), "Europe/Paris"), ("tzid@test", Utc(3, 10, 14), "America/Chicago"), ("windows@test", Utc(3, 10, 0), "Asia/Tokyo"), ("floating@test", Utc(3, 10, 8), "Europe/Paris")],
            calendar.Events.Select(e => (e.Uid, e.Start, e.TimeZoneId)));
        Assert.Equal(Utc(3, 10, 0, 30), calendar.Events[2].End);
    }

    [Fact]
    public void A_time_in_the_spring_gap_moves_forward_and_one_in_the_autumn_overlap_is_its_first_occurrence()
    {
        // Paris skips 02:00-03:00 on 29 March 2026 and repeats 02:00-03:00 on 25 October.
        var gap = Single("DTSTART;TZID=Europe/Paris:20260329T023000", "DURATION:PT1H");
        var overlap = Single("DTSTART;TZID=Europe/Paris:20261025T023000", "DURATION:PT1H");

        Assert.Equal(Utc(3, 29, 1, 30), gap.Start);
        Assert.Equal(Instant.FromUtc(2026, 10, 25, 0, 30), overlap.Start);
    }

    [Fact]
    public void Durations_in_weeks_days_hours_minutes_and_seconds_are_read()
    {
        Assert.Equal(Duration.FromMinutes(90), Single("DTSTART:20260310T090000Z", "DURATION:PT1H30M").Length);
        Assert.Equal(Duration.FromSeconds(45), Single("DTSTART:20260310T090000Z", "DURATION:PT45S").Length);
        Assert.Equal(Duration.FromDays(15), Single("DTSTART:20260310T090000Z", "DURATION:P2W1D").Length);
        Assert.Equal(Duration.FromHours(26), Single("DTSTART:20260310T090000Z", "DURATION:+P1DT2H").Length);
        Assert.Equal(Duration.Zero, Single("DTSTART:20260310T090000Z").Length);
    }

    [Fact]
    public void Status_sequence_stamps_and_url_are_read()
    {
        var e = Single("DTSTART:20260310T090000Z", "STATUS:cancelled", "SEQUENCE:7", "LAST-MODIFIED:20260302T101010Z", "URL:https://meet.example.com/x");

        Assert.Equal(IcsEventStatus.Cancelled, e.Status);
        Assert.Equal(7, e.Sequence);
        Assert.Equal(Instant.FromUtc(2026, 3, 1, 0, 0), e.Stamp);
        Assert.Equal(Instant.FromUtc(2026, 3, 2, 10, 10, 10), e.LastModified);
        Assert.Equal("https://meet.example.com/x", e.Url);
        Assert.Equal(IcsEventStatus.Tentative, Single("DTSTART:20260310T090000Z", "STATUS:TENTATIVE").Status);
    }

    [Fact]
    public void A_cancel_method_cancels_every_event_in_the_message()
    {
        var text = CalendarText(["METHOD:CANCEL", .. Event("c@test", "DTSTART:20260310T090000Z", "STATUS:CONFIRMED", "SEQUENCE:2")]);

        Assert.Equal(IcsEventStatus.Cancelled, Assert.Single(IcsParser.Parse(text, Options).Events).Status);
    }

    [Fact]
    public void Alarms_and_other_components_are_passed_over_but_their_nesting_is_checked()
    {
        var text = CalendarText(
        [
            "BEGIN:VTODO", "UID:todo@test", "DTSTART:20260310T090000Z", "END:VTODO",
            "BEGIN:X-CUSTOM", "X-THING:1", "END:X-CUSTOM",
            .. Event("a@test", "DTSTART:20260310T090000Z", "BEGIN:VALARM", "TRIGGER:-PT15M", "ACTION:DISPLAY", "DESCRIPTION:Alarm text", "END:VALARM", "SUMMARY:Real"),
        ]);

        var e = Assert.Single(IcsParser.Parse(text, Options).Events);
        Assert.Equal("Real", e.Summary);
        Assert.Null(e.Description);
    }

    [Fact]
    public void Weekly_rule_with_several_days_interval_and_until_stops_at_until()
    {
        var events = IcsParser.Parse(CalendarText(Event("w@test",
            "DTSTART;TZID=Europe/Paris:20260302T090000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20260402T080000Z")), Options).Events;

        // Mondays and Thursdays of every other week; 2 April 09:00 Paris is 07:00 UTC, before UNTIL.
        Assert.Equal(
            [Utc(3, 2, 8), Utc(3, 5, 8), Utc(3, 16, 8), Utc(3, 19, 8), Utc(3, 30, 7), Utc(4, 2, 7)],
            events.Select(e => e.Start));
    }

    [Fact]
    public void Monthly_rules_by_month_day_and_last_weekday()
    {
        var byMonthDay = IcsParser.Parse(CalendarText(Event("m1@test", "DTSTART:20260331T090000Z", "RRULE:FREQ=MONTHLY;COUNT=4")), Options).Events;
        var lastFriday = IcsParser.Parse(CalendarText(Event("m2@test", "DTSTART:20260327T090000Z", "RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=3")), Options).Events;
        var negativeDay = IcsParser.Parse(CalendarText(Event("m3@test", "DTSTART:20260331T090000Z", "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3")), Options).Events;

        // The 31st only in months that have one (RFC 5545: such months are skipped, and COUNT counts what occurs).
        Assert.Equal([Utc(3, 31, 9), Utc(5, 31, 9)], byMonthDay.Select(e => e.Start).Take(2));
        Assert.Equal([Utc(3, 27, 9), Utc(4, 24, 9), Utc(5, 29, 9)], lastFriday.Select(e => e.Start));
        Assert.Equal([Utc(3, 31, 9), Utc(4, 30, 9), Utc(5, 31, 9)], negativeDay.Select(e => e.Start));
    }

    [Fact]
    public void Daily_rule_keeps_the_wall_clock_time_across_a_change_of_offset_and_honours_exdate_lists()
    {
        var events = IcsParser.Parse(CalendarText(Event("d@test",
            "DTSTART;TZID=Europe/Paris:20260327T090000", "DURATION:PT30M", "RRULE:FREQ=DAILY;COUNT=5",
            "EXDATE;TZID=Europe/Paris:20260328T090000,20260330T090000")), Options).Events;

        Assert.Equal([Utc(3, 27, 8), Utc(3, 29, 7), Utc(3, 31, 7)], events.Select(e => e.Start));
    }

    [Fact]
    public void Only_occurrences_within_the_window_are_returned_and_an_endless_rule_starting_long_ago_reaches_the_window()
    {
        var options = Options with { WindowStart = Utc(4, 1, 0), WindowEnd = Utc(4, 8, 0) };

        var events = IcsParser.Parse(CalendarText(Event("old@test", "DTSTART:19900101T090000Z", "DURATION:PT1H", "RRULE:FREQ=DAILY")), options).Events;

        Assert.Equal(Enumerable.Range(1, 7).Select(d => Utc(4, d, 9)), events.Select(e => e.Start));
        Assert.All(events, e => Assert.Equal(e.Start, e.RecurrenceId));
    }

    [Fact]
    public void Overrides_replace_their_occurrence_and_a_cancelled_override_cancels_only_that_one()
    {
        var text = CalendarText(
        [
            .. Event("s@test", "DTSTART:20260302T090000Z", "DURATION:PT1H", "RRULE:FREQ=DAILY;COUNT=3", "SEQUENCE:1"),
            .. Event("s@test", "RECURRENCE-ID:20260303T090000Z", "DTSTART:20260303T150000Z", "DURATION:PT1H", "SEQUENCE:2"),
            .. Event("s@test", "RECURRENCE-ID:20260304T090000Z", "DTSTART:20260304T090000Z", "DURATION:PT1H", "STATUS:CANCELLED", "SEQUENCE:2"),
        ]);

        var events = IcsParser.Parse(text, Options).Events;

        Assert.Equal([Utc(3, 2, 9), Utc(3, 3, 15), Utc(3, 4, 9)], events.Select(e => e.Start));
        Assert.Equal([IcsEventStatus.Confirmed, IcsEventStatus.Confirmed, IcsEventStatus.Cancelled], events.Select(e => e.Status));
        Assert.Equal([1, 2, 2], events.Select(e => e.Sequence));
        Assert.Equal(3, events.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public void An_override_without_its_master_is_returned_as_an_occurrence()
    {
        var e = Assert.Single(IcsParser.Parse(CalendarText(Event("orphan@test", "RECURRENCE-ID:20260303T090000Z", "DTSTART:20260303T100000Z")), Options).Events);

        Assert.Equal(Utc(3, 3, 9), e.RecurrenceId);
        Assert.Equal(Utc(3, 3, 10), e.Start);
    }

    [Fact]
    public void Of_two_copies_of_one_event_the_higher_sequence_is_kept()
    {
        var calendar = IcsParser.Parse(CalendarText(
            [.. Event("dup@test", "DTSTART:20260310T090000Z", "SEQUENCE:3"), .. Event("dup@test", "DTSTART:20260311T090000Z", "SEQUENCE:1")]), Options);

        Assert.Equal(Utc(3, 10, 9), Assert.Single(calendar.Events).Start);
        Assert.Contains("older copy", Assert.Single(calendar.Skipped).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RRULE:FREQ=YEARLY", "FREQ=YEARLY is not supported")]
    [InlineData("RRULE:FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU", "BYSETPOS is not supported")]
    public void Rules_beyond_the_basic_ones_skip_the_event_with_the_reason(string rule, string reason)
    {
        var calendar = IcsParser.Parse(CalendarText(Event("r@test", "DTSTART:20260310T090000Z", rule)), Options);

        Assert.Empty(calendar.Events);
        Assert.Contains(reason, Assert.Single(calendar.Skipped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_tzid_without_a_vtimezone_skips_the_event_with_the_reason()
    {
        var calendar = IcsParser.Parse(CalendarText(Event("z@test", "DTSTART;TZID=Atlantis/Lost City:20260310T090000")), Options);

        Assert.Empty(calendar.Events);
        Assert.Contains("Atlantis/Lost City", Assert.Single(calendar.Skipped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_writer_produces_reads_back_to_the_same_interviews()
    {
        var interviews = new[]
        {
            TestInterviews.At("America/New_York", 2026, 3, 10, 9, 0) with { Id = "iv-1", ScheduleVersion = 3 },
            TestInterviews.At("Europe/Berlin", 2026, 3, 30, 10, 0) with { Id = "iv-2" },
            TestInterviews.At("Asia/Kolkata", 2026, 4, 2, 15, 30) with { Id = "iv-3", Status = InterviewStatus.Cancelled },
        };
        var feed = IcsCalendar.Feed(interviews, "Interviews", new IcsOptions(DateTimeOffset.UnixEpoch, new EmailAddress("hiring@acme.example", "Acme Hiring")));

        var events = IcsParser.Parse(feed, Options).Events;

        Assert.Equal(interviews.Select(i => IcsCalendar.UidOf(i)), events.Select(e => e.Uid));
        Assert.Equal(interviews.Select(i => Instant.FromDateTimeOffset(i.ScheduledStart)), events.Select(e => e.Start));
        Assert.Equal(interviews.Select(i => Instant.FromDateTimeOffset(i.ScheduledEnd)), events.Select(e => e.End));
        Assert.Equal(interviews.Select(i => i.TimeZone), events.Select(e => e.TimeZoneId));
        Assert.Equal([3, 1, 1], events.Select(e => e.Sequence));
        Assert.Equal([IcsEventStatus.Confirmed, IcsEventStatus.Confirmed, IcsEventStatus.Cancelled], events.Select(e => e.Status));
        Assert.Equal(interviews[0].Candidate.Email, events[0].Attendees[0].Email);
    }
}
