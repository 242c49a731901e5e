using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using NodaTime;

namespace InterviewFunctions.Core.Calendar.Import;

/// <summary>
/// Reads iCalendar (RFC 5545) files as Outlook, Google Calendar, Thunderbird and Apple Calendar export them, and
/// turns their VEVENTs into timed events: each resolved to instants through its TZID (a tz database name, a Windows
/// name, or the file's own VTIMEZONE), recurring events expanded within a window, overrides (RECURRENCE-ID) put in
/// place of the occurrences they replace. The whole input is read before anything is returned, so a caller that
/// writes only after a successful parse never imports half a file. Malformed input raises
/// <see cref="IcsFormatException"/> naming the line, and nothing else; every loop is bounded by <see cref="IcsLimits"/>.
/// </summary>
public static class IcsParser
{
    /// <summary>Reads UTF-8 bytes (a byte order mark is allowed). Bytes that are not UTF-8 are refused with their line.</summary>
    public static IcsParsedCalendar Parse(ReadOnlySpan<byte> utf8, IcsParseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (utf8.Length > (long)options.Limits.MaxCharacters * 3)
        {
            throw TooLarge(options.Limits);
        }
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }
        if (Utf8.IsValid(utf8))
        {
            // One pass into the string itself; the copy below is only for naming where invalid bytes are.
            return Parse(Encoding.UTF8.GetString(utf8), options);
        }
        var chars = new char[utf8.Length];
        var status = Utf8.ToUtf16(utf8, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            var line = utf8[..read].Count((byte)'\n') + 1;
            throw new IcsFormatException(line, string.Create(CultureInfo.InvariantCulture,
                $"The bytes at offset {read} are not UTF-8 text (is this a binary file?)."));
        }
        return Parse(new string(chars, 0, written), options);
    }

    public static IcsParsedCalendar Parse(string text, IcsParseOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        if (text.Length > options.Limits.MaxCharacters)
        {
            throw TooLarge(options.Limits);
        }
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        return new Reader(text, options).Read();
    }

    private static readonly SearchValues<char> ComponentNameCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

    private static IcsFormatException TooLarge(IcsLimits limits) => new(1, string.Create(CultureInfo.InvariantCulture,
        $"The calendar is larger than {limits.MaxCharacters} characters."));

    private sealed class Frame(string name, int line)
    {
        public string Name { get; } = name;
        public int Line { get; } = line;
        public EventBuilder? Event { get; init; }
        public ZoneBuilder? Zone { get; init; }
        public ObservanceBuilder? Observance { get; init; }
    }

    private sealed class EventBuilder(int line)
    {
        public int Line { get; } = line;
        public IcsContentLine? Uid, Start, End, Duration, RecurrenceId, Status, Sequence, Stamp, LastModified, Summary, Description, Location, Url, Organizer;
        public List<IcsContentLine> Rules { get; } = [];
        public List<IcsContentLine> Exceptions { get; } = [];
        public List<IcsContentLine> ExtraDates { get; } = [];
        public List<IcsContentLine> Attendees { get; } = [];
    }

    private sealed class ZoneBuilder(int line)
    {
        public int Line { get; } = line;
        public IcsContentLine? Tzid, Location;
        public List<IcsObservance> Observances { get; } = [];
    }

    private sealed class ObservanceBuilder(bool daylight, int line)
    {
        public bool IsDaylight { get; } = daylight;
        public int Line { get; } = line;
        public IcsContentLine? Start, From, To, Rule;
        public List<IcsContentLine> ExtraDates { get; } = [];
    }

    /// <summary>An event read from one VEVENT, before recurrence is expanded.</summary>
    private sealed record Resolved(IcsEvent Event, IcsZone Zone, LocalDateTime LocalStart, bool StartIsUtc, IcsRecurrenceRule? Rule, EventBuilder Source);

    private sealed class Reader(string text, IcsParseOptions options)
    {
        private readonly IcsLimits _limits = options.Limits;
        private readonly IcsLineReader _lines = new(text, options.Limits.MaxLineCharacters);
        private readonly List<Frame> _stack = [];
        private readonly List<EventBuilder> _events = [];
        private readonly Dictionary<string, IcsZoneDefinition> _zones = new(StringComparer.Ordinal);
        private readonly List<IcsSkippedEvent> _skipped = [];
        private readonly List<string> _notes = [];
        private string? _method, _productId, _calendarName, _calendarZoneName;
        private int _calendars;
        private IcsZoneResolver _resolver = null!;
        private IcsZone _utc = null!;
        private IcsZone _calendarZone = null!;

        public IcsParsedCalendar Read()
        {
            while (_lines.TryRead(out var text, out var number))
            {
                var name = IcsContentLine.ReadName(text, number, out var nameEnd);
                if (IcsContentLine.Parse(text, number, name, nameEnd, Wants(name)) is { } line)
                {
                    Accept(line);
                }
            }
            if (_stack.Count > 0)
            {
                var open = _stack[^1];
                throw new IcsFormatException(open.Line, string.Create(CultureInfo.InvariantCulture,
                    $"BEGIN:{open.Name} is never closed by END:{open.Name} (the input ends at line {_lines.LastLine})."));
            }
            if (_calendars == 0)
            {
                throw new IcsFormatException(Math.Max(1, _lines.LastLine), "The input holds no calendar: expected BEGIN:VCALENDAR.");
            }
            return Resolve();
        }

        /// <summary>Whether <see cref="Accept"/> would look at a property of this name where the reader now is.</summary>
        private bool Wants(string name)
        {
            if (name is "BEGIN" or "END" || _stack.Count == 0)
            {
                return true;
            }
            var top = _stack[^1];
            if (top.Event is not null)
            {
                return name is "UID" or "DTSTART" or "DTEND" or "DURATION" or "RECURRENCE-ID" or "SEQUENCE" or "STATUS" or "DTSTAMP"
                    or "LAST-MODIFIED" or "SUMMARY" or "DESCRIPTION" or "LOCATION" or "URL" or "ORGANIZER" or "RRULE" or "EXDATE"
                    or "RDATE" or "ATTENDEE";
            }
            if (top.Observance is not null)
            {
                return name is "DTSTART" or "TZOFFSETFROM" or "TZOFFSETTO" or "RRULE" or "RDATE";
            }
            if (top.Zone is not null)
            {
                return name is "TZID" or "X-LIC-LOCATION";
            }
            return top.Name == "VCALENDAR" && name is "METHOD" or "PRODID" or "X-WR-CALNAME" or "X-WR-TIMEZONE";
        }

        private void Accept(IcsContentLine line)
        {
            switch (line.Name)
            {
                case "BEGIN":
                    Begin(line);
                    return;
                case "END":
                    End(line);
                    return;
            }
            if (_stack.Count == 0)
            {
                throw new IcsFormatException(line.Line, $"{line.Name} appears outside BEGIN:VCALENDAR … END:VCALENDAR.");
            }
            var top = _stack[^1];
            if (top.Event is { } e)
            {
                AddEventProperty(e, line);
            }
            else if (top.Observance is { } o)
            {
                switch (line.Name)
                {
                    case "DTSTART": o.Start ??= line; break;
                    case "TZOFFSETFROM": o.From ??= line; break;
                    case "TZOFFSETTO": o.To ??= line; break;
                    case "RRULE": o.Rule ??= line; break;
                    case "RDATE": o.ExtraDates.Add(line); break;
                }
            }
            else if (top.Zone is { } z)
            {
                switch (line.Name)
                {
                    case "TZID": z.Tzid ??= line; break;
                    case "X-LIC-LOCATION": z.Location ??= line; break;
                }
            }
            else if (top.Name == "VCALENDAR")
            {
                switch (line.Name)
                {
                    case "METHOD": _method ??= line.Value.Trim().ToUpperInvariant(); break;
                    case "PRODID": _productId ??= IcsContentLine.Unescape(line.Value); break;
                    case "X-WR-CALNAME": _calendarName ??= IcsContentLine.Unescape(line.Value); break;
                    case "X-WR-TIMEZONE": _calendarZoneName ??= IcsContentLine.Unescape(line.Value).Trim(); break;
                }
            }
        }

        private void Begin(IcsContentLine line)
        {
            var name = ComponentName(line);
            if (_stack.Count >= _limits.MaxDepth)
            {
                throw new IcsFormatException(line.Line, string.Create(CultureInfo.InvariantCulture, $"Components are nested more than {_limits.MaxDepth} deep."));
            }
            var parent = _stack.Count == 0 ? null : _stack[^1];
            if (parent is null)
            {
                if (name != "VCALENDAR")
                {
                    throw new IcsFormatException(line.Line, $"Expected BEGIN:VCALENDAR, found BEGIN:{name}.");
                }
                _calendars++;
                _stack.Add(new Frame(name, line.Line));
                return;
            }
            if (name == "VCALENDAR")
            {
                throw new IcsFormatException(line.Line, $"BEGIN:VCALENDAR inside BEGIN:{parent.Name} of line {parent.Line}.");
            }
            var frame = (parent.Name, name) switch
            {
                ("VCALENDAR", "VEVENT") => new Frame(name, line.Line) { Event = NewEvent(line.Line) },
                ("VCALENDAR", "VTIMEZONE") => new Frame(name, line.Line) { Zone = new ZoneBuilder(line.Line) },
                ("VTIMEZONE", "STANDARD" or "DAYLIGHT") when parent.Zone is not null => new Frame(name, line.Line) { Observance = new ObservanceBuilder(name == "DAYLIGHT", line.Line) },
                // VALARM, VTODO, VJOURNAL, VFREEBUSY, X- components: nesting is checked, content is not needed.
                _ => new Frame(name, line.Line),
            };
            _stack.Add(frame);
        }

        private EventBuilder NewEvent(int line)
        {
            if (_events.Count >= _limits.MaxEvents)
            {
                throw new IcsFormatException(line, string.Create(CultureInfo.InvariantCulture, $"The calendar has more than {_limits.MaxEvents} events."));
            }
            var builder = new EventBuilder(line);
            _events.Add(builder);
            return builder;
        }

        private void End(IcsContentLine line)
        {
            var name = ComponentName(line);
            if (_stack.Count == 0)
            {
                throw new IcsFormatException(line.Line, $"END:{name} without a BEGIN:{name}.");
            }
            var top = _stack[^1];
            if (top.Name != name)
            {
                throw new IcsFormatException(line.Line, string.Create(CultureInfo.InvariantCulture,
                    $"END:{name} does not match BEGIN:{top.Name} of line {top.Line}."));
            }
            _stack.RemoveAt(_stack.Count - 1);
            if (top.Observance is { } observance)
            {
                _stack[^1].Zone!.Observances.Add(FinishObservance(observance, top.Name));
            }
            else if (top.Zone is { } zone)
            {
                var tzid = zone.Tzid is null ? null : IcsContentLine.Unescape(zone.Tzid.Value).Trim();
                if (string.IsNullOrEmpty(tzid))
                {
                    throw new IcsFormatException(zone.Line, "VTIMEZONE has no TZID.");
                }
                _zones.TryAdd(tzid, new IcsZoneDefinition(tzid, zone.Line, zone.Location?.Value.Trim(), zone.Observances));
            }
        }

        private static IcsObservance FinishObservance(ObservanceBuilder o, string name)
        {
            if (o.Start is null || o.From is null || o.To is null)
            {
                var missing = o.Start is null ? "DTSTART" : o.From is null ? "TZOFFSETFROM" : "TZOFFSETTO";
                throw new IcsFormatException(o.Line, $"{name} has no {missing}.");
            }
            var start = IcsValues.ParseDateTime(o.Start.Value, null, o.Start.Line, name + " DTSTART");
            var from = IcsValues.ParseOffset(o.From.Value, o.From.Line, "TZOFFSETFROM");
            var to = IcsValues.ParseOffset(o.To.Value, o.To.Line, "TZOFFSETTO");
            IcsRecurrenceRule? rule = null;
            if (o.Rule is not null)
            {
                rule = IcsRecurrenceRule.Parse(o.Rule.Value, o.Rule.Line);
                if (!IcsObservance.IsYearlyRule(rule))
                {
                    throw new IcsFormatException(o.Rule.Line, $"The RRULE of {name} is not a yearly rule of one month and one day (such as FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU).");
                }
            }
            var extra = new List<LocalDateTime>();
            foreach (var rdate in o.ExtraDates)
            {
                foreach (var value in IcsContentLine.SplitList(rdate.Value))
                {
                    extra.Add(IcsValues.ParseDateTime(value, rdate.Parameter("VALUE"), rdate.Line, "RDATE").Local);
                }
            }
            return new IcsObservance(o.IsDaylight, start.Local, from, to, rule, extra);
        }

        private static string ComponentName(IcsContentLine line)
        {
            var trimmed = line.Value.Trim();
            // Upper-casing a name made of A-Z, digits and '-' changes nothing; only other names are copied.
            var name = trimmed.AsSpan().ContainsAnyExcept(ComponentNameCharacters) ? trimmed.ToUpperInvariant() : trimmed;
            if (name.Length == 0 || name.AsSpan().IndexOfAnyExcept(ComponentNameCharacters) >= 0)
            {
                throw new IcsFormatException(line.Line, $"{line.Name}:{IcsContentLine.Excerpt(line.Value)} does not name a component.");
            }
            return name;
        }

        private void AddEventProperty(EventBuilder e, IcsContentLine line)
        {
            switch (line.Name)
            {
                case "UID": Single(ref e.Uid, line); break;
                case "DTSTART": Single(ref e.Start, line); break;
                case "DTEND": Single(ref e.End, line); break;
                case "DURATION": Single(ref e.Duration, line); break;
                case "RECURRENCE-ID": Single(ref e.RecurrenceId, line); break;
                case "SEQUENCE": Single(ref e.Sequence, line); break;
                case "STATUS": e.Status ??= line; break;
                case "DTSTAMP": e.Stamp ??= line; break;
                case "LAST-MODIFIED": e.LastModified ??= line; break;
                case "SUMMARY": e.Summary ??= line; break;
                case "DESCRIPTION": e.Description ??= line; break;
                case "LOCATION": e.Location ??= line; break;
                case "URL": e.Url ??= line; break;
                case "ORGANIZER": e.Organizer ??= line; break;
                case "RRULE": e.Rules.Add(line); break;
                case "EXDATE": e.Exceptions.Add(line); break;
                case "RDATE": e.ExtraDates.Add(line); break;
                case "ATTENDEE":
                    if (e.Attendees.Count < _limits.MaxAttendees)
                    {
                        e.Attendees.Add(line);
                    }
                    break;
            }
            if (line.Name is "DTEND" or "DURATION" && e.End is not null && e.Duration is not null)
            {
                throw new IcsFormatException(line.Line, "A VEVENT may have DTEND or DURATION, not both.");
            }
        }

        private static void Single(ref IcsContentLine? slot, IcsContentLine line)
        {
            if (slot is not null)
            {
                throw new IcsFormatException(line.Line, string.Create(CultureInfo.InvariantCulture,
                    $"{line.Name} appears twice in one VEVENT (first on line {slot.Line})."));
            }
            slot = line;
        }

        private IcsParsedCalendar Resolve()
        {
            _resolver = new IcsZoneResolver(_zones, _notes);
            _utc = IcsZone.Known(DateTimeZone.Utc);
            var calendarZone = options.DefaultZone;
            if (_calendarZoneName is { Length: > 0 } name)
            {
                if (IcsZoneResolver.FindKnown(name) is { } named)
                {
                    calendarZone = named;
                }
                else
                {
                    _notes.Add($"X-WR-TIMEZONE '{name}' is not a known zone; floating times are read in {options.DefaultZone.Id}.");
                }
            }
            _calendarZone = IcsZone.Known(calendarZone);

            var resolved = new List<Resolved>(_events.Count);
            foreach (var builder in _events)
            {
                if (ResolveEvent(builder) is { } r)
                {
                    resolved.Add(r);
                }
            }
            var results = new List<IcsEvent>(resolved.Count);
            // Grouped by UID in file order, without LINQ's per-group enumerators: most groups are one event.
            var groups = new Dictionary<string, List<Resolved>>(resolved.Count, StringComparer.Ordinal);
            var order = new List<List<Resolved>>(resolved.Count);
            foreach (var r in resolved)
            {
                if (!groups.TryGetValue(r.Event.Uid, out var list))
                {
                    list = new List<Resolved>(1);
                    groups[r.Event.Uid] = list;
                    order.Add(list);
                }
                list.Add(r);
            }
            foreach (var group in order)
            {
                AddGroup(group, results);
                if (results.Count > _limits.MaxResults)
                {
                    throw new IcsFormatException(group[0].Source.Line, string.Create(CultureInfo.InvariantCulture,
                        $"The calendar expands to more than {_limits.MaxResults} events and occurrences."));
                }
            }
            return new IcsParsedCalendar(results, _skipped, _notes, _method, _productId, _calendarName,
                _calendarZoneName is null ? null : calendarZone.Id, _events.Count);
        }

        private Resolved? ResolveEvent(EventBuilder e)
        {
            var uid = e.Uid is null ? "" : IcsContentLine.Unescape(e.Uid.Value).Trim();
            if (uid.Length == 0)
            {
                throw new IcsFormatException(e.Uid?.Line ?? e.Line, "VEVENT has no UID (RFC 5545 requires one; without it a later import could not find this event).");
            }
            if (e.Start is null)
            {
                throw new IcsFormatException(e.Line, $"VEVENT '{IcsContentLine.Excerpt(uid)}' has no DTSTART.");
            }
            var start = IcsValues.ParseDateTime(e.Start.Value, e.Start.Parameter("VALUE"), e.Start.Line, "DTSTART");
            if (start.IsDate)
            {
                return Skip(uid, e, "An all-day event (DTSTART is a DATE): not an interview.");
            }
            if (ZoneOf(e.Start, start) is not { } zone)
            {
                return Skip(uid, e, $"DTSTART names the time zone '{e.Start.Parameter("TZID")}', which is neither a known zone nor defined by a VTIMEZONE in the file.");
            }
            var startInstant = zone.ToInstant(start.Local);
            Instant endInstant;
            if (e.End is not null)
            {
                var end = IcsValues.ParseDateTime(e.End.Value, e.End.Parameter("VALUE"), e.End.Line, "DTEND");
                if (end.IsDate)
                {
                    throw new IcsFormatException(e.End.Line, "DTEND is a DATE while DTSTART is a DATE-TIME; both must be of one type.");
                }
                if (ZoneOf(e.End, end) is not { } endZone)
                {
                    return Skip(uid, e, $"DTEND names the time zone '{e.End.Parameter("TZID")}', which is neither a known zone nor defined by a VTIMEZONE in the file.");
                }
                endInstant = endZone.ToInstant(end.Local);
                if (endInstant < startInstant)
                {
                    throw new IcsFormatException(e.End.Line, "DTEND is before DTSTART.");
                }
            }
            else if (e.Duration is not null)
            {
                var duration = IcsValues.ParseDuration(e.Duration.Value, e.Duration.Line, "DURATION");
                if (duration < Duration.Zero)
                {
                    throw new IcsFormatException(e.Duration.Line, "DURATION is negative.");
                }
                endInstant = startInstant + duration;
            }
            else
            {
                endInstant = startInstant;
            }
            Instant? recurrenceId = null;
            if (e.RecurrenceId is not null)
            {
                var rid = IcsValues.ParseDateTime(e.RecurrenceId.Value, e.RecurrenceId.Parameter("VALUE"), e.RecurrenceId.Line, "RECURRENCE-ID");
                if (rid.IsDate)
                {
                    return Skip(uid, e, "An override of an all-day occurrence (RECURRENCE-ID is a DATE): not an interview.");
                }
                if (ZoneOf(e.RecurrenceId, rid) is not { } ridZone)
                {
                    return Skip(uid, e, $"RECURRENCE-ID names the time zone '{e.RecurrenceId.Parameter("TZID")}', which is neither a known zone nor defined in the file.");
                }
                recurrenceId = ridZone.ToInstant(rid.Local);
            }
            IcsRecurrenceRule? rule = null;
            if (e.Rules.Count > 0)
            {
                if (e.Rules.Count > 1)
                {
                    return Skip(uid, e, "More than one RRULE is not supported.");
                }
                rule = IcsRecurrenceRule.Parse(e.Rules[0].Value, e.Rules[0].Line);
                if (rule.Unsupported is { } why)
                {
                    return Skip(uid, e, why + ".");
                }
            }
            var status = _method == "CANCEL" ? IcsEventStatus.Cancelled : (e.Status?.Value.Trim().ToUpperInvariant()) switch
            {
                "CANCELLED" => IcsEventStatus.Cancelled,
                "TENTATIVE" => IcsEventStatus.Tentative,
                _ => IcsEventStatus.Confirmed,
            };
            var displayZone = start.IsUtc || e.Start.Parameter("TZID") is null
                ? _calendarZone.Zone!.Id
                : zone.ZoneIdAt(startInstant) ?? _calendarZone.Zone!.Id;
            var ev = new IcsEvent(
                uid,
                recurrenceId,
                e.Sequence is null ? 0 : IcsValues.ParseInteger(e.Sequence.Value, e.Sequence.Line, "SEQUENCE", 0, int.MaxValue),
                StampOf(e.Stamp, "DTSTAMP"),
                StampOf(e.LastModified, "LAST-MODIFIED"),
                startInstant,
                endInstant,
                displayZone,
                status,
                TextOf(e.Summary),
                TextOf(e.Description),
                TextOf(e.Location),
                e.Url?.Value.Trim(),
                e.Organizer is null ? null : PersonOf(e.Organizer),
                AttendeesOf(e.Attendees),
                e.Line);
            return new Resolved(ev, start.IsUtc ? _utc : zone, start.Local, start.IsUtc, rule, e);
        }

        private IcsZone? ZoneOf(IcsContentLine line, IcsDateTime value)
        {
            if (value.IsUtc)
            {
                return _utc;
            }
            var tzid = line.Parameter("TZID");
            return tzid is null ? _calendarZone : _resolver.Resolve(tzid.Trim());
        }

        private Instant? StampOf(IcsContentLine? line, string name)
        {
            if (line is null)
            {
                return null;
            }
            var value = IcsValues.ParseDateTime(line.Value, null, line.Line, name);
            return value.IsUtc ? value.Local.InUtc().ToInstant() : _calendarZone.ToInstant(value.Local);
        }

        private static string? TextOf(IcsContentLine? line) => line is null ? null : IcsContentLine.Unescape(line.Value);

        private static IcsAttendee[] AttendeesOf(List<IcsContentLine> lines)
        {
            var attendees = new IcsAttendee[lines.Count];
            for (var i = 0; i < attendees.Length; i++)
            {
                attendees[i] = PersonOf(lines[i]);
            }
            return attendees;
        }

        private static IcsAttendee PersonOf(IcsContentLine line)
        {
            var value = line.Value.Trim();
            string? email = null;
            if (value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                email = value[7..].Trim().ToLowerInvariant();
            }
            else if (line.Parameter("EMAIL") is { Length: > 0 } param)
            {
                email = param.Trim().ToLowerInvariant();
            }
            var name = line.Parameter("CN");
            return new IcsAttendee(
                string.IsNullOrWhiteSpace(name) ? null : name.Trim(),
                string.IsNullOrEmpty(email) ? null : email,
                line.Parameter("ROLE")?.ToUpperInvariant(),
                line.Parameter("CUTYPE")?.ToUpperInvariant(),
                line.Parameter("PARTSTAT")?.ToUpperInvariant());
        }

        private Resolved? Skip(string uid, EventBuilder e, string reason)
        {
            _skipped.Add(new IcsSkippedEvent(uid, e.Line, reason));
            return null;
        }

        /// <summary>
        /// One UID: the master (the newest copy when the file has several), its occurrences in the window with
        /// overrides in their place, and overrides whose master is not in the file.
        /// </summary>
        private void AddGroup(List<Resolved> group, List<IcsEvent> results)
        {
            if (group is [{ Rule: null } only])
            {
                results.Add(only.Event);
                return;
            }
            var masters = Newest(group.Where(r => r.Event.RecurrenceId is null));
            var overrides = new Dictionary<Instant, Resolved>();
            foreach (var item in Newest(group.Where(r => r.Event.RecurrenceId is not null)).OrderBy(r => r.Event.RecurrenceId))
            {
                overrides[item.Event.RecurrenceId!.Value] = item;
            }
            var master = masters.Count > 0 ? masters[0] : null;
            if (master is null || master.Rule is null)
            {
                if (master is not null)
                {
                    results.Add(master.Event);
                }
                results.AddRange(overrides.Values.Select(o => o.Event));
                return;
            }
            var used = new HashSet<Instant>();
            foreach (var occurrence in Expand(master))
            {
                if (overrides.TryGetValue(occurrence.RecurrenceId!.Value, out var replacement))
                {
                    used.Add(occurrence.RecurrenceId.Value);
                    results.Add(replacement.Event);
                }
                else
                {
                    results.Add(occurrence);
                }
            }
            foreach (var (recurrenceId, replacement) in overrides)
            {
                if (!used.Contains(recurrenceId) && replacement.Event.End > options.WindowStart && replacement.Event.Start < options.WindowEnd)
                {
                    results.Add(replacement.Event);
                }
            }
        }

        /// <summary>The copies of an event (or of one override) that a file holds more than once: the highest SEQUENCE, then DTSTAMP, wins.</summary>
        private List<Resolved> Newest(IEnumerable<Resolved> copies)
        {
            var kept = new List<Resolved>();
            foreach (var byId in copies.GroupBy(c => c.Event.RecurrenceId))
            {
                var ordered = byId.OrderByDescending(c => c.Event.Sequence).ThenByDescending(c => c.Event.Stamp ?? Instant.MinValue).ToList();
                kept.Add(ordered[0]);
                foreach (var older in ordered.Skip(1))
                {
                    _skipped.Add(new IcsSkippedEvent(older.Event.Uid, older.Source.Line, string.Create(CultureInfo.InvariantCulture,
                        $"An older copy of this event (SEQUENCE {older.Event.Sequence}); the copy on line {ordered[0].Source.Line} is used.")));
                }
            }
            return kept;
        }

        private List<IcsEvent> Expand(Resolved master)
        {
            var rule = master.Rule!;
            var e = master.Source;
            var length = master.Event.End - master.Event.Start;
            var excludedInstants = new HashSet<Instant>();
            var excludedDates = new HashSet<LocalDate>();
            foreach (var exdate in e.Exceptions)
            {
                foreach (var value in IcsContentLine.SplitList(exdate.Value))
                {
                    var parsed = IcsValues.ParseDateTime(value, exdate.Parameter("VALUE"), exdate.Line, "EXDATE");
                    if (parsed.IsDate)
                    {
                        excludedDates.Add(parsed.Local.Date);
                    }
                    else if (ZoneOf(exdate, parsed) is { } zone)
                    {
                        excludedInstants.Add(zone.ToInstant(parsed.Local));
                    }
                }
            }
            var starts = new List<Instant>();
            var stepLimitHit = false;
            var count = 0;
            var skipTo = options.WindowStart.InUtc().Date.PlusDays(-2);
            var timeOfDay = master.LocalStart.TimeOfDay;
            foreach (var date in rule.Dates(master.LocalStart.Date, skipTo, _limits.MaxRecurrenceSteps, () => stepLimitHit = true))
            {
                var local = date.At(timeOfDay);
                var instant = master.Zone.ToInstant(local);
                count++;
                if (rule.Count is { } max && count > max)
                {
                    break;
                }
                if (rule.Until is { } until && !(until.IsUtc ? instant <= until.Local.InUtc().ToInstant() : until.IsDate ? date <= until.Local.Date : local <= until.Local))
                {
                    break;
                }
                if (instant >= options.WindowEnd)
                {
                    break;
                }
                if (instant + length <= options.WindowStart || excludedInstants.Contains(instant) || excludedDates.Contains(date))
                {
                    continue;
                }
                if (starts.Count >= _limits.MaxOccurrencesPerEvent)
                {
                    _notes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"Event '{master.Event.Uid}' (line {e.Line}) has more than {_limits.MaxOccurrencesPerEvent} occurrences in the window; the first {_limits.MaxOccurrencesPerEvent} are read."));
                    break;
                }
                starts.Add(instant);
            }
            if (stepLimitHit)
            {
                _notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Event '{master.Event.Uid}' (line {e.Line}): its rule was followed for {_limits.MaxRecurrenceSteps} periods and no further."));
            }
            foreach (var rdate in e.ExtraDates)
            {
                foreach (var value in IcsContentLine.SplitList(rdate.Value))
                {
                    if (rdate.Parameter("VALUE")?.ToUpperInvariant() == "PERIOD")
                    {
                        _notes.Add(string.Create(CultureInfo.InvariantCulture, $"Line {rdate.Line}: RDATE periods are not read."));
                        break;
                    }
                    var parsed = IcsValues.ParseDateTime(value, rdate.Parameter("VALUE"), rdate.Line, "RDATE");
                    if (!parsed.IsDate && ZoneOf(rdate, parsed) is { } zone)
                    {
                        var instant = zone.ToInstant(parsed.Local);
                        if (instant + length > options.WindowStart && instant < options.WindowEnd && !starts.Contains(instant) && starts.Count < _limits.MaxOccurrencesPerEvent)
                        {
                            starts.Add(instant);
                        }
                    }
                }
            }
            starts.Sort();
            return [.. starts.Select(s => master.Event with { RecurrenceId = s, Start = s, End = s + length })];
        }
    }
}
