using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace InterviewFunctions.Tests.Core.Calendar;

internal sealed record IcsProperty(string Name, IReadOnlyDictionary<string, string> Parameters, string Value)
{
    public string Text => IcsReader.Unescape(Value);
}

internal sealed class IcsComponent(string name)
{
    public string Name { get; } = name;
    public List<IcsProperty> Properties { get; } = [];
    public List<IcsComponent> Children { get; } = [];

    public IcsProperty One(string name) => Assert.Single(Properties, p => p.Name == name);

    public string Value(string name) => One(name).Value;

    public bool Has(string name) => Properties.Any(p => p.Name == name);

    public IEnumerable<IcsProperty> All(string name) => Properties.Where(p => p.Name == name);

    public IEnumerable<IcsComponent> Components(string name) => Children.Where(c => c.Name == name);
}

/// <summary>
/// A strict reader of what the writer produces, independent of it: checks the line rules, unfolds, splits
/// properties and parameters, and resolves local times through a VTIMEZONE the way a calendar client does.
/// </summary>
internal static class IcsReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private static readonly LocalDateTimePattern LocalPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuuMMdd'T'HHmmss");

    public static IcsComponent Parse(string text)
    {
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                Assert.True(i > 0 && text[i - 1] == '\r', $"bare LF at {i}");
            }
            if (text[i] == '\r')
            {
                Assert.True(i + 1 < text.Length && text[i + 1] == '\n', $"bare CR at {i}");
            }
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        var physical = SplitBytes(bytes);
        foreach (var line in physical)
        {
            Assert.True(line.Length <= 75, $"a line of {line.Length} octets: {Encoding.UTF8.GetString(line)}");
            StrictUtf8.GetString(line);
        }

        var unfolded = text.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal);
        var lines = unfolded.Split("\r\n")[..^1];
        var stack = new Stack<IcsComponent>();
        IcsComponent? root = null;
        foreach (var line in lines)
        {
            var property = ParseLine(line);
            if (property.Name == "BEGIN")
            {
                var component = new IcsComponent(property.Value);
                if (stack.Count > 0)
                {
                    stack.Peek().Children.Add(component);
                }
                else
                {
                    Assert.Null(root);
                    root = component;
                }
                stack.Push(component);
            }
            else if (property.Name == "END")
            {
                Assert.Equal(stack.Pop().Name, property.Value);
            }
            else
            {
                stack.Peek().Properties.Add(property);
            }
        }
        Assert.Empty(stack);
        return Assert.IsType<IcsComponent>(root);
    }

    public static List<byte[]> SplitBytes(byte[] bytes)
    {
        var result = new List<byte[]>();
        var start = 0;
        for (var i = 0; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n')
            {
                result.Add(bytes[start..i]);
                start = i + 2;
                i++;
            }
        }
        return result;
    }

    private static IcsProperty ParseLine(string line)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < line.Length && line[i] != ';' && line[i] != ':')
        {
            i++;
        }
        var name = line[..i];
        Assert.Matches("^[A-Z][A-Z0-9-]*$", name);
        while (i < line.Length && line[i] == ';')
        {
            var eq = line.IndexOf('=', i);
            var parameterName = line[(i + 1)..eq];
            i = eq + 1;
            string value;
            if (line[i] == '"')
            {
                var close = line.IndexOf('"', i + 1);
                value = line[(i + 1)..close];
                i = close + 1;
            }
            else
            {
                var start = i;
                while (line[i] != ';' && line[i] != ':')
                {
                    Assert.NotEqual(',', line[i]);
                    i++;
                }
                value = line[start..i];
            }
            parameters.Add(parameterName, value);
        }
        Assert.Equal(':', line[i]);
        return new IcsProperty(name, parameters, line[(i + 1)..]);
    }

    public static string Unescape(string value)
    {
        var result = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                var next = value[++i];
                result.Append(next switch
                {
                    'n' or 'N' => '\n',
                    '\\' or ';' or ',' => next,
                    _ => throw new FormatException($"bad escape \\{next}"),
                });
            }
            else
            {
                Assert.False(value[i] is ',' or ';', $"unescaped '{value[i]}' in {value}");
                result.Append(value[i]);
            }
        }
        return result.ToString();
    }

    public static Duration AsDuration(this Offset offset) => Duration.FromSeconds(offset.Seconds);

    public static LocalDateTime Local(string value) => LocalPattern.Parse(value).GetValueOrThrow();

    public static Offset ParseOffset(string value)
    {
        Assert.Matches(@"^[+-]\d{4}(\d{2})?$", value);
        var sign = value[0] == '-' ? -1 : 1;
        var hours = int.Parse(value[1..3], CultureInfo.InvariantCulture);
        var minutes = int.Parse(value[3..5], CultureInfo.InvariantCulture);
        var seconds = value.Length > 5 ? int.Parse(value[5..7], CultureInfo.InvariantCulture) : 0;
        return Offset.FromSeconds(sign * (hours * 3600 + minutes * 60 + seconds));
    }

    /// <summary>A DATE-TIME property as an instant: UTC when it ends in Z, else local in the named VTIMEZONE.</summary>
    public static Instant Instant(IcsComponent calendar, IcsProperty property)
    {
        if (property.Value.EndsWith('Z'))
        {
            Assert.False(property.Parameters.ContainsKey("TZID"));
            return Local(property.Value[..^1]).InUtc().ToInstant();
        }
        var zone = Assert.Single(calendar.Components("VTIMEZONE"), z => z.Value("TZID") == property.Parameters["TZID"]);
        return Resolve(zone, Local(property.Value));
    }

    /// <summary>The first instant that reads as this local time in the VTIMEZONE (RFC 5545 3.3.5: ambiguous means the first occurrence).</summary>
    public static Instant Resolve(IcsComponent vtimezone, LocalDateTime local)
    {
        var candidates = Observances(vtimezone).Select(o => o.To).Distinct()
            .Select(offset => local.InUtc().ToInstant() - offset.AsDuration())
            .Where(instant => local.InUtc().ToInstant() - OffsetAt(vtimezone, instant).AsDuration() == instant)
            .OrderBy(i => i)
            .ToList();
        Assert.NotEmpty(candidates);
        return candidates[0];
    }

    /// <summary>The offset in force at an instant: the TZOFFSETTO of the observance with the latest onset at or before it.</summary>
    public static Offset OffsetAt(IcsComponent vtimezone, Instant instant)
    {
        var year = instant.InUtc().Year;
        var onsets = Observances(vtimezone)
            .SelectMany(o => o.Onsets(year + 1).Select(onset => (Onset: onset, o.To)))
            .Where(x => x.Onset <= instant)
            .OrderBy(x => x.Onset)
            .ToList();
        Assert.True(onsets.Count > 0, $"no observance covers {instant}");
        return onsets[^1].To;
    }

    public static List<Observance> Observances(IcsComponent vtimezone) =>
        [.. vtimezone.Children.Select(c =>
        {
            Assert.Contains(c.Name, new[] { "STANDARD", "DAYLIGHT" });
            return new Observance(c.Name, Local(c.Value("DTSTART")), ParseOffset(c.Value("TZOFFSETFROM")), ParseOffset(c.Value("TZOFFSETTO")),
                c.Has("RRULE") ? c.Value("RRULE") : null);
        })];

    internal sealed record Observance(string Kind, LocalDateTime Start, Offset From, Offset To, string? Rule)
    {
        /// <summary>Onsets up to and including a year; only the RRULE forms the writer may use are understood.</summary>
        public IEnumerable<Instant> Onsets(int untilYear)
        {
            if (Rule is null)
            {
                yield return Start.InUtc().ToInstant() - From.AsDuration();
                yield break;
            }
            var parts = Rule.Split(';').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
            Assert.Equal(["BYDAY", "BYMONTH", "FREQ"], parts.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("YEARLY", parts["FREQ"]);
            var month = int.Parse(parts["BYMONTH"], CultureInfo.InvariantCulture);
            var ordinal = int.Parse(parts["BYDAY"][..^2], CultureInfo.InvariantCulture);
            var day = parts["BYDAY"][^2..] switch
            {
                "MO" => IsoDayOfWeek.Monday, "TU" => IsoDayOfWeek.Tuesday, "WE" => IsoDayOfWeek.Wednesday, "TH" => IsoDayOfWeek.Thursday,
                "FR" => IsoDayOfWeek.Friday, "SA" => IsoDayOfWeek.Saturday, "SU" => IsoDayOfWeek.Sunday, var other => throw new FormatException(other),
            };
            for (var year = Start.Year; year <= untilYear; year++)
            {
                var date = ordinal > 0
                    ? DateAdjusters.NextOrSame(day)(new LocalDate(year, month, 1)).PlusWeeks(ordinal - 1)
                    : DateAdjusters.PreviousOrSame(day)(DateAdjusters.EndOfMonth(new LocalDate(year, month, 1)));
                var onset = date.At(Start.TimeOfDay);
                if (onset >= Start)
                {
                    yield return onset.InUtc().ToInstant() - From.AsDuration();
                }
            }
        }
    }
}
