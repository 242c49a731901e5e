using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace InterviewFunctions.Core.Calendar;

/// <summary>
/// The lexical rules of RFC 5545: TEXT escaping, parameter quoting, date-time and offset forms, and content lines
/// ended by CRLF and folded at 75 octets.
/// </summary>
public static class IcsText
{
    public const int MaxLineOctets = 75;

    private static readonly LocalDateTimePattern LocalPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuuMMdd'T'HHmmss");

    /// <summary>Escapes a TEXT value (section 3.3.11). Control characters other than tab are not allowed in TEXT, so they go.</summary>
    public static string Escape(string text)
    {
        var result = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\': result.Append(@"\\"); break;
                case ';': result.Append(@"\;"); break;
                case ',': result.Append(@"\,"); break;
                case '\r':
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }
                    result.Append(@"\n");
                    break;
                case '\n': result.Append(@"\n"); break;
                case '\t': result.Append(c); break;
                default:
                    if (!char.IsControl(c))
                    {
                        result.Append(c);
                    }
                    break;
            }
        }
        return result.ToString();
    }

    /// <summary>
    /// A parameter value (section 3.2), always quoted so that ':', ';' and ',' in a name are safe. A double quote
    /// cannot appear inside a quoted value at all, so it becomes an apostrophe.
    /// </summary>
    public static string QuoteParameter(string value)
    {
        var result = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c == '"')
            {
                result.Append('\'');
            }
            else if (!char.IsControl(c))
            {
                result.Append(c);
            }
        }
        return result.Append('"').ToString();
    }

    /// <summary>A <c>mailto:</c> URI for an address; anything that could end the line or the value is dropped.</summary>
    public static string MailTo(string address) =>
        "mailto:" + new string([.. address.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c))]);

    public static string Utc(Instant instant) => LocalPattern.Format(instant.InUtc().LocalDateTime) + "Z";

    public static string Utc(DateTimeOffset instant) => Utc(Instant.FromDateTimeOffset(instant));

    public static string Local(LocalDateTime local) => LocalPattern.Format(local);

    /// <summary>A UTC offset as <c>+hhmm</c>, or <c>+hhmmss</c> for the odd historical offset with seconds.</summary>
    public static string Offset(Offset offset)
    {
        var seconds = offset.Seconds;
        var sign = seconds < 0 ? '-' : '+';
        seconds = Math.Abs(seconds);
        var text = string.Create(CultureInfo.InvariantCulture, $"{sign}{seconds / 3600:00}{seconds / 60 % 60:00}");
        return seconds % 60 == 0 ? text : string.Create(CultureInfo.InvariantCulture, $"{text}{seconds % 60:00}");
    }

    /// <summary>
    /// Appends one content line, folded so that no physical line exceeds 75 octets of UTF-8 (section 3.1). A fold is
    /// CRLF and a space, and never falls inside a character's UTF-8 sequence or between the halves of a surrogate pair.
    /// </summary>
    public static void AppendLine(StringBuilder output, string line)
    {
        var octets = 0;
        Span<char> buffer = stackalloc char[2];
        foreach (var rune in line.EnumerateRunes())
        {
            var length = rune.Utf8SequenceLength;
            if (octets + length > MaxLineOctets)
            {
                output.Append("\r\n ");
                octets = 1;
            }
            var written = rune.EncodeToUtf16(buffer);
            output.Append(buffer[..written]);
            octets += length;
        }
        output.Append("\r\n");
    }
}
