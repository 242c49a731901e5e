using System.Text;
using InterviewFunctions.Core.Calendar.Import;
using NodaTime;
using static InterviewFunctions.Tests.Core.Calendar.Import.IcsParserTests;

namespace InterviewFunctions.Tests.Core.Calendar.Import;

/// <summary>Malformed and hostile input: each is refused with the line it went wrong on, or read within its bounds.</summary>
public sealed class IcsBrokenInputTests
{
    private static readonly IcsParseOptions Options = IcsFixtureTests.Options;

    private static IcsFormatException Refused(string text, IcsParseOptions? options = null) =>
        Assert.Throws<IcsFormatException>(() => IcsParser.Parse(text, options ?? Options));

    [Fact]
    public void An_unterminated_component_names_the_line_it_began_on()
    {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@test\r\nDTSTART:20260310T090000Z\r\n";

        var error = Refused(text);

        Assert.Equal(3, error.LineNumber);
        Assert.Contains("BEGIN:VEVENT is never closed", error.Reason, StringComparison.Ordinal);
        Assert.StartsWith("Line 3: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_date_names_its_line_and_value()
    {
        var error = Refused(CalendarText(Event("a@test", "DTSTART:20260230T090000Z")));

        Assert.Equal(7, error.LineNumber);
        Assert.Contains("DTSTART has the value \"20260230T090000Z\"", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DTSTART:2026-03-10T09:00:00Z")]
    [InlineData("DTSTART:20261310T090000Z")]
    [InlineData("DTSTART:20260310T250000Z")]
    [InlineData("DTSTART:20260310T0900")]
    [InlineData("DTSTART;VALUE=DATE:20260310T090000Z")]
    [InlineData("DTSTART:")]
    public void Malformed_date_times_are_refused_on_their_line(string line)
    {
        Assert.Equal(7, Refused(CalendarText(Event("a@test", line))).LineNumber);
    }

    [Theory]
    [InlineData("DURATION:1H")]
    [InlineData("DURATION:PT")]
    [InlineData("DURATION:PT1H1D")]
    [InlineData("DURATION:P99999999999D")]
    [InlineData("DURATION:-PT1H")]
    [InlineData("SEQUENCE:many")]
    [InlineData("RRULE:COUNT=3")]
    [InlineData("RRULE:FREQ=WEEKLY;BYDAY=2XX")]
    [InlineData("RRULE:FREQ=WEEKLY;BYDAY=2MO")]
    [InlineData("RRULE:FREQ=DAILY;COUNT=3;UNTIL=20260401T000000Z")]
    [InlineData("RRULE:FREQ=FORTNIGHTLY")]
    [InlineData("RRULE:FREQ=DAILY;INTERVAL=0")]
    public void Malformed_values_are_refused_on_their_line(string line)
    {
        Assert.Equal(8, Refused(CalendarText(Event("a@test", "DTSTART:20260310T090000Z", line))).LineNumber);
    }

    [Fact]
    public void A_missing_dtstart_names_the_event_line()
    {
        var error = Refused(CalendarText(Event("a@test", "SUMMARY:No start")));

        Assert.Equal(4, error.LineNumber);
        Assert.Contains("has no DTSTART", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_uid_is_refused()
    {
        var error = Refused(CalendarText("BEGIN:VEVENT", "DTSTART:20260310T090000Z", "END:VEVENT"));

        Assert.Equal(4, error.LineNumber);
        Assert.Contains("no UID", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_end_that_does_not_match_its_begin_names_both_lines()
    {
        var error = Refused(CalendarText("BEGIN:VEVENT", "UID:a@test", "DTSTART:20260310T090000Z", "BEGIN:VALARM", "END:VEVENT"));

        Assert.Equal(8, error.LineNumber);
        Assert.Contains("END:VEVENT does not match BEGIN:VALARM of line 7", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Dtend_before_dtstart_and_both_dtend_and_duration_are_refused()
    {
        Assert.Equal(8, Refused(CalendarText(Event("a@test", "DTSTART:20260310T090000Z", "DTEND:20260310T080000Z"))).LineNumber);
        Assert.Equal(9, Refused(CalendarText(Event("a@test", "DTSTART:20260310T090000Z", "DTEND:20260310T100000Z", "DURATION:PT1H"))).LineNumber);
        Assert.Equal(8, Refused(CalendarText(Event("a@test", "DTSTART:20260310T090000Z", "DTSTART:20260310T100000Z"))).LineNumber);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("\r\n\r\n", 2)]
    [InlineData("BEGIN:VEVENT\r\nEND:VEVENT\r\n", 1)]
    [InlineData("SUMMARY:loose\r\n", 1)]
    [InlineData("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nEND:VCALENDAR\r\n", 3)]
    [InlineData("BEGIN:VCALENDAR\r\nNO COLON HERE\r\nEND:VCALENDAR\r\n", 2)]
    [InlineData("BEGIN:VCALENDAR\r\n:value\r\nEND:VCALENDAR\r\n", 2)]
    [InlineData("BEGIN:VCALENDAR\r\nX-A;P=\"open:x\r\nEND:VCALENDAR\r\n", 2)]
    [InlineData("BEGIN:VCALENDAR\r\nX-A;P:x\r\nEND:VCALENDAR\r\n", 2)]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nEND:VCALENDAR\r\n", 2)]
    [InlineData(" folded first\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", 1)]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:\r\nEND:VCALENDAR\r\n", 2)]
    public void Structural_errors_name_their_line(string text, int line)
    {
        Assert.Equal(line, Refused(text).LineNumber);
    }

    [Fact]
    public void Binary_junk_is_refused_as_text_and_as_bytes()
    {
        var random = new Random(42);
        var junk = new byte[4096];
        random.NextBytes(junk);
        var asBytes = Assert.Throws<IcsFormatException>(() => IcsParser.Parse(junk, Options));
        Assert.Contains("not UTF-8", asBytes.Reason, StringComparison.Ordinal);

        var asText = Refused("\0\0\0\u0001\u0002binary");
        Assert.Equal(1, asText.LineNumber);
        Assert.Contains("Control character U+0000", asText.Reason, StringComparison.Ordinal);
        Assert.Equal(1, Refused("\u0089PNG\r\n\u001a\n").LineNumber);

        var nulInside = CalendarText(Event("a@test", "DTSTART:20260310T090000Z", "SUMMARY:ok\0not ok"));
        Assert.Equal(8, Refused(nulInside).LineNumber);
    }

    [Fact]
    public void Invalid_utf8_names_the_line_it_is_on()
    {
        var bytes = Encoding.UTF8.GetBytes(CalendarText(Event("a@test", "DTSTART:20260310T090000Z", "SUMMARY:caf#"))).ToList();
        bytes[bytes.IndexOf((byte)'#')] = 0xC3;

        var error = Assert.Throws<IcsFormatException>(() => IcsParser.Parse(bytes.ToArray(), Options));

        Assert.Equal(8, error.LineNumber);
    }

    [Fact]
    public void A_ten_megabyte_line_is_refused_at_that_line_without_reading_it_all_as_one_value()
    {
        var huge = CalendarText(Event("a@test", "DTSTART:20260310T090000Z", "DESCRIPTION:" + new string('x', 10 * 1024 * 1024)));

        var error = Refused(huge);

        Assert.Equal(8, error.LineNumber);
        Assert.Contains("longer than", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_line_made_of_many_folds_is_refused_too()
    {
        var folds = string.Join("\r\n", Enumerable.Repeat(" " + new string('y', 70), 20_000));
        var text = CalendarText(Event("a@test", "DTSTART:20260310T090000Z", "DESCRIPTION:start\r\n" + folds));

        Assert.Equal(8, Refused(text).LineNumber);
    }

    [Fact]
    public void Input_over_the_size_limit_is_refused_before_it_is_read()
    {
        var options = Options with { Limits = new IcsLimits { MaxCharacters = 1000 } };

        var error = Refused(CalendarText(Event("a@test", "DTSTART:20260310T090000Z", "DESCRIPTION:" + new string('x', 2000))), options);

        Assert.Equal(1, error.LineNumber);
        Assert.Contains("larger than 1000", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_events_are_refused_at_the_first_one_over_the_limit()
    {
        var options = Options with { Limits = new IcsLimits { MaxEvents = 2 } };
        var text = CalendarText([.. Event("a@test", "DTSTART:20260310T090000Z"), .. Event("b@test", "DTSTART:20260310T090000Z"), .. Event("c@test", "DTSTART:20260310T090000Z")]);

        var error = Refused(text, options);

        Assert.Equal(14, error.LineNumber);
        Assert.Contains("more than 2 events", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var text = "BEGIN:VCALENDAR\r\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"BEGIN:X-{i}\r\n"));

        Assert.Contains("nested more than", Refused(text).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_billion_occurrence_rule_is_cut_to_the_window_and_the_cap()
    {
        var text = CalendarText(Event("a@test", "DTSTART:20260301T090000Z", "DURATION:PT1H", "RRULE:FREQ=DAILY;COUNT=1000000000"));
        var wide = Options with { WindowEnd = Instant.FromUtc(9000, 1, 1, 0, 0), Limits = new IcsLimits { MaxOccurrencesPerEvent = 500 } };

        var inWindow = IcsParser.Parse(text, Options);
        var capped = IcsParser.Parse(text, wide);

        // March to June: 122 days of the window.
        Assert.Equal(122, inWindow.Events.Count);
        Assert.Equal(500, capped.Events.Count);
        Assert.Contains(capped.Notes, n => n.Contains("more than 500 occurrences", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rule_that_never_matches_stops_after_its_step_limit()
    {
        // The 31st of February never comes: each step yields nothing, so only the step limit ends the loop.
        var text = CalendarText(Event("a@test", "DTSTART:20260201T090000Z", "RRULE:FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=31"));
        var wide = Options with { WindowEnd = Instant.FromUtc(9000, 1, 1, 0, 0), Limits = new IcsLimits { MaxRecurrenceSteps = 10_000 } };

        var calendar = IcsParser.Parse(text, wide);

        Assert.Empty(calendar.Events);
        Assert.Contains(calendar.Notes, n => n.Contains("10000 periods", StringComparison.Ordinal));
    }

    [Fact]
    public void Rules_reaching_the_end_of_the_calendar_stop_there()
    {
        var text = CalendarText(Event("a@test", "DTSTART:89981201T090000Z", "RRULE:FREQ=MONTHLY;INTERVAL=5000"));
        var wide = Options with { WindowStart = Instant.FromUtc(8990, 1, 1, 0, 0), WindowEnd = Instant.MaxValue };

        var calendar = IcsParser.Parse(text, wide);

        Assert.Equal(Instant.FromUtc(8998, 12, 1, 9, 0), Assert.Single(calendar.Events).Start);
        Assert.Equal(9, Refused(CalendarText(Event("a@test", "DTSTART:20260301T090000Z", "RRULE:FREQ=DAILY;COUNT=2", "RDATE:90010101T090000Z"))).LineNumber);
    }

    /// <summary>Every prefix and many single-character corruptions of real exports: only the typed error, never another exception.</summary>
    [Theory]
    [InlineData("outlook-windows-zones.ics")]
    [InlineData("outlook-custom-zones.ics")]
    [InlineData("google-calendar.ics")]
    [InlineData("thunderbird.ics")]
    public void Truncated_and_corrupted_exports_raise_only_the_typed_error(string fixture)
    {
        var text = IcsFixtureTests.Fixture(fixture);
        var random = new Random(fixture.Length);
        var inputs = Enumerable.Range(0, text.Length / 7).Select(i => text[..(i * 7)]).ToList();
        const string alphabet = ":;,=\"\\ \r\nTZ0123456789-+PWDHMS";
        for (var i = 0; i < 1500; i++)
        {
            var chars = text.ToCharArray();
            for (var k = 0; k < 3; k++)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }
            inputs.Add(new string(chars));
        }
        foreach (var input in inputs)
        {
            try
            {
                IcsParser.Parse(input, Options);
            }
            catch (IcsFormatException e)
            {
                Assert.InRange(e.LineNumber, 1, input.Split(["\r\n", "\r", "\n"], StringSplitOptions.None).Length + 1);
            }
        }
    }

    // The parser copies out only the properties it uses; the others must still be checked as strictly.
    [Theory]
    [InlineData("X-MICROSOFT-CDO-BUSYSTATUS;X-P=a\"b:BUSY", "inside an unquoted value")]
    [InlineData("CATEGORIES;:Interview", "has no name")]
    [InlineData("TRANSP;X-P=\"OPAQUE", "is never closed")]
    [InlineData("CLASS PUBLIC", "Expected ':'")]
    public void Malformed_lines_the_parser_passes_over_are_still_refused(string line, string reason)
    {
        var inEvent = Refused(CalendarText(Event("a@test", "DTSTART:20260310T090000Z", line)));
        var inAlarm = Refused(CalendarText(Event("a@test", "DTSTART:20260310T090000Z", "BEGIN:VALARM", "ACTION:DISPLAY", line, "END:VALARM")));

        Assert.Equal(8, inEvent.LineNumber);
        Assert.Contains(reason, inEvent.Reason, StringComparison.Ordinal);
        Assert.Equal(10, inAlarm.LineNumber);
        Assert.Contains(reason, inAlarm.Reason, StringComparison.Ordinal);
    }
}
