using System.Globalization;
using NodaTime;

namespace InterviewFunctions.Core.Calendar.Import;

/// <summary>
/// A recurrence rule (RFC 5545 section 3.3.10) of the kinds interview series use: FREQ DAILY, WEEKLY or MONTHLY with
/// INTERVAL, COUNT or UNTIL, BYDAY (with ordinals for MONTHLY, such as 2TU or -1FR), BYMONTHDAY, BYMONTH and WKST. A
/// rule that is well formed but asks for more (YEARLY, BYSETPOS, BYHOUR …) is readable: <see cref="Unsupported"/> says
/// what, and the event is left out rather than expanded wrongly. VTIMEZONE observances use the YEARLY subset.
/// </summary>
internal sealed class IcsRecurrenceRule
{
    private static readonly string[] UnsupportedParts = ["BYSETPOS", "BYHOUR", "BYMINUTE", "BYSECOND", "BYYEARDAY", "BYWEEKNO"];

    public string Frequency { get; private init; } = "";

    public int Interval { get; private init; } = 1;

    public int? Count { get; private init; }

    public IcsDateTime? Until { get; private init; }

    public IReadOnlyList<(int Ordinal, IsoDayOfWeek Day)> ByDay { get; private init; } = [];

    public IReadOnlyList<int> ByMonthDay { get; private init; } = [];

    public IReadOnlyList<int> ByMonth { get; private init; } = [];

    public IsoDayOfWeek WeekStart { get; private init; } = IsoDayOfWeek.Monday;

    /// <summary>Why this rule cannot be expanded here; null when it can.</summary>
    public string? Unsupported { get; private init; }

    public static IcsRecurrenceRule Parse(string value, int line)
    {
        string? frequency = null;
        var interval = 1;
        int? count = null;
        IcsDateTime? until = null;
        List<(int, IsoDayOfWeek)> byDay = [];
        List<int> byMonthDay = [];
        List<int> byMonth = [];
        var weekStart = IsoDayOfWeek.Monday;
        string? unsupported = null;
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new IcsFormatException(line, $"RRULE part \"{IcsContentLine.Excerpt(part)}\" is not NAME=VALUE.");
            }
            var name = part[..equals].ToUpperInvariant();
            var text = part[(equals + 1)..];
            switch (name)
            {
                case "FREQ":
                    frequency = text.ToUpperInvariant();
                    if (frequency is not ("SECONDLY" or "MINUTELY" or "HOURLY" or "DAILY" or "WEEKLY" or "MONTHLY" or "YEARLY"))
                    {
                        throw new IcsFormatException(line, $"RRULE has FREQ={IcsContentLine.Excerpt(text)}; expected DAILY, WEEKLY, MONTHLY, YEARLY (or HOURLY, MINUTELY, SECONDLY).");
                    }
                    break;
                case "INTERVAL":
                    interval = IcsValues.ParseInteger(text, line, "RRULE INTERVAL", 1, 10_000);
                    break;
                case "COUNT":
                    count = IcsValues.ParseInteger(text, line, "RRULE COUNT", 1, int.MaxValue);
                    break;
                case "UNTIL":
                    until = IcsValues.ParseDateTime(text, null, line, "RRULE UNTIL");
                    break;
                case "BYDAY":
                    foreach (var day in text.Split(','))
                    {
                        byDay.Add(ParseDay(day, line));
                    }
                    break;
                case "BYMONTHDAY":
                    foreach (var day in text.Split(','))
                    {
                        var d = IcsValues.ParseInteger(day, line, "RRULE BYMONTHDAY", -31, 31);
                        if (d == 0)
                        {
                            throw new IcsFormatException(line, "RRULE BYMONTHDAY may not be 0.");
                        }
                        byMonthDay.Add(d);
                    }
                    break;
                case "BYMONTH":
                    foreach (var month in text.Split(','))
                    {
                        byMonth.Add(IcsValues.ParseInteger(month, line, "RRULE BYMONTH", 1, 12));
                    }
                    break;
                case "WKST":
                    weekStart = DayCode(text.Trim().ToUpperInvariant()) ?? throw new IcsFormatException(line, $"RRULE WKST={IcsContentLine.Excerpt(text)} is not a day (MO … SU).");
                    break;
                default:
                    if (UnsupportedParts.Contains(name))
                    {
                        unsupported ??= $"RRULE with {name} is not supported";
                    }
                    else if (!name.StartsWith("X-", StringComparison.Ordinal))
                    {
                        throw new IcsFormatException(line, $"RRULE has an unknown part {IcsContentLine.Excerpt(name)}.");
                    }
                    break;
            }
        }
        if (frequency is null)
        {
            throw new IcsFormatException(line, "RRULE has no FREQ.");
        }
        if (count is not null && until is not null)
        {
            throw new IcsFormatException(line, "RRULE has both COUNT and UNTIL; only one is allowed.");
        }
        if (frequency is not ("DAILY" or "WEEKLY" or "MONTHLY"))
        {
            unsupported ??= $"RRULE FREQ={frequency} is not supported (DAILY, WEEKLY and MONTHLY are)";
        }
        if (frequency is not ("MONTHLY" or "YEARLY") && byDay.Any(d => d.Item1 != 0))
        {
            throw new IcsFormatException(line, $"RRULE BYDAY has an ordinal (such as 2TU), which FREQ={frequency} does not allow.");
        }
        return new IcsRecurrenceRule
        {
            Frequency = frequency,
            Interval = interval,
            Count = count,
            Until = until,
            ByDay = byDay,
            ByMonthDay = byMonthDay,
            ByMonth = byMonth,
            WeekStart = weekStart,
            Unsupported = unsupported,
        };
    }

    /// <summary>
    /// The dates of the rule's periods from <paramref name="start"/> on, in order, the start's own date first (it is
    /// always the first occurrence). Stops after <paramref name="maxSteps"/> periods. <paramref name="skipToDate"/> lets a
    /// rule without COUNT begin near the window instead of stepping through years before it.
    /// </summary>
    public IEnumerable<LocalDate> Dates(LocalDate start, LocalDate? skipToDate, int maxSteps, Action onStepLimit)
    {
        yield return start;
        var firstPeriod = 0L;
        if (Count is null && skipToDate is { } target && target > start)
        {
            var periods = Frequency switch
            {
                "DAILY" => Period.Between(start, target, PeriodUnits.Days).Days / Interval,
                "WEEKLY" => Period.Between(start, target, PeriodUnits.Days).Days / 7 / Interval,
                _ => Period.Between(start, target, PeriodUnits.Months).Months / Interval,
            };
            firstPeriod = Math.Max(0, periods - 1);
        }
        var weekOrigin = start.PlusDays(-(((int)start.DayOfWeek - (int)WeekStart + 7) % 7));
        var candidates = new List<LocalDate>(8);
        for (var step = 0; ; step++)
        {
            if (step >= maxSteps)
            {
                onStepLimit();
                yield break;
            }
            var period = firstPeriod + step;
            candidates.Clear();
            if (!TryPeriodDates(start, weekOrigin, period, candidates))
            {
                yield break;
            }
            foreach (var date in candidates)
            {
                if (date > start)
                {
                    yield return date;
                }
            }
        }
    }

    /// <summary>False when the period lies beyond the calendar NodaTime can represent.</summary>
    private bool TryPeriodDates(LocalDate start, LocalDate weekOrigin, long period, List<LocalDate> into)
    {
        var offset = period * Interval;
        if (offset > 3_000_000)
        {
            return false;
        }
        switch (Frequency)
        {
            case "DAILY":
                if (!TryPlusDays(start, offset, out var day))
                {
                    return false;
                }
                if (Matches(day, checkDays: true))
                {
                    into.Add(day);
                }
                return true;
            case "WEEKLY":
                if (!TryPlusDays(weekOrigin, offset * 7, out var week))
                {
                    return false;
                }
                if (ByDay.Count == 0)
                {
                    Add(week.PlusDays(((int)start.DayOfWeek - (int)WeekStart + 7) % 7));
                }
                foreach (var (_, weekday) in ByDay)
                {
                    Add(week.PlusDays(((int)weekday - (int)WeekStart + 7) % 7));
                }
                into.Sort();
                return true;
            default:
                var monthIndex = start.Year * 12L + start.Month - 1 + offset;
                if (monthIndex / 12 > IcsValues.MaxYear)
                {
                    return false;
                }
                var year = (int)(monthIndex / 12);
                var month = (int)(monthIndex % 12) + 1;
                if (ByMonth.Count > 0 && !ByMonth.Contains(month))
                {
                    return true;
                }
                var days = CalendarSystem.Iso.GetDaysInMonth(year, month);
                if (ByDay.Count == 0 && ByMonthDay.Count == 0)
                {
                    if (start.Day <= days)
                    {
                        into.Add(new LocalDate(year, month, start.Day));
                    }
                    return true;
                }
                for (var d = 1; d <= days; d++)
                {
                    var date = new LocalDate(year, month, d);
                    if ((ByDay.Count == 0 || ByDay.Any(b => DayMatches(b, date, days)))
                        && (ByMonthDay.Count == 0 || ByMonthDay.Any(m => m == d || days + m + 1 == d)))
                    {
                        into.Add(date);
                    }
                }
                return true;
        }

        void Add(LocalDate date)
        {
            if (Matches(date, checkDays: false) && !into.Contains(date))
            {
                into.Add(date);
            }
        }
    }

    private bool Matches(LocalDate date, bool checkDays) =>
        (ByMonth.Count == 0 || ByMonth.Contains(date.Month))
        && (!checkDays || ByDay.Count == 0 || ByDay.Any(b => b.Day == date.DayOfWeek))
        && (!checkDays || ByMonthDay.Count == 0 || ByMonthDay.Any(m => m == date.Day || CalendarSystem.Iso.GetDaysInMonth(date.Year, date.Month) + m + 1 == date.Day));

    /// <summary>2TU: the second Tuesday of the month; -1FR: the last Friday; TU: every Tuesday.</summary>
    private static bool DayMatches((int Ordinal, IsoDayOfWeek Day) rule, LocalDate date, int daysInMonth)
    {
        if (date.DayOfWeek != rule.Day)
        {
            return false;
        }
        return rule.Ordinal == 0
            || (rule.Ordinal > 0 && (date.Day - 1) / 7 + 1 == rule.Ordinal)
            || (rule.Ordinal < 0 && (daysInMonth - date.Day) / 7 + 1 == -rule.Ordinal);
    }

    /// <summary>The date of the <paramref name="ordinal"/>th <paramref name="day"/> of a month (negative counts from its end), if it has one.</summary>
    public static LocalDate? NthWeekday(int year, int month, int ordinal, IsoDayOfWeek day)
    {
        var days = CalendarSystem.Iso.GetDaysInMonth(year, month);
        if (ordinal > 0)
        {
            var first = new LocalDate(year, month, 1);
            var d = 1 + ((int)day - (int)first.DayOfWeek + 7) % 7 + (ordinal - 1) * 7;
            return d <= days ? new LocalDate(year, month, d) : null;
        }
        var last = new LocalDate(year, month, days);
        var back = days - ((int)last.DayOfWeek - (int)day + 7) % 7 + (ordinal + 1) * 7;
        return back >= 1 ? new LocalDate(year, month, back) : null;
    }

    private static bool TryPlusDays(LocalDate date, long days, out LocalDate result)
    {
        var limit = new LocalDate(IcsValues.MaxYear, 12, 31);
        if (days > Period.Between(date, limit, PeriodUnits.Days).Days)
        {
            result = default;
            return false;
        }
        result = date.PlusDays((int)days);
        return true;
    }

    private static (int, IsoDayOfWeek) ParseDay(string text, int line)
    {
        var s = text.Trim().ToUpperInvariant();
        if (s.Length >= 2 && DayCode(s[^2..]) is { } day)
        {
            var ordinalText = s[..^2];
            if (ordinalText.Length == 0)
            {
                return (0, day);
            }
            if (int.TryParse(ordinalText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ordinal) && ordinal is >= -53 and <= 53 and not 0)
            {
                return (ordinal, day);
            }
        }
        throw new IcsFormatException(line, $"RRULE BYDAY has \"{IcsContentLine.Excerpt(text)}\"; expected a day such as MO, 2TU or -1FR.");
    }

    private static IsoDayOfWeek? DayCode(string code) => code switch
    {
        "MO" => IsoDayOfWeek.Monday,
        "TU" => IsoDayOfWeek.Tuesday,
        "WE" => IsoDayOfWeek.Wednesday,
        "TH" => IsoDayOfWeek.Thursday,
        "FR" => IsoDayOfWeek.Friday,
        "SA" => IsoDayOfWeek.Saturday,
        "SU" => IsoDayOfWeek.Sunday,
        _ => null,
    };
}
