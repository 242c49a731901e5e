using InterviewFunctions.Core.Email;

namespace InterviewFunctions.Tests.Core.Email;

public sealed class TimeTextTests
{
    [Theory]
    [InlineData("America/New_York", 2026, 3, 7, 9, 0, "Saturday 7 March 2026, 09:00 (America/New_York, EST)")]
    [InlineData("America/New_York", 2026, 3, 8, 9, 0, "Sunday 8 March 2026, 09:00 (America/New_York, EDT)")]
    [InlineData("America/New_York", 2026, 11, 1, 9, 0, "Sunday 1 November 2026, 09:00 (America/New_York, EST)")]
    [InlineData("Europe/London", 2026, 3, 29, 10, 0, "Sunday 29 March 2026, 10:00 (Europe/London, BST)")]
    [InlineData("Europe/London", 2026, 10, 25, 9, 30, "Sunday 25 October 2026, 09:30 (Europe/London, GMT)")]
    [InlineData("Asia/Kolkata", 2026, 6, 15, 14, 0, "Monday 15 June 2026, 14:00 (Asia/Kolkata, IST)")]
    [InlineData("Pacific/Chatham", 2026, 9, 27, 10, 0, "Sunday 27 September 2026, 10:00 (Pacific/Chatham, UTC+13:45)")]
    [InlineData("Pacific/Chatham", 2026, 4, 5, 10, 0, "Sunday 5 April 2026, 10:00 (Pacific/Chatham, UTC+12:45)")]
    [InlineData("America/Sao_Paulo", 2026, 12, 1, 8, 5, "Tuesday 1 December 2026, 08:05 (America/Sao_Paulo, UTC-03:00)")]
    public void Local_times_carry_the_zone_and_the_abbreviation_in_force(string zone, int year, int month, int day, int hour, int minute, string expected) =>
        Assert.Equal(expected, TimeText.Local(TestInterviews.Instant(zone, year, month, day, hour, minute), zone));

    [Theory]
    [InlineData(72 * 60, "in 3 days")]
    [InlineData(24 * 60, "in 1 day")]
    [InlineData(48 * 60, "in 2 days")]
    [InlineData(120, "in 2 hours")]
    [InlineData(60, "in 1 hour")]
    [InlineData(30, "in 30 minutes")]
    [InlineData(1, "in 1 minute")]
    [InlineData(90, "in 1 hour 30 minutes")]
    [InlineData(36 * 60, "in 36 hours")]
    [InlineData(0, "now")]
    public void Time_left_reads_in_the_largest_whole_unit(int minutes, string expected) =>
        Assert.Equal(expected, TimeText.Until(TimeSpan.FromMinutes(minutes)));
}
