using System.Buffers;
using System.Text;

namespace InterviewFunctions.Core.Calendar.Import;

/// <summary>One property parameter: <c>TZID=Europe/Berlin</c>, <c>MEMBER="mailto:a","mailto:b"</c>.</summary>
internal sealed record IcsParameter(string Name, IReadOnlyList<string> Values)
{
    public string Value => Values.Count == 0 ? "" : Values[0];
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

    /// <summary>Parses an unfolded line. Names are case-insensitive and come back upper-case; values are left as written.</summary>
    public static IcsContentLine Parse(string text, int line)
    {
        var i = NameEnd(text, 0);
        if (i == 0)
        {
            throw new IcsFormatException(line, $"Expected a property name (letters, digits, '-') at the start of \"{Excerpt(text)}\".");
        }
        var name = Upper(text, 0, i);
        List<IcsParameter>? parameters = null;
        while (i < text.Length && text[i] == ';')
        {
            var nameStart = ++i;
            i = NameEnd(text, i);
            if (i == nameStart)
            {
                throw new IcsFormatException(line, $"A parameter of {name} has no name.");
            }
            var parameterName = Upper(text, nameStart, i);
            if (i >= text.Length || text[i] != '=')
            {
                throw new IcsFormatException(line, $"The parameter {parameterName} of {name} has no '=' and value.");
            }
            i++;
            var values = new List<string>(1);
            while (true)
            {
                if (i < text.Length && text[i] == '"')
                {
                    var close = text.IndexOf('"', i + 1);
                    if (close < 0)
                    {
                        throw new IcsFormatException(line, $"The quoted value of the parameter {parameterName} of {name} is never closed.");
                    }
                    values.Add(text[(i + 1)..close]);
                    i = close + 1;
                }
                else
                {
                    var end = text.AsSpan(i).IndexOfAny(ParameterDelimiters);
                    end = end < 0 ? text.Length : i + end;
                    if (end < text.Length && text[end] == '"')
                    {
                        throw new IcsFormatException(line, $"The parameter {parameterName} of {name} has a '\"' inside an unquoted value.");
                    }
                    values.Add(text[i..end]);
                    i = end;
                }
                if (i < text.Length && text[i] == ',')
                {
                    i++;
                    continue;
                }
                break;
            }
            (parameters ??= new List<IcsParameter>(2)).Add(new IcsParameter(parameterName, values));
        }
        if (i >= text.Length || text[i] != ':')
        {
            throw new IcsFormatException(line, $"Expected ':' between the property {name} and its value.");
        }
        return new IcsContentLine(name, parameters, text[(i + 1)..], line);
    }

    /// <summary>Reads a TEXT value (section 3.3.11): <c>\\ \; \, \n \N</c>; any other escaped character stands for itself.</summary>
    public static string Unescape(string value)
    {
        var slash = value.IndexOf('\\');
        if (slash < 0)
        {
            return value;
        }
        var result = new StringBuilder(value.Length);
        result.Append(value, 0, slash);
        for (var i = slash; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length)
            {
                var next = value[++i];
                result.Append(next is 'n' or 'N' ? '\n' : next);
            }
            else
            {
                result.Append(c);
            }
        }
        return result.ToString();
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

    private static int NameEnd(string text, int start)
    {
        var i = start;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '-'))
        {
            i++;
        }
        return i;
    }

    private static string Upper(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (char.IsAsciiLetterLower(text[i]))
            {
                return text[start..end].ToUpperInvariant();
            }
        }
        return text[start..end];
    }

    internal static string Excerpt(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
