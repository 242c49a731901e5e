using System.Globalization;
using NodaTime;

namespace InterviewFunctions.Core.Calendar.Import;

/// <summary>A DATE or DATE-TIME value as written: a local date and time, whether it ends in Z, whether it is a date only.</summary>
internal readonly record struct IcsDateTime(LocalDateTime Local, bool IsUtc, bool IsDate);

/// <summary>The value types of RFC 5545 section 3.3 that events use, read without exceptions from NodaTime or the BCL.</summary>
internal static class IcsValues
{
    /// <summary>Later years are refused, so that adding a duration or stepping a rule never leaves NodaTime's range.</summary>
    public const int MaxYear = 9000;

    /// <summary>DATE (<c>20260310</c>) or DATE-TIME (<c>20260310T090000</c>, <c>…Z</c>). <paramref name="valueType"/> is the VALUE parameter, if any.</summary>
    public static IcsDateTime ParseDateTime(string text, string? valueType, int line, string property)
    {
        var s = text.AsSpan().Trim();
        if (s.Length == 8 && valueType is null or "DATE")
        {
            return new IcsDateTime(ReadDate(s, line, property, text).AtMidnight(), false, true);
        }
        if (valueType == "DATE")
        {
            throw Bad(line, property, text, "a DATE (YYYYMMDD), as VALUE=DATE says");
        }
        var utc = s.Length == 16 && (s[15] == 'Z' || s[15] == 'z');
        if (s.Length != (utc ? 16 : 15) || s[8] is not ('T' or 't'))
        {
            throw Bad(line, property, text, "a DATE-TIME (YYYYMMDDTHHMMSS, with Z for UTC) or a DATE (YYYYMMDD)");
        }
        var date = ReadDate(s[..8], line, property, text);
        var hour = Digits(s.Slice(9, 2));
        var minute = Digits(s.Slice(11, 2));
        var second = Digits(s.Slice(13, 2));
        if (hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 60)
        {
            throw Bad(line, property, text, "a time of day from 000000 to 235959");
        }
        // A leap second (60) is allowed by the format; NodaTime has none, so it is the last second of the minute.
        return new IcsDateTime(date.At(new LocalTime(hour, minute, Math.Min(second, 59))), utc, false);
    }

    /// <summary>DURATION (section 3.3.6): <c>PT1H30M</c>, <c>P1D</c>, <c>P2W</c>, with an optional sign. Bounded to 400 days.</summary>
    public static Duration ParseDuration(string text, int line, string property)
    {
        var s = text.AsSpan().Trim();
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.Length < 3 || s[0] is not ('P' or 'p'))
        {
            throw Bad(line, property, text, "a duration such as PT1H, PT45M or P1D");
        }
        long seconds = 0;
        var inTime = false;
        var sawComponent = false;
        var number = -1L;
        for (var i = 1; i < s.Length; i++)
        {
            var c = char.ToUpperInvariant(s[i]);
            if (char.IsAsciiDigit(c))
            {
                number = number < 0 ? c - '0' : number * 10 + (c - '0');
                if (number > 100_000_000)
                {
                    throw Bad(line, property, text, "a duration of at most 400 days");
                }
                continue;
            }
            if (c == 'T' && number < 0 && !inTime)
            {
                inTime = true;
                continue;
            }
            long unit = (c, inTime) switch
            {
                ('W', false) => 7 * 86400,
                ('D', false) => 86400,
                ('H', true) => 3600,
                ('M', true) => 60,
                ('S', true) => 1,
                _ => 0,
            };
            if (unit == 0 || number < 0)
            {
                throw Bad(line, property, text, "a duration such as PT1H, PT45M or P1D");
            }
            seconds += number * unit;
            if (seconds > 400L * 86400)
            {
                throw Bad(line, property, text, "a duration of at most 400 days");
            }
            number = -1;
            sawComponent = true;
        }
        if (!sawComponent || number >= 0)
        {
            throw Bad(line, property, text, "a duration such as PT1H, PT45M or P1D");
        }
        return Duration.FromSeconds(negative ? -seconds : seconds);
    }

    /// <summary>UTC-OFFSET (section 3.3.14): <c>+0100</c>, <c>-0800</c>, <c>+053000</c>.</summary>
    public static Offset ParseOffset(string text, int line, string property)
    {
        var s = text.AsSpan().Trim();
        if (s.Length is not (5 or 7) || s[0] is not ('+' or '-'))
        {
            throw Bad(line, property, text, "a UTC offset such as +0100 or -0800");
        }
        var hours = Digits(s.Slice(1, 2));
        var minutes = Digits(s.Slice(3, 2));
        var seconds = s.Length == 7 ? Digits(s.Slice(5, 2)) : 0;
        if (hours is < 0 or > 18 || minutes is < 0 or > 59 || seconds is < 0 or > 59)
        {
            throw Bad(line, property, text, "a UTC offset such as +0100 or -0800");
        }
        var total = hours * 3600 + minutes * 60 + seconds;
        return Offset.FromSeconds(s[0] == '-' ? -total : total);
    }

    public static int ParseInteger(string text, int line, string property, int min, int max)
    {
        if (!int.TryParse(text.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Bad(line, property, text, string.Create(CultureInfo.InvariantCulture, $"an integer from {min} to {max}"));
        }
        return value;
    }

    private static LocalDate ReadDate(ReadOnlySpan<char> s, int line, string property, string text)
    {
        var year = Digits(s[..4]);
        var month = Digits(s.Slice(4, 2));
        var day = Digits(s.Slice(6, 2));
        if (year is < 1 or > MaxYear || month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month))
        {
            throw Bad(line, property, text, "a real calendar date (YYYYMMDD) from year 1 to 9000");
        }
        return new LocalDate(year, month, day);
    }

    /// <summary>The number the ASCII digits spell, or -1 when any is not a digit.</summary>
    private static int Digits(ReadOnlySpan<char> s)
    {
        var value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static IcsFormatException Bad(int line, string property, string text, string expected) =>
        new(line, $"{property} has the value \"{IcsContentLine.Excerpt(text)}\"; expected {expected}.");
}
