using System.Text;
using System.Text.Json;
using InterviewFunctions.App.Interviews;
using InterviewFunctions.Core.Json;
using NodaTime;
using NodaTime.Text;

namespace InterviewFunctions.Tests.Core;

public sealed class UtcSecondsConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new UtcSecondsConverter() } };

    [Theory]
    [InlineData("\"2026-12-01T09:00:00Z\"", "2026-12-01T09:00:00Z")]
    [InlineData("\"2028-02-29T23:59:59Z\"", "2028-02-29T23:59:59Z")]
    [InlineData("\"2026-12-01T10:00:00+01:00\"", "2026-12-01T09:00:00Z")]
    [InlineData("\"2026-12-01T09:00:00.5Z\"", "2026-12-01T09:00:00Z")]
    public void Instants_read_in_any_iso_form_and_are_written_in_the_fixed_form(string json, string written)
    {
        var instant = JsonSerializer.Deserialize<DateTimeOffset>(json, Options);

        Assert.Equal($"\"{written}\"", JsonSerializer.Serialize(instant.AddTicks(-(instant.Ticks % TimeSpan.TicksPerSecond)), Options));
        Assert.Equal(TimeSpan.Zero, instant.Offset);
    }

    [Theory]
    [InlineData("2026-02-30T09:00:00Z")]
    [InlineData("2026-13-01T09:00:00Z")]
    [InlineData("2026-12-01T24:00:00Z")]
    [InlineData("2026-12-01 09:00:00Z")]
    [InlineData("2026-12-01T09:00:00+")]
    public void The_fast_path_refuses_anything_but_a_valid_fixed_instant(string text) =>
        Assert.False(UtcSecondsConverter.TryParseFixed(Encoding.ASCII.GetBytes(text), out _));

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("UTC")]
    public void Local_times_match_nodatime_rfc3339_across_a_year_of_transitions(string zone)
    {
        var tz = DateTimeZoneProviders.Tzdb[zone];
        for (var instant = new DateTimeOffset(2026, 1, 1, 0, 30, 0, TimeSpan.Zero); instant.Year < 2027; instant = instant.AddHours(7))
        {
            var expected = OffsetDateTimePattern.Rfc3339.Format(Instant.FromDateTimeOffset(instant).InZone(tz).ToOffsetDateTime());
            Assert.Equal(expected, InterviewResource.LocalTime(instant, zone));
        }
    }
}
