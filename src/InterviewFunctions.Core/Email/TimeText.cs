using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace InterviewFunctions.Core.Email;

/// <summary>
/// Times and durations as people read them in an email, always in the invariant (English) culture because the app
/// runs with invariant globalization: "Tuesday 10 March 2026, 09:00 (America/New_York, EDT)", "in 3 days".
/// </summary>
public static class TimeText
{
    private static readonly LocalDateTimePattern DateTimePattern = LocalDateTimePattern.Create("dddd d MMMM uuuu, HH:mm", CultureInfo.InvariantCulture);
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Create("dddd d MMMM uuuu", CultureInfo.InvariantCulture);

    /// <summary>The wall-clock time in a zone, with the zone and its abbreviation at that instant.</summary>
    public static string Local(DateTimeOffset instant, string zoneId)
    {
        var zone = Zone(zoneId);
        var at = Instant.FromDateTimeOffset(instant);
        return $"{DateTimePattern.Format(at.InZone(zone).LocalDateTime)} ({zone.Id}, {Abbreviation(zone, at)})";
    }

    /// <summary>The calendar date in a zone: "Tuesday 10 March 2026".</summary>
    public static string Date(DateTimeOffset instant, string zoneId) =>
        DatePattern.Format(Instant.FromDateTimeOffset(instant).InZone(Zone(zoneId)).Date);

    /// <summary>
    /// The zone's abbreviation at an instant (EDT, BST, IST). Where the tz database has none and writes the offset
    /// instead (+1345 for Chatham), it reads as UTC+13:45.
    /// </summary>
    public static string Abbreviation(DateTimeZone zone, Instant instant)
    {
        var interval = zone.GetZoneInterval(instant);
        var name = interval.Name;
        return string.IsNullOrEmpty(name) || name[0] is '+' or '-' ? "UTC" + UtcOffset(interval.WallOffset) : name;
    }

    public static string UtcOffset(Offset offset)
    {
        var seconds = offset.Seconds;
        var sign = seconds < 0 ? "-" : "+";
        seconds = Math.Abs(seconds);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{seconds / 3600:00}:{seconds / 60 % 60:00}");
    }

    /// <summary>How far ahead something is, in the largest whole unit that fits: "in 3 days", "in 2 hours", "in 1 hour 30 minutes".</summary>
    public static string Until(TimeSpan span)
    {
        var minutes = (long)Math.Round(span.TotalMinutes);
        if (minutes <= 0)
        {
            return "now";
        }
        if (minutes % (24 * 60) == 0)
        {
            return "in " + Count(minutes / (24 * 60), "day");
        }
        if (minutes % 60 == 0)
        {
            return "in " + Count(minutes / 60, "hour");
        }
        return minutes < 60 ? "in " + Count(minutes, "minute") : $"in {Count(minutes / 60, "hour")} {Count(minutes % 60, "minute")}";
    }

    public static string Count(long count, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {unit}{(count == 1 ? "" : "s")}");

    internal static DateTimeZone Zone(string id) =>
        DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) ?? throw new ArgumentException($"'{id}' is not a time zone of the tz database.", nameof(id));
}
