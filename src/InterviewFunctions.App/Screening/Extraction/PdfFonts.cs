using System.Globalization;
using System.Text;
using InterviewFunctions.App.Screening.Extraction.Pdf;

namespace InterviewFunctions.App.Screening.Extraction;

/// <summary>One decoded character code: its text (empty when the font gives no Unicode), its advance in text space units per 1000 em, and whether it is the single-byte space that word spacing applies to.</summary>
internal readonly record struct DecodedCode(string Text, double Width, bool IsWordSpace, bool Unmapped);

/// <summary>
/// A PDF font as far as text extraction needs it: how bytes split into codes (one byte, or two for Type0 fonts), what
/// each code means in Unicode (ToUnicode CMap first, then /Encoding with /Differences, then the base encoding) and how
/// wide it is (for spacing and line layout).
/// </summary>
internal sealed class PdfFont
{
    private readonly Dictionary<int, string>? _toUnicode;
    private readonly string?[]? _simpleMap;
    private readonly Dictionary<int, double> _widths = [];
    private readonly double _defaultWidth;
    private readonly Func<char, double>? _estimatedWidth;

    private PdfFont(bool twoByte, Dictionary<int, string>? toUnicode, string?[]? simpleMap, double defaultWidth, double scale, Func<char, double>? estimatedWidth)
    {
        IsTwoByte = twoByte;
        _toUnicode = toUnicode;
        _simpleMap = simpleMap;
        _defaultWidth = defaultWidth;
        WidthScale = scale;
        _estimatedWidth = estimatedWidth;
    }

    public bool IsTwoByte { get; }

    /// <summary>Multiplier from width units to text space: 1/1000 for all fonts but Type3, which use their FontMatrix.</summary>
    public double WidthScale { get; }

    /// <summary>Used when a content stream names a font its resources lack.</summary>
    public static PdfFont Fallback { get; } = new(false, null, StandardEncodings.WinAnsi(), 500, 0.001, EstimateHelvetica);

    public IEnumerable<DecodedCode> Decode(byte[] bytes)
    {
        var step = IsTwoByte ? 2 : 1;
        for (var i = 0; i + step <= bytes.Length; i += step)
        {
            var code = IsTwoByte ? (bytes[i] << 8) | bytes[i + 1] : bytes[i];
            string? text = null;
            if (_toUnicode is not null && _toUnicode.TryGetValue(code, out var mapped))
            {
                text = mapped;
            }
            else if (_simpleMap is not null && code < 256)
            {
                text = _simpleMap[code];
            }
            var width = _widths.TryGetValue(code, out var w) ? w
                : _estimatedWidth is not null && text is { Length: > 0 } ? _estimatedWidth(text[0])
                : _defaultWidth;
            yield return new DecodedCode(text ?? "", width, !IsTwoByte && code == 32, text is null);
        }
        if (!IsTwoByte || bytes.Length % 2 == 0)
        {
            yield break;
        }
        // An odd trailing byte in a two-byte font: nothing sensible to map.
        yield return new DecodedCode("", _defaultWidth, false, true);
    }

    public static PdfFont Load(PdfDictionary font)
    {
        var subtype = font.Name("Subtype");
        var toUnicode = ReadToUnicode(font);
        if (subtype == "Type0")
        {
            var descendant = font.Array("DescendantFonts")?[0] as PdfDictionary;
            var defaultWidth = descendant?["DW"] is double dw ? dw : 1000;
            var cid = new PdfFont(twoByte: true, toUnicode, simpleMap: null, defaultWidth, 0.001, estimatedWidth: null);
            if (descendant?.Array("W") is { } w)
            {
                cid.ReadCidWidths(w);
            }
            return cid;
        }

        var baseFont = font.Name("BaseFont") ?? "";
        var map = SimpleEncoding(font, subtype, baseFont);
        var scale = 0.001;
        if (subtype == "Type3" && font.Array("FontMatrix") is { Count: 6 } matrix)
        {
            scale = matrix.Number(0);
        }
        var descriptor = font.Dictionary("FontDescriptor");
        var missing = descriptor?.Number("MissingWidth") ?? 0;
        var widths = font.Array("Widths");
        Func<char, double>? estimate = widths is null ? EstimatorFor(baseFont) : null;
        var simple = new PdfFont(twoByte: false, toUnicode, map, missing > 0 ? missing : 500, scale, estimate);
        if (widths is not null)
        {
            var first = (int)Math.Clamp(font.Number("FirstChar"), 0, 255);
            for (var i = 0; i < widths.Count && first + i < 256; i++)
            {
                simple._widths[first + i] = widths.Number(i);
            }
        }
        return simple;
    }

    private void ReadCidWidths(PdfArray w)
    {
        for (var i = 0; i < w.Count;)
        {
            var first = (int)Math.Clamp(w.Number(i), 0, 65535);
            if (i + 1 < w.Count && w[i + 1] is PdfArray list)
            {
                for (var k = 0; k < list.Count && first + k < 65536; k++)
                {
                    _widths[first + k] = list.Number(k);
                }
                i += 2;
            }
            else if (i + 2 < w.Count)
            {
                var last = (int)Math.Clamp(w.Number(i + 1), 0, 65535);
                var width = w.Number(i + 2);
                for (var c = first; c <= last; c++)
                {
                    _widths[c] = width;
                }
                i += 3;
            }
            else
            {
                break;
            }
        }
    }

    private static string?[] SimpleEncoding(PdfDictionary font, string? subtype, string baseFont)
    {
        var symbolic = baseFont.Contains("Symbol", StringComparison.OrdinalIgnoreCase) || baseFont.Contains("Dingbat", StringComparison.OrdinalIgnoreCase) || baseFont.Contains("Wingding", StringComparison.OrdinalIgnoreCase);
        var encoding = font["Encoding"];
        string? baseName = encoding switch
        {
            PdfName name => name.Value,
            PdfDictionary dict => dict.Name("BaseEncoding"),
            _ => null,
        };
        var map = baseName switch
        {
            "WinAnsiEncoding" => StandardEncodings.WinAnsi(),
            "MacRomanEncoding" => StandardEncodings.MacRoman(),
            "StandardEncoding" => StandardEncodings.Standard(),
            _ when symbolic => StandardEncodings.SymbolBullets(),
            _ when subtype == "TrueType" => StandardEncodings.WinAnsi(),
            _ => StandardEncodings.Standard(),
        };
        if (encoding is PdfDictionary withDifferences && withDifferences.Array("Differences") is { } differences)
        {
            var code = 0;
            for (var i = 0; i < differences.Count; i++)
            {
                switch (differences[i])
                {
                    case double number:
                        code = (int)Math.Clamp(number, -1, 256);
                        break;
                    case PdfName glyph when code is >= 0 and < 256:
                        map[code++] = GlyphNames.ToUnicode(glyph.Value);
                        break;
                }
            }
        }
        return map;
    }

    private static Dictionary<int, string>? ReadToUnicode(PdfDictionary font)
    {
        if (font["ToUnicode"] is not PdfStream stream)
        {
            return null;
        }
        try
        {
            return stream.Decode() is { } data ? ToUnicodeCMap.Parse(data) : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static Func<char, double> EstimatorFor(string baseFont) =>
        baseFont.Contains("Courier", StringComparison.OrdinalIgnoreCase) ? _ => 600
        : baseFont.Contains("Times", StringComparison.OrdinalIgnoreCase) ? EstimateTimes
        : EstimateHelvetica;

    // The standard 14 fonts may come without /Widths; these averages keep spacing and right-aligned columns roughly right.
    private static double EstimateHelvetica(char c) => c switch
    {
        ' ' or 'i' or 'j' or 'l' or '.' or ',' or ':' or ';' or '\'' or '!' or '|' => 250,
        'f' or 't' or 'r' or '(' or ')' or '-' or '/' => 320,
        'm' or 'w' => 800,
        'M' or 'W' => 870,
        >= 'A' and <= 'Z' => 680,
        _ => 540,
    };

    private static double EstimateTimes(char c) => c switch
    {
        ' ' or 'i' or 'j' or 'l' or '.' or ',' or ':' or ';' or '\'' or '!' or '|' => 250,
        'f' or 't' or 'r' or '(' or ')' or '-' or '/' => 330,
        'm' or 'w' => 740,
        'M' or 'W' => 900,
        >= 'A' and <= 'Z' => 680,
        _ => 490,
    };
}

/// <summary>ToUnicode CMaps: <c>bfchar</c> and <c>bfrange</c> sections, one- and two-byte source codes, UTF-16BE targets.</summary>
internal static class ToUnicodeCMap
{
    public static Dictionary<int, string> Parse(byte[] data)
    {
        var map = new Dictionary<int, string>();
        var tokens = Tokens(data).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] == "beginbfchar")
            {
                for (i++; i + 1 < tokens.Count && tokens[i] != "endbfchar"; i += 2)
                {
                    if (Hex(tokens[i]) is { } source && Hex(tokens[i + 1]) is { } target)
                    {
                        map[Code(source)] = Utf16(target);
                    }
                }
            }
            else if (tokens[i] == "beginbfrange")
            {
                for (i++; i + 2 < tokens.Count && tokens[i] != "endbfrange";)
                {
                    var low = Hex(tokens[i]);
                    var high = Hex(tokens[i + 1]);
                    if (low is null || high is null)
                    {
                        i++;
                        continue;
                    }
                    int from = Code(low), to = Math.Min(Code(high), from + 65535);
                    if (tokens[i + 2] == "[")
                    {
                        var j = i + 3;
                        for (var code = from; j < tokens.Count && tokens[j] != "]"; j++, code++)
                        {
                            if (Hex(tokens[j]) is { } target)
                            {
                                map[code] = Utf16(target);
                            }
                        }
                        i = j + 1;
                    }
                    else
                    {
                        if (Hex(tokens[i + 2]) is { Length: > 0 } start)
                        {
                            for (var code = from; code <= to; code++)
                            {
                                // The last byte of the target increments along the range.
                                var target = (byte[])start.Clone();
                                var carry = code - from;
                                for (var b = target.Length - 1; b >= 0 && carry > 0; b--)
                                {
                                    var sum = target[b] + carry;
                                    target[b] = (byte)(sum & 0xFF);
                                    carry = sum >> 8;
                                }
                                map[code] = Utf16(target);
                            }
                        }
                        i += 3;
                    }
                }
            }
        }
        return map;
    }

    private static int Code(byte[] bytes)
    {
        var code = 0;
        foreach (var b in bytes.AsSpan(0, Math.Min(bytes.Length, 4)))
        {
            code = (code << 8) | b;
        }
        return code;
    }

    private static string Utf16(byte[] bytes)
    {
        if (bytes.Length == 1)
        {
            return ((char)bytes[0]).ToString();
        }
        return Encoding.BigEndianUnicode.GetString(bytes, 0, bytes.Length - bytes.Length % 2);
    }

    private static byte[]? Hex(string token)
    {
        if (token.Length < 2 || token[0] != '<' || token[^1] != '>')
        {
            return null;
        }
        var digits = token[1..^1];
        if (digits.Length % 2 == 1)
        {
            digits += "0";
        }
        try
        {
            return Convert.FromHexString(digits);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IEnumerable<string> Tokens(byte[] data)
    {
        var i = 0;
        var token = new StringBuilder();
        while (i < data.Length)
        {
            var c = (char)data[i];
            if (c == '%')
            {
                while (i < data.Length && data[i] is not ((byte)'\n' or (byte)'\r'))
                {
                    i++;
                }
                continue;
            }
            if (c == '<' && i + 1 < data.Length && data[i + 1] != '<')
            {
                token.Clear().Append('<');
                for (i++; i < data.Length && data[i] != '>'; i++)
                {
                    if (!char.IsWhiteSpace((char)data[i]))
                    {
                        token.Append((char)data[i]);
                    }
                }
                i++;
                yield return token.Append('>').ToString();
                continue;
            }
            if (c is '[' or ']')
            {
                i++;
                yield return c.ToString();
                continue;
            }
            if (char.IsWhiteSpace(c) || c is '<' or '>' or '(' or ')' or '{' or '}' or '/')
            {
                i++;
                continue;
            }
            token.Clear();
            while (i < data.Length && !char.IsWhiteSpace((char)data[i]) && data[i] is not ((byte)'<' or (byte)'[' or (byte)']' or (byte)'/' or (byte)'(' or (byte)'%'))
            {
                token.Append((char)data[i++]);
            }
            yield return token.ToString();
        }
    }
}
