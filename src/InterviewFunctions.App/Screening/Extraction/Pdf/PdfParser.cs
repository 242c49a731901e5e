using System.Text;

namespace InterviewFunctions.App.Screening.Extraction.Pdf;

/// <summary>
/// Reads PDF objects from bytes: the tokens of the file syntax (ISO 32000-1 §7.2-7.3) and the objects built from them.
/// The same reader serves the file body (where <c>N G R</c> forms references) and content streams (where the bare words
/// are operators). It never reads past its end, every loop consumes at least one byte, and nesting is bounded, so any
/// input terminates.
/// </summary>
internal sealed class PdfParser(byte[] data, int start, int end, PdfFile? owner)
{
    /// <summary>Returned when the data ends where a token was expected.</summary>
    public static readonly object EndOfData = new PdfKeyword("<end of data>");

    public static readonly PdfKeyword ArrayEnd = new("]");
    public static readonly PdfKeyword DictionaryEnd = new(">>");

    private byte[] _scratch = new byte[256];

    public int Position { get; set; } = start;

    public int End => end;

    public byte[] Data => data;

    public static bool IsWhitespace(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    public static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    public static bool IsRegular(byte b) => !IsWhitespace(b) && !IsDelimiter(b);

    public void SkipWhitespace()
    {
        while (Position < end)
        {
            var b = data[Position];
            if (IsWhitespace(b))
            {
                Position++;
            }
            else if (b == '%')
            {
                while (Position < end && data[Position] is not ((byte)'\n' or (byte)'\r'))
                {
                    Position++;
                }
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>
    /// The next object, a <see cref="PdfKeyword"/> for a bare word or a closing bracket, or <see cref="EndOfData"/>.
    /// With <paramref name="references"/>, <c>N G R</c> becomes a <see cref="PdfReference"/>.
    /// </summary>
    public object? ReadObject(bool references, int depth = 0)
    {
        SkipWhitespace();
        if (Position >= end)
        {
            return EndOfData;
        }
        var b = data[Position];
        switch (b)
        {
            case (byte)'/':
                return ReadName();
            case (byte)'(':
                return new PdfString(ReadLiteralString());
            case (byte)'<' when Position + 1 < end && data[Position + 1] == '<':
                Position += 2;
                return ReadDictionary(references, depth + 1);
            case (byte)'<':
                return new PdfString(ReadHexString());
            case (byte)'>' when Position + 1 < end && data[Position + 1] == '>':
                Position += 2;
                return DictionaryEnd;
            case (byte)'[':
                Position++;
                return ReadArray(references, depth + 1);
            case (byte)']':
                Position++;
                return ArrayEnd;
            case (byte)')' or (byte)'>' or (byte)'{' or (byte)'}':
                Position++;
                return new PdfKeyword(((char)b).ToString());
        }
        if (b is (>= (byte)'0' and <= (byte)'9') or (byte)'+' or (byte)'-' or (byte)'.')
        {
            var numberStart = Position;
            var number = ReadNumber(out var isInteger);
            if (references && isInteger && data[numberStart] is >= (byte)'0' and <= (byte)'9' && TryReadReferenceTail(number) is { } reference)
            {
                return reference;
            }
            return number;
        }
        var word = ReadWord();
        return word switch
        {
            "true" => true,
            "false" => false,
            "null" => null,
            _ => new PdfKeyword(word),
        };
    }

    private PdfReference? TryReadReferenceTail(double number)
    {
        if (number > int.MaxValue)
        {
            return null;
        }
        var saved = Position;
        SkipWhitespace();
        var generationStart = Position;
        while (Position < end && data[Position] is >= (byte)'0' and <= (byte)'9')
        {
            Position++;
        }
        if (Position > generationStart && Position - generationStart <= 5 && Position < end && IsWhitespace(data[Position]))
        {
            var generation = ParseInt(generationStart, Position);
            SkipWhitespace();
            if (Position < end && data[Position] == 'R' && (Position + 1 >= end || !IsRegular(data[Position + 1])))
            {
                Position++;
                return new PdfReference((int)number, generation);
            }
        }
        Position = saved;
        return null;
    }

    private int ParseInt(int from, int to)
    {
        var value = 0L;
        for (var i = from; i < to && value < int.MaxValue; i++)
        {
            value = value * 10 + (data[i] - '0');
        }
        return (int)Math.Min(value, int.MaxValue);
    }

    /// <summary>A number; malformed ones (<c>--5</c>, <c>1.2.3</c>) read as much as makes sense, like other readers do.</summary>
    public double ReadNumber(out bool isInteger)
    {
        var negative = false;
        while (Position < end && data[Position] is (byte)'+' or (byte)'-')
        {
            negative ^= data[Position] == '-';
            Position++;
        }
        double value = 0;
        var digits = 0;
        while (Position < end && data[Position] is >= (byte)'0' and <= (byte)'9')
        {
            value = value * 10 + (data[Position] - '0');
            Position++;
            digits++;
        }
        isInteger = true;
        if (Position < end && data[Position] == '.')
        {
            isInteger = false;
            Position++;
            var scale = 0.1;
            while (Position < end && data[Position] is >= (byte)'0' and <= (byte)'9')
            {
                value += (data[Position] - '0') * scale;
                scale *= 0.1;
                Position++;
            }
        }
        // Junk glued to a number ("12a", "1.2.3") belongs to no other token: skip it.
        while (Position < end && IsRegular(data[Position]))
        {
            Position++;
        }
        if (digits == 0)
        {
            isInteger = false;
        }
        return negative ? -value : value;
    }

    private string ReadWord()
    {
        var from = Position;
        while (Position < end && IsRegular(data[Position]))
        {
            Position++;
        }
        if (Position == from)
        {
            // A byte no token starts with: step over it so the caller always progresses.
            Position++;
            return "";
        }
        return Operators.Intern(data.AsSpan(from, Position - from));
    }

    private PdfName ReadName()
    {
        Position++; // '/'
        var from = Position;
        var escaped = false;
        while (Position < end && IsRegular(data[Position]))
        {
            escaped |= data[Position] == '#';
            Position++;
        }
        var raw = data.AsSpan(from, Position - from);
        if (!escaped)
        {
            return new PdfName(Names.Intern(raw));
        }
        var length = 0;
        EnsureScratch(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '#' && i + 2 < raw.Length && HexValue(raw[i + 1]) is >= 0 and var high && HexValue(raw[i + 2]) is >= 0 and var low)
            {
                _scratch[length++] = (byte)(high << 4 | low);
                i += 2;
            }
            else
            {
                _scratch[length++] = raw[i];
            }
        }
        return new PdfName(Names.Intern(_scratch.AsSpan(0, length)));
    }

    private byte[] ReadLiteralString()
    {
        Position++; // '('
        var length = 0;
        var nesting = 1;
        while (Position < end)
        {
            var b = data[Position++];
            if (b == '\\')
            {
                if (Position >= end)
                {
                    break;
                }
                var e = data[Position++];
                switch (e)
                {
                    case (byte)'n': Append(ref length, (byte)'\n'); break;
                    case (byte)'r': Append(ref length, (byte)'\r'); break;
                    case (byte)'t': Append(ref length, (byte)'\t'); break;
                    case (byte)'b': Append(ref length, 8); break;
                    case (byte)'f': Append(ref length, 12); break;
                    case (byte)'\r':
                        // A backslash at the end of a line continues the string on the next one.
                        if (Position < end && data[Position] == '\n')
                        {
                            Position++;
                        }
                        break;
                    case (byte)'\n':
                        break;
                    case >= (byte)'0' and <= (byte)'7':
                        var value = e - '0';
                        for (var k = 0; k < 2 && Position < end && data[Position] is >= (byte)'0' and <= (byte)'7'; k++)
                        {
                            value = value * 8 + (data[Position++] - '0');
                        }
                        Append(ref length, (byte)value);
                        break;
                    default:
                        // \( \) \\ and any unknown escape: the character itself.
                        Append(ref length, e);
                        break;
                }
                continue;
            }
            if (b == '(')
            {
                nesting++;
            }
            else if (b == ')' && --nesting == 0)
            {
                break;
            }
            else if (b == '\r')
            {
                // An end of line inside a string is a single LF, whatever the file used.
                if (Position < end && data[Position] == '\n')
                {
                    Position++;
                }
                b = (byte)'\n';
            }
            Append(ref length, b);
        }
        return _scratch.AsSpan(0, length).ToArray();
    }

    private byte[] ReadHexString()
    {
        Position++; // '<'
        var length = 0;
        var high = -1;
        while (Position < end)
        {
            var b = data[Position++];
            if (b == '>')
            {
                break;
            }
            var value = HexValue(b);
            if (value < 0)
            {
                continue;
            }
            if (high < 0)
            {
                high = value;
            }
            else
            {
                Append(ref length, (byte)(high << 4 | value));
                high = -1;
            }
        }
        if (high >= 0)
        {
            // An odd digit count: the last digit is followed by an implied 0.
            Append(ref length, (byte)(high << 4));
        }
        return _scratch.AsSpan(0, length).ToArray();
    }

    private PdfArray ReadArray(bool references, int depth)
    {
        if (depth > PdfLimits.MaxNesting)
        {
            throw new PdfFormatException("Arrays and dictionaries are nested too deeply.");
        }
        var items = new List<object?>();
        while (true)
        {
            var item = ReadObject(references, depth);
            if (item == EndOfData || item == ArrayEnd)
            {
                break;
            }
            if (item == DictionaryEnd)
            {
                continue;
            }
            if (item is PdfKeyword keyword && owner is not null && keyword.Value is "endobj" or "obj" or "stream" or "endstream")
            {
                // A damaged array ran into the next object: stop before the keyword.
                Position -= keyword.Value.Length;
                break;
            }
            if (items.Count < PdfLimits.MaxContainerItems)
            {
                items.Add(item);
            }
        }
        return new PdfArray(items, owner);
    }

    private PdfDictionary ReadDictionary(bool references, int depth)
    {
        if (depth > PdfLimits.MaxNesting)
        {
            throw new PdfFormatException("Arrays and dictionaries are nested too deeply.");
        }
        var entries = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            var key = ReadObject(references, depth);
            if (key == EndOfData || key == DictionaryEnd)
            {
                break;
            }
            if (key is PdfKeyword keyword && keyword.Value is "endobj" or "obj" or "stream" or "endstream" or "ID")
            {
                Position -= keyword.Value.Length;
                break;
            }
            if (key is not PdfName name)
            {
                continue; // not a key: skip it and look for the next name
            }
            var value = ReadObject(references, depth);
            if (value == EndOfData || value == DictionaryEnd)
            {
                break;
            }
            if (value is PdfKeyword)
            {
                continue;
            }
            if (entries.Count < PdfLimits.MaxContainerItems)
            {
                entries[name.Value] = value;
            }
        }
        return new PdfDictionary(entries, owner);
    }

    public static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private void Append(ref int length, byte b)
    {
        EnsureScratch(length + 1);
        _scratch[length++] = b;
    }

    private void EnsureScratch(int size)
    {
        if (size > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(size, _scratch.Length * 2));
        }
    }

    /// <summary>Operators and keywords come from a small fixed set: share one string each instead of allocating per token.</summary>
    private static class Operators
    {
        private static readonly Dictionary<int, string> Known = Build(
            "b", "B", "b*", "B*", "BDC", "BI", "BMC", "BT", "BX", "c", "cm", "CS", "cs", "d", "d0", "d1", "Do", "DP", "EI", "EMC", "ET", "EX",
            "f", "F", "f*", "G", "g", "gs", "h", "i", "ID", "j", "J", "K", "k", "l", "m", "M", "MP", "n", "q", "Q", "re", "RG", "rg", "ri",
            "s", "S", "SC", "sc", "SCN", "scn", "sh", "T*", "Tc", "Td", "TD", "Tf", "Tj", "TJ", "TL", "Tm", "Tr", "Ts", "Tw", "Tz", "v",
            "w", "W", "W*", "y", "'", "\"", "R", "obj", "endobj", "stream", "endstream", "xref", "trailer", "startxref", "true", "false",
            "null", "f", "n");

        private static Dictionary<int, string> Build(params string[] words)
        {
            var map = new Dictionary<int, string>();
            foreach (var word in words)
            {
                if (word.Length <= 3)
                {
                    map[Key(Encoding.ASCII.GetBytes(word))] = word;
                }
            }
            return map;
        }

        private static int Key(ReadOnlySpan<byte> word)
        {
            var key = word.Length;
            foreach (var b in word)
            {
                key = key << 8 | b;
            }
            return key;
        }

        public static string Intern(ReadOnlySpan<byte> word)
        {
            if (word.Length <= 3 && Known.TryGetValue(Key(word), out var known))
            {
                return known;
            }
            return Encoding.Latin1.GetString(word);
        }
    }

    /// <summary>Names repeat constantly (Type, Font, Length); a small shared table avoids a string per occurrence.</summary>
    private static class Names
    {
        private static readonly string[] Common =
        [
            "Type", "Subtype", "Length", "Filter", "DecodeParms", "Font", "Resources", "Contents", "Parent", "Kids", "Count", "Page", "Pages",
            "MediaBox", "CropBox", "Rotate", "ProcSet", "XObject", "ExtGState", "FlateDecode", "Encoding", "BaseFont", "ToUnicode", "Widths",
            "FirstChar", "LastChar", "FontDescriptor", "DescendantFonts", "W", "DW", "Image", "Form", "BBox", "Matrix", "Width", "Height",
            "ColorSpace", "BitsPerComponent", "DeviceRGB", "DeviceGray", "Predictor", "Columns", "N", "First", "Size", "Index", "Prev", "Root",
            "Info", "ID", "Encrypt", "XRefStm", "ObjStm", "XRef", "Catalog", "TrueType", "Type0", "Type1", "Type3", "WinAnsiEncoding",
            "Identity-H", "CIDFontType2", "CIDFontType0", "Annots", "StructParents", "Group", "Tabs", "ca", "CA", "Differences", "F1", "F2", "F3",
        ];

        private static readonly Dictionary<int, string[]> ByLength = Common.GroupBy(n => n.Length).ToDictionary(g => g.Key, g => g.ToArray());

        public static string Intern(ReadOnlySpan<byte> name)
        {
            if (ByLength.TryGetValue(name.Length, out var candidates))
            {
                foreach (var candidate in candidates)
                {
                    if (Matches(candidate, name))
                    {
                        return candidate;
                    }
                }
            }
            return Encoding.Latin1.GetString(name);
        }

        private static bool Matches(string candidate, ReadOnlySpan<byte> name)
        {
            for (var i = 0; i < name.Length; i++)
            {
                if (candidate[i] != name[i])
                {
                    return false;
                }
            }
            return true;
        }
    }
}
