using System.Buffers;
using System.Collections.Frozen;

namespace InterviewFunctions.Core.Calendar.Import;

/// <summary>One property parameter: <c>TZID=Europe/Berlin</c>, <c>MEMBER="mailto:a","mailto:b"</c>.</summary>
internal sealed record IcsParameter(string Name, string[] Values)
{
    public string Value => Values.Length == 0 ? "" : Values[0];
}

/// <summary>A content line after unfolding (RFC 5545 section 3.1): name, parameters, value, and the line it began on.</summary>
internal sealed class IcsContentLine(string name, List<IcsParameter>? parameters, string value, int line)
{
    private static readonly IReadOnlyList<IcsParameter> NoParameters = [];

    public string Name { get; } = name;

    public IReadOnlyList<IcsParameter> Parameters => parameters ?? NoParameters;

    public string Value { get; } = value;

    public int Line { get; } = line;

    public string? Parameter(string parameterName)
    {
        if (parameters is null)
        {
            return null;
        }
        foreach (var p in parameters)
        {
            if (p.Name == parameterName)
            {
                return p.Value;
            }
        }
        return null;
    }

    // The names calendars use, so that reading one allocates no string; any other name is read as before.
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> KnownNames = FrozenSet.Create(StringComparer.Ordinal,
        "BEGIN", "END", "UID", "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "SEQUENCE", "STATUS", "DTSTAMP", "LAST-MODIFIED",
        "SUMMARY", "DESCRIPTION", "LOCATION", "URL", "ORGANIZER", "RRULE", "EXDATE", "RDATE", "ATTENDEE", "TZID", "X-LIC-LOCATION",
        "TZOFFSETFROM", "TZOFFSETTO", "TZNAME", "METHOD", "PRODID", "VERSION", "CALSCALE", "X-WR-CALNAME", "X-WR-TIMEZONE",
        "TRIGGER", "ACTION", "CLASS", "TRANSP", "PRIORITY", "CATEGORIES", "CREATED", "REPEAT",
        "VALUE", "CN", "ROLE", "PARTSTAT", "RSVP", "CUTYPE", "EMAIL", "SENT-BY", "DIR", "LANGUAGE", "ALTREP", "RELATED", "X-NUM-GUESTS",
        "VCALENDAR", "VEVENT", "VTIMEZONE", "STANDARD", "DAYLIGHT", "VALARM", "VTODO", "VJOURNAL", "VFREEBUSY")
        .GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Parses an unfolded line. Names are case-insensitive and come back upper-case; values are left as written.</summary>
    public static IcsContentLine Parse(string text, int line) => Parse(text, line, ReadName(text, line, out var nameEnd), nameEnd, keep: true)!;

    /// <summary>The property name at the start of an unfolded line, upper-case, and where it ends.</summary>
    public static string ReadName(ReadOnlySpan<char> text, int line, out int nameEnd)
    {
        nameEnd = NameEnd(text, 0);
        if (nameEnd == 0)
        {
            throw new IcsFormatException(line, $"Expected a property name (letters, digits, '-') at the start of \"{Excerpt(text)}\".");
        }
        return Upper(text[..nameEnd]);
    }

    /// <summary>
    /// Parses the rest of an unfolded line after <see cref="ReadName"/>. Every line is checked alike; only when
    /// <paramref name="keep"/> is set are its parameters and value copied out, since most lines the reader passes over.
    /// </summary>
    public static IcsContentLine? Parse(ReadOnlySpan<char> text, int line, string name, int nameEnd, bool keep)
    {
        var i = nameEnd;
        List<IcsParameter>? parameters = null;
        while (i < text.Length && text[i] == ';')
        {
            var nameStart = ++i;
            i = NameEnd(text, i);
            if (i == nameStart)
            {
                throw new IcsFormatException(line, $"A parameter of {name} has no name.");
            }
            var parameterNameSpan = text[nameStart..i];
            if (i >= text.Length || text[i] != '=')
            {
                throw new IcsFormatException(line, $"The parameter {Upper(parameterNameSpan)} of {name} has no '=' and value.");
            }
            i++;
            string? first = null;
            List<string>? more = null;
            while (true)
            {
                ReadOnlySpan<char> value;
                if (i < text.Length && text[i] == '"')
                {
                    var close = text[(i + 1)..].IndexOf('"');
                    if (close < 0)
                    {
                        throw new IcsFormatException(line, $"The quoted value of the parameter {Upper(parameterNameSpan)} of {name} is never closed.");
                    }
                    close += i + 1;
                    value = text[(i + 1)..close];
                    i = close + 1;
                }
                else
                {
                    var end = text[i..].IndexOfAny(ParameterDelimiters);
                    end = end < 0 ? text.Length : i + end;
                    if (end < text.Length && text[end] == '"')
                    {
                        throw new IcsFormatException(line, $"The parameter {Upper(parameterNameSpan)} of {name} has a '\"' inside an unquoted value.");
                    }
                    value = text[i..end];
                    i = end;
                }
                if (keep)
                {
                    var copy = value.ToString();
                    if (first is null)
                    {
                        first = copy;
                    }
                    else
                    {
                        (more ??= [first]).Add(copy);
                    }
                }
                if (i < text.Length && text[i] == ',')
                {
                    i++;
                    continue;
                }
                break;
            }
            if (keep)
            {
                (parameters ??= new List<IcsParameter>(2)).Add(new IcsParameter(Upper(parameterNameSpan), more is null ? [first!] : [.. more]));
            }
        }
        if (i >= text.Length || text[i] != ':')
        {
            throw new IcsFormatException(line, $"Expected ':' between the property {name} and its value.");
        }
        if (!keep)
        {
            return null;
        }
        var rest = text[(i + 1)..];
        // BEGIN and END name components, a handful of words written millions of times.
        var content = name is "BEGIN" or "END" && KnownNames.TryGetValue(rest, out var known) ? known : rest.ToString();
        return new IcsContentLine(name, parameters, content, line);
    }

    /// <summary>Reads a TEXT value (section 3.3.11): <c>\\ \; \, \n \N</c>; any other escaped character stands for itself.</summary>
    public static string Unescape(string value)
    {
        var slash = value.IndexOf('\\');
        if (slash < 0)
        {
            return value;
        }
        // Unescaping only ever shortens the text, so a buffer of its length holds the result.
        var result = value.Length <= 512 ? stackalloc char[value.Length] : new char[value.Length];
        value.AsSpan(0, slash).CopyTo(result);
        var length = slash;
        for (var i = slash; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length)
            {
                var next = value[++i];
                result[length++] = next is 'n' or 'N' ? '\n' : next;
            }
            else
            {
                result[length++] = c;
            }
        }
        return new string(result[..length]);
    }

    /// <summary>Splits a list value on commas that are not escaped (EXDATE, CATEGORIES).</summary>
    public static IEnumerable<string> SplitList(string value)
    {
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (value[i] == ',')
            {
                yield return value[start..i];
                start = i + 1;
            }
        }
        yield return value[start..];
    }

    private static readonly SearchValues<char> ParameterDelimiters = SearchValues.Create(";:,\"");

    private static int NameEnd(ReadOnlySpan<char> text, int start)
    {
        var i = start;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '-'))
        {
            i++;
        }
        return i;
    }

    private static string Upper(ReadOnlySpan<char> name)
    {
        if (KnownNames.TryGetValue(name, out var known))
        {
            return known;
        }
        var upper = name.ToString().ToUpperInvariant();
        return KnownNames.TryGetValue(upper, out known) ? known : upper;
    }

    internal static string Excerpt(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    internal static string Excerpt(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "…");
}
