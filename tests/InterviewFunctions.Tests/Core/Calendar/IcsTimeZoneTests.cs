using InterviewFunctions.Core.Calendar;
using InterviewFunctions.Core.Email;
using NodaTime;

namespace InterviewFunctions.Tests.Core.Calendar;

/// <summary>
/// Each VTIMEZONE is read back the way a calendar client reads it (observance onsets, RRULE expansion) and compared
/// with NodaTime: at the interview, around every transition of the years it covers, and every three hours of the
/// interview's year.
/// </summary>
public sealed class IcsTimeZoneTests
{
    private static readonly IcsOptions Options = new(new DateTimeOffset(2026, 2, 1, 12, 0, 0, TimeSpan.Zero), new EmailAddress("hiring@acme.example"));

    private static IcsComponent TimeZoneOf(IcsComponent calendar) => Assert.Single(calendar.Components("VTIMEZONE"));

    [Theory]
    [InlineData("America/New_York", 2026, 3, 8, 9, 0)]     // the day clocks spring forward
    [InlineData("America/New_York", 2026, 3, 7, 9, 0)]     // the day before
    [InlineData("America/New_York", 2026, 11, 1, 9, 0)]    // the day clocks fall back
    [InlineData("America/New_York", 2026, 3, 8, 1, 30)]    // half an hour before the jump
    [InlineData("America/New_York", 2026, 3, 8, 3, 0)]     // the first valid minute after it
    [InlineData("Europe/London", 2026, 10, 25, 9, 30)]
    [InlineData("Europe/London", 2026, 3, 29, 0, 30)]
    [InlineData("Europe/London", 2026, 3, 29, 2, 0)]
    [InlineData("Asia/Kolkata", 2026, 6, 15, 14, 0)]
    [InlineData("Pacific/Chatham", 2026, 9, 27, 10, 0)]    // +13:45 from 02:45 that morning
    [InlineData("Pacific/Chatham", 2026, 4, 5, 10, 0)]     // +12:45 from 03:45 daylight time that morning
    [InlineData("Pacific/Chatham", 2026, 4, 5, 2, 0)]      // before the fall-back
    [InlineData("Australia/Lord_Howe", 2026, 10, 4, 9, 0)] // half-hour daylight saving
    [InlineData("America/St_Johns", 2026, 11, 1, 9, 0)]    // -03:30 / -02:30
    [InlineData("Europe/Dublin", 2026, 10, 25, 9, 0)]
    [InlineData("America/Sao_Paulo", 2026, 11, 2, 9, 0)]   // no daylight saving since 2019
    [InlineData("America/Mexico_City", 2026, 4, 5, 9, 0)]  // none since 2022
    [InlineData("Europe/Istanbul", 2026, 3, 29, 9, 0)]     // none since 2016
    [InlineData("Asia/Tehran", 2026, 3, 22, 9, 0)]         // none since 2022
    [InlineData("Africa/Casablanca", 2026, 3, 1, 9, 0)]    // clocks change around Ramadan, not on a weekday rule
    [InlineData("America/Sao_Paulo", 2019, 1, 15, 9, 0)]   // the last summer with daylight saving
    [InlineData("Etc/UTC", 2026, 6, 1, 9, 0)]
    [InlineData("Australia/Sydney", 2027, 4, 4, 9, 0)]
    public void Local_times_resolve_through_the_vtimezone_exactly_as_nodatime_says(string zoneId, int year, int month, int day, int hour, int minute)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var interview = TestInterviews.At(zoneId, year, month, day, hour, minute);

        var calendar = IcsReader.Parse(IcsCalendar.ForInterview(interview, IcsMethod.Request, Options));
        var vtimezone = TimeZoneOf(calendar);
        var vevent = Assert.Single(calendar.Components("VEVENT"));

        Assert.Equal(zoneId, vtimezone.Value("TZID"));
        Assert.Equal(interview.ScheduledStart, IcsReader.Instant(calendar, vevent.One("DTSTART")).ToDateTimeOffset());
        Assert.Equal(interview.ScheduledEnd, IcsReader.Instant(calendar, vevent.One("DTEND")).ToDateTimeOffset());
        var from = Instant.FromUtc(year, 1, 1, 0, 0);
        var to = Instant.FromUtc(year + 1, 1, 1, 0, 0);
        foreach (var interval in zone.GetZoneIntervals(from, to).Skip(1))
        {
            foreach (var instant in new[] { interval.Start - Duration.FromSeconds(1), interval.Start, interval.Start + Duration.FromSeconds(1) })
            {
                Assert.Equal(zone.GetUtcOffset(instant), IcsReader.OffsetAt(vtimezone, instant));
            }
        }
        for (var instant = from; instant < to; instant += Duration.FromHours(3))
        {
            Assert.Equal(zone.GetUtcOffset(instant), IcsReader.OffsetAt(vtimezone, instant));
        }
    }

    [Theory]
    [InlineData("America/New_York", "DAYLIGHT", "20250309T020000", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "-0500", "-0400", "EDT")]
    [InlineData("America/New_York", "STANDARD", "20251102T020000", "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "-0400", "-0500", "EST")]
    [InlineData("Europe/London", "DAYLIGHT", "20250330T010000", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "+0000", "+0100", "BST")]
    [InlineData("Europe/London", "STANDARD", "20251026T020000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "+0100", "+0000", "GMT")]
    [InlineData("Pacific/Chatham", "DAYLIGHT", "20250928T024500", "FREQ=YEARLY;BYMONTH=9;BYDAY=-1SU", "+1245", "+1345", "+1345")]
    [InlineData("Pacific/Chatham", "STANDARD", "20250406T034500", "FREQ=YEARLY;BYMONTH=4;BYDAY=1SU", "+1345", "+1245", "+1245")]
    public void Zones_with_a_yearly_rule_get_two_observances_with_an_rrule(string zoneId, string kind, string start, string rule, string offsetFrom, string offsetTo, string name)
    {
        var interview = TestInterviews.At(zoneId, 2026, 7, 1, 9, 0);

        var vtimezone = TimeZoneOf(IcsReader.Parse(IcsCalendar.ForInterview(interview, IcsMethod.Request, Options)));

        Assert.Equal(2, vtimezone.Children.Count);
        var observance = Assert.Single(vtimezone.Components(kind));
        Assert.Equal(start, observance.Value("DTSTART"));
        Assert.Equal(rule, observance.Value("RRULE"));
        Assert.Equal(offsetFrom, observance.Value("TZOFFSETFROM"));
        Assert.Equal(offsetTo, observance.Value("TZOFFSETTO"));
        Assert.Equal(name, observance.Value("TZNAME"));
    }

    [Theory]
    [InlineData("Asia/Kolkata", "+0530", "IST")]
    [InlineData("America/Sao_Paulo", "-0300", "-03")]
    [InlineData("Europe/Istanbul", "+0300", "+03")]
    [InlineData("Etc/UTC", "+0000", "UTC")]
    public void Zones_without_daylight_saving_get_one_standard_observance(string zoneId, string offset, string name)
    {
        var interview = TestInterviews.At(zoneId, 2026, 7, 1, 9, 0);

        var vtimezone = TimeZoneOf(IcsReader.Parse(IcsCalendar.ForInterview(interview, IcsMethod.Request, Options)));

        var observance = Assert.Single(vtimezone.Children);
        Assert.Equal("STANDARD", observance.Name);
        Assert.False(observance.Has("RRULE"));
        Assert.Equal(offset, observance.Value("TZOFFSETTO"));
        Assert.Equal(name, observance.Value("TZNAME"));
        Assert.True(IcsReader.Local(observance.Value("DTSTART")).Year < 2025);
    }

    [Fact]
    public void A_zone_whose_changes_follow_no_weekday_rule_gets_each_change_as_its_own_observance()
    {
        var interview = TestInterviews.At("Africa/Casablanca", 2026, 3, 1, 9, 0);

        var vtimezone = TimeZoneOf(IcsReader.Parse(IcsCalendar.ForInterview(interview, IcsMethod.Request, Options)));

        Assert.True(vtimezone.Children.Count > 2);
        Assert.All(vtimezone.Children, o => Assert.False(o.Has("RRULE")));
    }

    [Fact]
    public void Interviews_years_apart_widen_the_years_covered()
    {
        var first = TestInterviews.At("America/New_York", 2026, 3, 8, 9, 0);
        var second = TestInterviews.At("America/New_York", 2028, 11, 5, 9, 0) with { Id = "iv-2" };

        var calendar = IcsReader.Parse(IcsCalendar.Feed([first, second], "Interviews", Options));
        var vtimezone = TimeZoneOf(calendar);

        Assert.Equal("20250309T020000", vtimezone.Components("DAYLIGHT").Single().Value("DTSTART"));
        foreach (var (vevent, interview) in calendar.Components("VEVENT").Zip([first, second]))
        {
            Assert.Equal(interview.ScheduledStart, IcsReader.Instant(calendar, vevent.One("DTSTART")).ToDateTimeOffset());
        }
    }
}
