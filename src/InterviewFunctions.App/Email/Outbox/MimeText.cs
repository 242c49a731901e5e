using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using InterviewFunctions.Core.Email;

namespace InterviewFunctions.App.Email.Outbox;

/// <summary>
/// The pieces of RFC 5322 / MIME text the outbox writes and reads back: folded headers, RFC 2047 encoded-words for
/// anything that is not plain ASCII, address lists, quoted-printable and base64 bodies. CRLF line ends throughout.
/// </summary>
public static partial class MimeText
{
    public const string Crlf = "\r\n";

    private const int LineLimit = 76;
    private const string WordPrefix = "=?utf-8?B?";
    private const string WordSuffix = "?=";

    /// <summary>An unstructured header (Subject, X-…), folded, with encoded-words when the value is not plain ASCII.</summary>
    public static string Header(string name, string value)
    {
        // A line break in a value would start a new header: the classic header injection.
        var clean = new string([.. value.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        IEnumerable<string> tokens = NeedsEncoding(clean) ? EncodedWords(clean, LineLimit - name.Length - 2) : clean.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Fold(name, tokens);
    }

    /// <summary>An address header (To, Cc, From, Reply-To): <c>Display Name &lt;address&gt;</c> separated by commas.</summary>
    public static string AddressHeader(string name, IEnumerable<EmailAddress> addresses)
    {
        var tokens = new List<string>();
        var list = addresses.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var display = list[i].DisplayName is { } d ? new string([.. d.Select(c => char.IsControl(c) ? ' ' : c)]).Trim() : "";
            var separator = i < list.Count - 1 ? "," : "";
            if (display.Length == 0)
            {
                tokens.Add(list[i].Address + separator);
                continue;
            }
            if (display.Any(c => c > '~'))
            {
                tokens.AddRange(EncodedWords(display, LineLimit - 1));
            }
            else if (display.All(c => c == ' ' || IsAtext(c)))
            {
                tokens.AddRange(display.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else
            {
                tokens.Add("\"" + display.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"");
            }
            tokens.Add($"<{list[i].Address}>{separator}");
        }
        return Fold(name, tokens);
    }

    /// <summary>Removes folding and decodes encoded-words (UTF-8 or ASCII, B or Q).</summary>
    public static string Decode(string value)
    {
        var unfolded = value.Replace(Crlf, "", StringComparison.Ordinal);
        var result = new StringBuilder();
        var pending = new List<byte>();
        var position = 0;
        foreach (Match word in EncodedWord().Matches(unfolded))
        {
            var between = unfolded[position..word.Index];
            // Whitespace between two encoded-words is folding, not text (RFC 2047 section 6.2).
            if (pending.Count == 0 || between.Any(c => c is not (' ' or '\t')))
            {
                Flush();
                result.Append(between);
            }
            var charset = word.Groups[1].Value.ToLowerInvariant();
            if (charset is not ("utf-8" or "us-ascii"))
            {
                Flush();
                result.Append(word.Value);
            }
            else
            {
                var text = word.Groups[3].Value;
                try
                {
                    pending.AddRange(word.Groups[2].Value is "B" or "b" ? Convert.FromBase64String(text) : DecodeQ(text));
                }
                catch (FormatException)
                {
                    Flush();
                    result.Append(word.Value);
                }
            }
            position = word.Index + word.Length;
        }
        Flush();
        result.Append(unfolded[position..]);
        return result.ToString();

        void Flush()
        {
            result.Append(Encoding.UTF8.GetString([.. pending]));
            pending.Clear();
        }
    }

    /// <summary>The addresses of an address header, without display names.</summary>
    public static IReadOnlyList<string> Addresses(string value)
    {
        var addresses = new List<string>();
        var unfolded = value.Replace(Crlf, "", StringComparison.Ordinal);
        var quoted = false;
        var start = 0;
        for (var i = 0; i <= unfolded.Length; i++)
        {
            var c = i < unfolded.Length ? unfolded[i] : ',';
            if (quoted && c == '\\')
            {
                i++;
                continue;
            }
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                var part = unfolded[start..i];
                var open = part.LastIndexOf('<');
                var close = part.LastIndexOf('>');
                var address = open >= 0 && close > open ? part[(open + 1)..close] : part;
                if (address.Trim() is { Length: > 0 } trimmed)
                {
                    addresses.Add(trimmed);
                }
                start = i + 1;
            }
        }
        return addresses;
    }

    /// <summary>RFC 5322 date-time in UTC, e.g. <c>Sat, 21 Nov 2026 09:00:00 +0000</c>.</summary>
    public static string Date(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>Quoted-printable (RFC 2045) UTF-8 text with CRLF line ends and encoded lines of at most 76 characters.</summary>
    public static string QuotedPrintable(string text)
    {
        var output = new StringBuilder(text.Length + (text.Length / 8));
        var lines = text.ReplaceLineEndings(Crlf).Split(Crlf);
        for (var i = 0; i < lines.Length; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(lines[i]);
            var length = 0;
            for (var j = 0; j < bytes.Length; j++)
            {
                var b = bytes[j];
                var last = j == bytes.Length - 1;
                // Whitespace at the end of a line may be stripped in transit, so it is encoded there.
                var literal = (b is >= 33 and <= 126 && b != (byte)'=') || (b is (byte)' ' or (byte)'\t' && !last);
                var piece = literal ? ((char)b).ToString() : $"={b:X2}";
                // Leave room for the '=' of a soft line break, unless this is the line's last piece and it fits.
                if (length + piece.Length > LineLimit - 1 && !(last && length + piece.Length <= LineLimit))
                {
                    output.Append('=').Append(Crlf);
                    length = 0;
                }
                output.Append(piece);
                length += piece.Length;
            }
            if (i < lines.Length - 1)
            {
                output.Append(Crlf);
            }
        }
        return output.ToString();
    }

    /// <summary>Base64 in lines of 76 characters, as MIME requires.</summary>
    public static string Base64(byte[] content) => Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks);

    /// <summary>A MIME parameter: a token as it is, anything else quoted (or RFC 2231-encoded when not ASCII).</summary>
    public static string Parameter(string name, string value)
    {
        if (value.Length > 0 && value.All(IsTokenChar))
        {
            return $"{name}={value}";
        }
        if (value.All(c => c is >= ' ' and <= '~'))
        {
            return $"{name}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
        }
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            encoded.Append(b < 128 && IsTokenChar((char)b) && b is not ((byte)'*' or (byte)'\'' or (byte)'%') ? ((char)b).ToString() : $"%{b:X2}");
        }
        return $"{name}*=utf-8''{encoded}";
    }

    public static bool IsTokenChar(char c) => c is > ' ' and <= '~' && !"()<>@,;:\\\"/[]?=".Contains(c, StringComparison.Ordinal);

    private static bool IsAtext(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal);

    private static bool NeedsEncoding(string value) => value.Any(c => c > '~') || value.Contains("=?", StringComparison.Ordinal);

    /// <summary>Encoded-words of whole characters, each short enough for its line (the first shares a line with the header name).</summary>
    private static List<string> EncodedWords(string text, int firstLineRoom)
    {
        var words = new List<string>();
        var chunk = new List<byte>();
        var room = Math.Max(firstLineRoom, 0);
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var size = rune.EncodeToUtf8(buffer);
            if (chunk.Count > 0 && EncodedLength(chunk.Count + size) > room)
            {
                words.Add(WordPrefix + Convert.ToBase64String([.. chunk]) + WordSuffix);
                chunk.Clear();
                room = LineLimit - 1;
            }
            chunk.AddRange(buffer[..size].ToArray());
        }
        if (chunk.Count > 0)
        {
            words.Add(WordPrefix + Convert.ToBase64String([.. chunk]) + WordSuffix);
        }
        return words;

        static int EncodedLength(int bytes) => WordPrefix.Length + WordSuffix.Length + ((bytes + 2) / 3 * 4);
    }

    /// <summary><c>Name: token token…</c>, breaking lines between tokens so that they stay within 76 characters where a token allows.</summary>
    private static string Fold(string name, IEnumerable<string> tokens)
    {
        var output = new StringBuilder(name).Append(':');
        var length = output.Length;
        foreach (var token in tokens)
        {
            if (length + 1 + token.Length > LineLimit && length > name.Length + 1)
            {
                output.Append(Crlf);
                length = 0;
            }
            output.Append(' ').Append(token);
            length += 1 + token.Length;
        }
        return output.Append(Crlf).ToString();
    }

    private static byte[] DecodeQ(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_')
            {
                bytes.Add((byte)' ');
            }
            else if (text[i] == '=' && i + 2 < text.Length)
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }
        return [.. bytes];
    }

    [GeneratedRegex(@"=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=")]
    private static partial Regex EncodedWord();
}
