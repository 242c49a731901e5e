using InterviewFunctions.App.Triggers;

namespace InterviewFunctions.Tests.Triggers;

public sealed class NcrontabScheduleTests
{
    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second) => new(year, month, day, hour, minute, second, TimeSpan.Zero);

    [Theory]
    [InlineData("0 */5 * * * *", "2026-11-21T09:02:30Z", "2026-11-21T09:05:00Z")]
    [InlineData("0 */5 * * * *", "2026-11-21T09:05:00Z", "2026-11-21T09:10:00Z")]
    [InlineData("*/15 * * * * *", "2026-11-21T09:00:00Z", "2026-11-21T09:00:15Z")]
    [InlineData("5/20 * * * * *", "2026-11-21T09:00:25Z", "2026-11-21T09:00:45Z")]
    [InlineData("0 30 9 * * 1-5", "2026-11-20T09:30:00Z", "2026-11-23T09:30:00Z")]
    [InlineData("0 0 8-12/2 * * *", "2026-11-21T08:00:00Z", "2026-11-21T10:00:00Z")]
    [InlineData("0 0 12 * * SUN", "2026-11-21T13:00:00Z", "2026-11-22T12:00:00Z")]
    [InlineData("0 0 12 * * 7", "2026-11-21T13:00:00Z", "2026-11-22T12:00:00Z")]
    [InlineData("0 0 0 1 JAN,jul *", "2026-11-21T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("0 0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("0 15,45 * * * *", "2026-12-31T23:50:00Z", "2027-01-01T00:15:00Z")]
    [InlineData("0 0 9 13 * FRI", "2026-01-01T00:00:00Z", "2026-02-13T09:00:00Z")]
    public void The_next_occurrence_follows_every_field(string expression, string after, string expected)
    {
        var next = NcrontabSchedule.Parse(expression).NextAfter(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void The_next_occurrence_is_strictly_later_even_within_the_same_second()
    {
        var schedule = NcrontabSchedule.Parse("* * * * * *");

        Assert.Equal(Utc(2026, 11, 21, 9, 0, 1), schedule.NextAfter(Utc(2026, 11, 21, 9, 0, 0).AddMilliseconds(400)));
    }

    [Fact]
    public void A_schedule_that_can_never_match_has_no_next_occurrence()
    {
        Assert.Null(NcrontabSchedule.Parse("0 0 0 31 2 *").NextAfter(Utc(2026, 1, 1, 0, 0, 0)));
    }

    [Theory]
    [InlineData("* * * * *")]
    [InlineData("* * * * * * *")]
    [InlineData("60 * * * * *")]
    [InlineData("* 60 * * * *")]
    [InlineData("* * 24 * * *")]
    [InlineData("* * * 0 * *")]
    [InlineData("* * * * 13 *")]
    [InlineData("* * * * * 8")]
    [InlineData("*/0 * * * * *")]
    [InlineData("5-1 * * * * *")]
    [InlineData("a * * * * *")]
    [InlineData("1,,2 * * * * *")]
    [InlineData("")]
    public void An_invalid_expression_is_refused(string expression)
    {
        Assert.Throws<FormatException>(() => NcrontabSchedule.Parse(expression));
    }
}
