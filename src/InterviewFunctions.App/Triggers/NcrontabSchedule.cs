using System.Globalization;

namespace InterviewFunctions.App.Triggers;

/// <summary>
/// A six-field NCRONTAB expression as the Functions timer trigger reads it: second minute hour day month day-of-week,
/// each field <c>*</c>, a value, a range <c>a-b</c>, a step <c>*/n</c>, <c>a/n</c> or <c>a-b/n</c>, or a comma list of
/// these; months and days of the week also by their English three-letter names. As in NCrontab, a time must match the
/// day of the month and the day of the week. Times are UTC.
/// </summary>
public sealed class NcrontabSchedule
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    // Far enough for any schedule that can match at all (29 February needs up to eight years around a skipped leap year).
    private static readonly TimeSpan SearchHorizon = TimeSpan.FromDays(366 * 9);

    private readonly bool[] _seconds;
    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _days;
    private readonly bool[] _months;
    private readonly bool[] _daysOfWeek;

    private NcrontabSchedule(string expression, bool[][] fields)
    {
        Expression = expression;
        (_seconds, _minutes, _hours, _days, _months, _daysOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    public string Expression { get; }

    /// <exception cref="FormatException">The expression is not a valid six-field NCRONTAB expression.</exception>
    public static NcrontabSchedule Parse(string expression)
    {
        var fields = (expression ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            throw new FormatException($"'{expression}' is not a six-field NCRONTAB expression (second minute hour day month day-of-week).");
        }
        return new NcrontabSchedule(expression!, [
            ParseField(fields[0], "second", 0, 59, null),
            ParseField(fields[1], "minute", 0, 59, null),
            ParseField(fields[2], "hour", 0, 23, null),
            ParseField(fields[3], "day", 1, 31, null),
            ParseField(fields[4], "month", 1, 12, MonthNames),
            DayOfWeek(ParseField(fields[5], "day-of-week", 0, 7, DayNames)),
        ]);
    }

    /// <summary>The first matching instant strictly after <paramref name="after"/>, or null if none comes within years.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after)
    {
        var start = after.UtcDateTime;
        var t = new DateTime(start.Year, start.Month, start.Day, start.Hour, start.Minute, start.Second, DateTimeKind.Utc).AddSeconds(1);
        var end = t + SearchHorizon;
        while (t < end)
        {
            if (!_months[t.Month])
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
            }
            else if (!_days[t.Day] || !_daysOfWeek[(int)t.DayOfWeek])
            {
                t = t.Date.AddDays(1);
            }
            else if (!_hours[t.Hour])
            {
                t = t.Date.AddHours(t.Hour + 1);
            }
            else if (!_minutes[t.Minute])
            {
                t = t.Date.AddHours(t.Hour).AddMinutes(t.Minute + 1);
            }
            else if (!_seconds[t.Second])
            {
                t = t.AddSeconds(1);
            }
            else
            {
                return new DateTimeOffset(t, TimeSpan.Zero);
            }
        }
        return null;
    }

    public override string ToString() => Expression;

    private static bool[] DayOfWeek(bool[] days)
    {
        // 7 is Sunday too.
        days[0] |= days[7];
        return days;
    }

    private static bool[] ParseField(string field, string name, int min, int max, string[]? names)
    {
        var allowed = new bool[max + 1];
        foreach (var part in field.Split(','))
        {
            var (range, step) = part.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => (r, n),
                _ => throw Invalid(field, name, min, max),
            };
            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else if (range.Split('-') is [var a, var b])
            {
                (from, to) = (Value(a, field, name, min, max, names), Value(b, field, name, min, max, names));
            }
            else
            {
                from = Value(range, field, name, min, max, names);
                // "5/15" means from 5 to the end in steps of 15.
                to = part.Contains('/', StringComparison.Ordinal) ? max : from;
            }
            if (from > to)
            {
                throw Invalid(field, name, min, max);
            }
            for (var v = from; v <= to; v += step)
            {
                allowed[v] = true;
            }
        }
        return allowed;
    }

    private static int Value(string text, string field, string name, int min, int max, string[]? names)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        var index = names is null ? -1 : Array.FindIndex(names, n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            // Month names count from 1, day names from 0 (Sunday).
            return min == 1 ? index + 1 : index;
        }
        throw Invalid(field, name, min, max);
    }

    private static FormatException Invalid(string field, string name, int min, int max) =>
        new($"'{field}' is not a valid {name} field: use *, {min}-{max}, ranges a-b, steps */n or a-b/n, and comma lists.");
}
