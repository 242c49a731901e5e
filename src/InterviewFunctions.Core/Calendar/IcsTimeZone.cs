using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.TimeZones;

namespace InterviewFunctions.Core.Calendar;

/// <summary>
/// Writes a VTIMEZONE (RFC 5545 section 3.6.5) for a tz database zone from NodaTime's zone intervals, covering the
/// years an event needs. Where the zone's transitions in those years follow one yearly rule (the same month, weekday
/// of the month and local time each year), it writes a STANDARD and a DAYLIGHT observance with an RRULE, which is
/// the form Outlook reads best. Otherwise (rules that changed, irregular dates such as Morocco's) it writes each
/// transition as its own observance. A zone without transitions in those years gets one observance with its offset.
/// </summary>
public static class IcsTimeZone
{
    /// <summary>The calendar years whose transitions are written: one either side of the events', so that every event has an observance in force before it.</summary>
    public static (int First, int Last) YearsFor(IEnumerable<Instant> instants)
    {
        var years = instants.Select(i => i.InUtc().Year).ToList();
        return years.Count == 0 ? throw new ArgumentException("At least one instant is needed.", nameof(instants)) : (years.Min() - 1, years.Max() + 1);
    }

    public static void Append(StringBuilder output, DateTimeZone zone, int firstYear, int lastYear)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstYear, lastYear);
        var windowStart = Instant.FromUtc(firstYear, 1, 1, 0, 0);
        var windowEnd = Instant.FromUtc(lastYear + 1, 1, 1, 0, 0);
        var intervals = zone.GetZoneIntervals(windowStart, windowEnd).ToList();

        IcsText.AppendLine(output, "BEGIN:VTIMEZONE");
        IcsText.AppendLine(output, "TZID:" + zone.Id);
        if (intervals.Count == 1)
        {
            AppendObservance(output, OnsetOf(zone, intervals[0]));
        }
        else
        {
            var transitions = intervals.Skip(1).Select((interval, i) => Transition.Between(intervals[i], interval)).ToList();
            if (YearlyRule.TryFind(transitions, firstYear, lastYear) is { } rules)
            {
                foreach (var (first, rule) in rules)
                {
                    AppendObservance(output, first, rule);
                }
            }
            else
            {
                AppendObservance(output, OnsetOf(zone, intervals[0]));
                foreach (var transition in transitions)
                {
                    AppendObservance(output, transition);
                }
            }
        }
        IcsText.AppendLine(output, "END:VTIMEZONE");
    }

    /// <summary>
    /// The observance in force at the start of the window, dated from when it began. An interval that never began
    /// (a fixed zone such as UTC) is dated from 1970, the customary onset.
    /// </summary>
    private static Transition OnsetOf(DateTimeZone zone, ZoneInterval interval)
    {
        if (!interval.HasStart)
        {
            var local = new LocalDateTime(1970, 1, 1, 0, 0);
            return new Transition(local, interval.WallOffset, interval.WallOffset, interval.Savings != Offset.Zero, interval.Name);
        }
        var before = zone.GetZoneInterval(interval.Start - Duration.Epsilon);
        return Transition.Between(before, interval);
    }

    private static void AppendObservance(StringBuilder output, Transition transition, string? rule = null)
    {
        var kind = transition.IsDaylight ? "DAYLIGHT" : "STANDARD";
        IcsText.AppendLine(output, "BEGIN:" + kind);
        IcsText.AppendLine(output, "DTSTART:" + IcsText.Local(transition.LocalOnset));
        if (rule is not null)
        {
            IcsText.AppendLine(output, "RRULE:" + rule);
        }
        IcsText.AppendLine(output, "TZOFFSETFROM:" + IcsText.Offset(transition.From));
        IcsText.AppendLine(output, "TZOFFSETTO:" + IcsText.Offset(transition.To));
        if (!string.IsNullOrEmpty(transition.Name))
        {
            IcsText.AppendLine(output, "TZNAME:" + IcsText.Escape(transition.Name));
        }
        IcsText.AppendLine(output, "END:" + kind);
    }

    /// <param name="LocalOnset">The wall-clock time of the change as read before it, which is how DTSTART of an observance is read.</param>
    private sealed record Transition(LocalDateTime LocalOnset, Offset From, Offset To, bool IsDaylight, string Name)
    {
        public static Transition Between(ZoneInterval before, ZoneInterval after) => new(
            after.Start.WithOffset(before.WallOffset).LocalDateTime,
            before.WallOffset,
            after.WallOffset,
            after.Savings != Offset.Zero,
            after.Name);
    }

    private static class YearlyRule
    {
        /// <summary>
        /// The first transition and its RRULE for each of the two observances, when every year of the window has
        /// exactly one change into daylight time and one out of it, each identical but for the date, and each on the
        /// same weekday of the month (the 2nd Sunday, the last Sunday). Otherwise null.
        /// </summary>
        public static List<(Transition First, string Rule)>? TryFind(List<Transition> transitions, int firstYear, int lastYear)
        {
            var groups = transitions.GroupBy(t => t.IsDaylight).ToList();
            if (groups.Count != 2)
            {
                return null;
            }
            var result = new List<(Transition, string)>();
            foreach (var group in groups.OrderBy(g => g.First().LocalOnset))
            {
                var items = group.ToList();
                var years = items.Select(t => t.LocalOnset.Year).ToList();
                if (years.Count != lastYear - firstYear + 1 || years.Distinct().Count() != years.Count || years.Min() != firstYear)
                {
                    return null;
                }
                var first = items[0];
                if (items.Any(t => t.From != first.From || t.To != first.To || t.Name != first.Name
                    || t.LocalOnset.Month != first.LocalOnset.Month || t.LocalOnset.TimeOfDay != first.LocalOnset.TimeOfDay
                    || t.LocalOnset.DayOfWeek != first.LocalOnset.DayOfWeek))
                {
                    return null;
                }
                var ordinal = Ordinal(items);
                if (ordinal is null)
                {
                    return null;
                }
                result.Add((first, string.Create(CultureInfo.InvariantCulture,
                    $"FREQ=YEARLY;BYMONTH={first.LocalOnset.Month};BYDAY={ordinal}{DayCode(first.LocalOnset.DayOfWeek)}")));
            }
            return result;
        }

        /// <summary>
        /// "-1" when every date is the last such weekday of its month, else "2" when every one is the 2nd, else null.
        /// The last comes first because "lastSun" is the common rule, and its dates are sometimes all 4th Sundays
        /// within a few years; a 5th weekday never fits, as not every month has one.
        /// </summary>
        private static string? Ordinal(List<Transition> items)
        {
            if (items.All(t => t.LocalOnset.Day + 7 > t.LocalOnset.Calendar.GetDaysInMonth(t.LocalOnset.Year, t.LocalOnset.Month)))
            {
                return "-1";
            }
            var nth = items.Select(t => (t.LocalOnset.Day - 1) / 7 + 1).Distinct().ToList();
            return nth.Count == 1 && nth[0] <= 4 ? nth[0].ToString(CultureInfo.InvariantCulture) : null;
        }

        private static string DayCode(IsoDayOfWeek day) => day switch
        {
            IsoDayOfWeek.Monday => "MO",
            IsoDayOfWeek.Tuesday => "TU",
            IsoDayOfWeek.Wednesday => "WE",
            IsoDayOfWeek.Thursday => "TH",
            IsoDayOfWeek.Friday => "FR",
            IsoDayOfWeek.Saturday => "SA",
            IsoDayOfWeek.Sunday => "SU",
            _ => throw new ArgumentOutOfRangeException(nameof(day), day, null),
        };
    }
}
