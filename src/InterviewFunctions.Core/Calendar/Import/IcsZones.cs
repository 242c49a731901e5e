using System.Globalization;
using NodaTime;
using NodaTime.TimeZones;

namespace InterviewFunctions.Core.Calendar.Import;

/// <summary>One STANDARD or DAYLIGHT observance of a VTIMEZONE: from its onset on, local time is UTC plus <see cref="To"/>.</summary>
internal sealed record IcsObservance(bool IsDaylight, LocalDateTime Onset, Offset From, Offset To, IcsRecurrenceRule? Rule, IReadOnlyList<LocalDateTime> ExtraOnsets)
{
    /// <summary>The onsets of this observance in one calendar year (local times, as read before the change).</summary>
    public IEnumerable<LocalDateTime> OnsetsIn(int year)
    {
        if (Onset.Year == year)
        {
            yield return Onset;
        }
        foreach (var extra in ExtraOnsets)
        {
            if (extra.Year == year)
            {
                yield return extra;
            }
        }
        if (Rule is null || year <= Onset.Year)
        {
            yield break;
        }
        var month = Rule.ByMonth[0];
        LocalDate? date = Rule.ByDay.Count == 1
            ? IcsRecurrenceRule.NthWeekday(year, month, Rule.ByDay[0].Ordinal == 0 ? 1 : Rule.ByDay[0].Ordinal, Rule.ByDay[0].Day)
            : DayOfMonth(year, month, Rule.ByMonthDay[0]);
        if (date is not { } d)
        {
            yield break;
        }
        var onset = d.At(Onset.TimeOfDay);
        if (Rule.Until is { } until && onset > (until.IsUtc ? until.Local.PlusSeconds(From.Seconds) : until.Local))
        {
            yield break;
        }
        yield return onset;
    }

    /// <summary>Whether this observance's yearly rule is of the form zones use (one month, one weekday or day of it).</summary>
    public static bool IsYearlyRule(IcsRecurrenceRule rule) =>
        rule.Frequency == "YEARLY" && rule.Interval == 1 && rule.ByMonth.Count == 1 && rule.ByDay.Count + rule.ByMonthDay.Count == 1;

    private static LocalDate? DayOfMonth(int year, int month, int day)
    {
        var days = CalendarSystem.Iso.GetDaysInMonth(year, month);
        var d = day > 0 ? day : days + day + 1;
        return d >= 1 && d <= days ? new LocalDate(year, month, d) : null;
    }
}

/// <summary>A VTIMEZONE as written in the file.</summary>
internal sealed record IcsZoneDefinition(string Tzid, int Line, string? Location, IReadOnlyList<IcsObservance> Observances)
{
    /// <summary>
    /// The offset in force at a local time by the definition's own rules: that of the latest onset at or before it
    /// (looking back into the previous year), or, before every onset, the first observance's TZOFFSETFROM.
    /// </summary>
    public Offset OffsetAt(LocalDateTime local)
    {
        lock (_byYear)
        {
            if (!_byYear.TryGetValue(local.Year, out var changes))
            {
                // The onsets that can govern this year: the latest of the year before, then this year's, in order.
                changes = [];
                var before = new LocalDateTime(local.Year, 1, 1, 0, 0).PlusNanoseconds(-1);
                changes.Add((LocalDateTime.MinIsoValue, OffsetAtUncached(before)));
                foreach (var observance in Observances)
                {
                    foreach (var onset in observance.OnsetsIn(local.Year))
                    {
                        changes.Add((onset, observance.To));
                    }
                }
                changes.Sort((a, b) => a.Item1.CompareTo(b.Item1));
                _byYear[local.Year] = changes;
            }
            var offset = changes[0].Item2;
            foreach (var (onset, to) in changes)
            {
                if (onset <= local)
                {
                    offset = to;
                }
            }
            return offset;
        }
    }

    private readonly Dictionary<int, List<(LocalDateTime, Offset)>> _byYear = [];

    private Offset OffsetAtUncached(LocalDateTime local)
    {
        LocalDateTime? best = null;
        var offset = Observances.Count == 0 ? Offset.Zero : Observances.MinBy(o => o.Onset)!.From;
        foreach (var observance in Observances)
        {
            for (var year = local.Year - 1; year <= local.Year; year++)
            {
                foreach (var onset in observance.OnsetsIn(year))
                {
                    if (onset <= local && (best is null || onset > best))
                    {
                        best = onset;
                        offset = observance.To;
                    }
                }
            }
            // A one-off onset in an earlier year still holds until a later one replaces it.
            if (observance.Onset <= local && observance.Onset.Year < local.Year - 1 && (best is null || observance.Onset > best))
            {
                best = observance.Onset;
                offset = observance.To;
            }
        }
        return offset;
    }

    /// <summary>The changes of offset in one UTC year, as (instant, new offset), in order.</summary>
    public List<(Instant At, Offset To)> TransitionsIn(int year)
    {
        var result = new List<(Instant, Offset)>();
        var from = Instant.FromUtc(year, 1, 1, 0, 0);
        var to = Instant.FromUtc(year + 1, 1, 1, 0, 0);
        foreach (var observance in Observances)
        {
            for (var y = year - 1; y <= year + 1; y++)
            {
                foreach (var onset in observance.OnsetsIn(y))
                {
                    var at = new OffsetDateTime(onset, observance.From).ToInstant();
                    if (at >= from && at < to && observance.From != observance.To)
                    {
                        result.Add((at, observance.To));
                    }
                }
            }
        }
        result.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return result;
    }
}

/// <summary>How local times written with one TZID become instants, and which tz database zone they belong to.</summary>
internal sealed class IcsZone
{
    private readonly IcsZoneDefinition? _custom;
    private readonly Func<IcsZoneDefinition, int, string?>? _match;
    private readonly Dictionary<int, string?> _matchedByYear = [];

    private IcsZone(DateTimeZone? zone, IcsZoneDefinition? custom, Func<IcsZoneDefinition, int, string?>? match)
    {
        Zone = zone;
        _custom = custom;
        _match = match;
    }

    /// <summary>The tz database zone, when the TZID names one (directly, as a Windows name, or by X-LIC-LOCATION).</summary>
    public DateTimeZone? Zone { get; }

    public static IcsZone Known(DateTimeZone zone) => new(zone, null, null);

    public static IcsZone Custom(IcsZoneDefinition definition, Func<IcsZoneDefinition, int, string?> match) => new(null, definition, match);

    /// <summary>
    /// A local time as an instant. In a gap (spring forward) the offset before the gap applies, so the time moves
    /// later by the gap; in an overlap the first occurrence counts (RFC 5545 section 3.3.5).
    /// </summary>
    public Instant ToInstant(LocalDateTime local) => Zone is not null
        ? Zone.ResolveLocal(local, Resolvers.LenientResolver).ToInstant()
        : new OffsetDateTime(local, _custom!.OffsetAt(local)).ToInstant();

    /// <summary>The tz database zone to show the event in: the named one, or the known zone whose offsets match the custom definition in that year.</summary>
    public string? ZoneIdAt(Instant instant)
    {
        if (Zone is not null)
        {
            return Zone.Id;
        }
        var year = instant.InUtc().Year;
        if (!_matchedByYear.TryGetValue(year, out var id))
        {
            id = _match!(_custom!, year);
            _matchedByYear[year] = id;
        }
        return id;
    }
}

/// <summary>
/// Resolves TZID parameters: tz database names (also inside the path-like ids older Mozilla clients wrote), Windows
/// names through CLDR's mapping that NodaTime carries, X-LIC-LOCATION, and otherwise the VTIMEZONE's own rules,
/// matched by their offsets and transitions to a known zone for display.
/// </summary>
internal sealed class IcsZoneResolver(IReadOnlyDictionary<string, IcsZoneDefinition> definitions, List<string> notes)
{
    /// <summary>Matching a custom zone compares it with every tz database zone; only this many distinct definitions get that.</summary>
    public const int MaxMatchedCustomZones = 32;

    private static readonly Lazy<(IReadOnlyList<string> Ordered, ILookup<string, string> ByCity)> Candidates = new(BuildCandidates);
    private readonly Dictionary<string, IcsZone?> _resolved = new(StringComparer.Ordinal);
    private int _customMatches;

    /// <summary>The zone a TZID names, or null when it names none: not a known name and no VTIMEZONE in the file.</summary>
    public IcsZone? Resolve(string tzid)
    {
        if (_resolved.TryGetValue(tzid, out var cached))
        {
            return cached;
        }
        definitions.TryGetValue(tzid, out var definition);
        IcsZone? zone = null;
        if (FindKnown(tzid) is { } known)
        {
            zone = IcsZone.Known(known);
        }
        else if (definition?.Location is { } location && FindKnown(location) is { } byLocation)
        {
            zone = IcsZone.Known(byLocation);
        }
        else if (definition is not null && definition.Observances.Count > 0)
        {
            zone = IcsZone.Custom(definition, Match);
        }
        _resolved[tzid] = zone;
        return zone;
    }

    /// <summary>A tz database zone by IANA name, an id ending in one, or a Windows name.</summary>
    public static DateTimeZone? FindKnown(string name)
    {
        var id = name.Trim().Trim('"');
        if (id.Length == 0)
        {
            return null;
        }
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is { } direct)
        {
            return direct;
        }
        if (TzdbDateTimeZoneSource.Default.WindowsMapping.PrimaryMapping.TryGetValue(id, out var mapped)
            && DateTimeZoneProviders.Tzdb.GetZoneOrNull(mapped) is { } windows)
        {
            return windows;
        }
        // "/mozilla.org/20070129_1/Europe/Berlin", "/citadel.org/20190914_1/America/New_York": the zone is a suffix.
        for (var slash = id.IndexOf('/', StringComparison.Ordinal); slash >= 0 && slash < id.Length - 1; slash = id.IndexOf('/', slash + 1))
        {
            if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(id[(slash + 1)..]) is { } suffix)
            {
                return suffix;
            }
        }
        return null;
    }

    /// <summary>
    /// The first known zone whose changes of offset in the year are those of the definition. Cities named in the TZID
    /// (Outlook writes "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna") are tried first, then the zones
    /// Windows names map to, then every other zone.
    /// </summary>
    private string? Match(IcsZoneDefinition definition, int year)
    {
        if (_customMatches >= MaxMatchedCustomZones)
        {
            notes.Add($"VTIMEZONE '{definition.Tzid}' (line {definition.Line}) was not matched to a known zone: too many custom zones in one file.");
            return null;
        }
        _customMatches++;
        var transitions = definition.TransitionsIn(year);
        var startOffset = definition.OffsetAt(new LocalDateTime(year, 1, 1, 0, 0));
        var (ordered, byCity) = Candidates.Value;
        foreach (var id in CityCandidates(definition.Tzid, byCity).Concat(ordered))
        {
            var zone = DateTimeZoneProviders.Tzdb[id];
            var from = Instant.FromUtc(year, 1, 1, 0, 0);
            var intervals = zone.GetZoneIntervals(from, Instant.FromUtc(year + 1, 1, 1, 0, 0)).ToList();
            if (intervals[0].WallOffset != startOffset || intervals.Count - 1 != transitions.Count)
            {
                continue;
            }
            var same = true;
            for (var i = 1; i < intervals.Count && same; i++)
            {
                same = intervals[i].Start == transitions[i - 1].At && intervals[i].WallOffset == transitions[i - 1].To;
            }
            if (same)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"VTIMEZONE '{definition.Tzid}' (line {definition.Line}) has the offsets of {id} in {year}; events in it are shown in {id}."));
                return id;
            }
        }
        notes.Add($"VTIMEZONE '{definition.Tzid}' (line {definition.Line}) matches no known zone; its own rules place the events.");
        return null;
    }

    private static IEnumerable<string> CityCandidates(string tzid, ILookup<string, string> byCity)
    {
        var close = tzid.IndexOf(')', StringComparison.Ordinal);
        var names = (close >= 0 ? tzid[(close + 1)..] : tzid).Split([',', '/', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in names)
        {
            foreach (var id in byCity[name.Replace(' ', '_').ToUpperInvariant()])
            {
                yield return id;
            }
        }
    }

    private static (IReadOnlyList<string>, ILookup<string, string>) BuildCandidates()
    {
        var source = TzdbDateTimeZoneSource.Default;
        var primary = source.WindowsMapping.PrimaryMapping.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value);
        var canonical = source.CanonicalIdMap.Values.Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal);
        var ordered = primary.Concat(canonical).Where(id => DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not null).Distinct(StringComparer.Ordinal).ToList();
        // Every id, links included: Outlook's "Amsterdam" is a link to Europe/Brussels since tzdb 2022b, and is still the better name to show.
        var byCity = source.CanonicalIdMap.Keys
            .Where(id => id.Contains('/', StringComparison.Ordinal))
            .ToLookup(id => id[(id.LastIndexOf('/') + 1)..].ToUpperInvariant(), StringComparer.Ordinal);
        return (ordered, byCity);
    }
}
