namespace InterviewFunctions.App.Screening.Extraction.Pdf;

/// <summary>
/// One PDF file opened for reading: the cross-reference (classic tables, xref streams, hybrid files, /Prev chains with
/// the newest revision winning), object streams, decryption and the page tree. Objects are parsed only when asked for
/// and cached; streams are decoded only when their data is read. When the cross-reference is missing or points to the
/// wrong places, it is rebuilt by scanning the file for <c>N G obj</c>, as every desktop reader does.
/// </summary>
internal sealed partial class PdfFile
{
    private enum EntryKind : byte
    {
        Free,
        InFile,
        InObjectStream,
    }

    /// <summary>For <see cref="EntryKind.InObjectStream"/>, <c>Offset</c> is the stream's object number and <c>Generation</c> the index in it.</summary>
    private readonly record struct XrefEntry(EntryKind Kind, long Offset, int Generation);

    private sealed record ObjectStreamIndex(byte[] Data, int First, Dictionary<int, int> Offsets);

    private static readonly PdfDictionary EmptyDictionary = new([], null);

    private readonly byte[] _data;
    private readonly int _headerOffset;
    private readonly Dictionary<int, object?> _cache = [];
    private readonly HashSet<int> _resolving = [];
    private readonly Dictionary<int, ObjectStreamIndex?> _objectStreams = [];
    private Dictionary<int, XrefEntry> _xref = [];
    private bool _rebuilding;

    private PdfFile(byte[] data)
    {
        _data = data;
        _headerOffset = Math.Max(0, data.AsSpan(0, Math.Min(data.Length, 1024)).IndexOf("%PDF-"u8));
    }

    public PdfDictionary Trailer { get; private set; } = EmptyDictionary;

    public PdfSecurity? Security { get; private set; }

    public DecodeBudget Budget { get; } = new(PdfLimits.MaxDecodedBytes);

    /// <summary>The cross-reference was damaged and the objects were found by scanning the file.</summary>
    public bool WasRebuilt { get; private set; }

    public PdfDictionary Catalog => Trailer.Dictionary("Root") ?? EmptyDictionary;

    /// <summary>Opens the file; throws <see cref="PdfFormatException"/> when no document can be found in it and <see cref="PdfPasswordException"/> when it needs a password.</summary>
    public static PdfFile Open(byte[] data)
    {
        var file = new PdfFile(data);
        var readable = false;
        try
        {
            file.ReadXrefChain();
            file.SetUpSecurity();
            readable = file.HasPageTree();
        }
        catch (Exception e) when (e is not (PdfPasswordException or OutOfMemoryException))
        {
            readable = false; // whatever went wrong with the declared structure, scanning may still find the objects
        }
        if (!readable)
        {
            file.Rebuild();
            if (!file.HasPageTree())
            {
                throw new PdfFormatException("No document catalog with a page tree was found.");
            }
        }
        return file;
    }

    /// <summary>The value itself, or the object a reference points to (following chains of references a bounded number of times).</summary>
    public static object? Resolve(PdfFile? file, object? value)
    {
        for (var hops = 0; value is PdfReference reference; hops++)
        {
            if (file is null || hops >= PdfLimits.MaxReferenceHops)
            {
                return null;
            }
            value = file.GetObject(reference.Number);
        }
        return value;
    }

    private bool HasPageTree() => Trailer.Dictionary("Root")?.Dictionary("Pages") is not null;

    private object? GetObject(int number)
    {
        if (_cache.TryGetValue(number, out var cached))
        {
            return cached;
        }
        if (!_resolving.Add(number))
        {
            return null; // a reference cycle (a stream whose /Length points back into itself, say)
        }
        try
        {
            var value = Load(number);
            _cache[number] = value;
            return value;
        }
        finally
        {
            _resolving.Remove(number);
        }
    }

    private object? Load(int number)
    {
        if (!_xref.TryGetValue(number, out var entry))
        {
            return null; // a reference to a missing object is the null object
        }
        switch (entry.Kind)
        {
            case EntryKind.InFile:
                if (TryParseIndirect(entry.Offset, number, out var value))
                {
                    return value;
                }
                if (!WasRebuilt && !_rebuilding)
                {
                    // The table points at the wrong bytes: rebuild it once and look again.
                    Rebuild();
                    return _xref.TryGetValue(number, out entry) && entry.Kind == EntryKind.InFile && TryParseIndirect(entry.Offset, number, out value) ? value
                        : entry.Kind == EntryKind.InObjectStream ? FromObjectStream((int)entry.Offset, number) : null;
                }
                return null;
            case EntryKind.InObjectStream:
                return FromObjectStream((int)entry.Offset, number);
            default:
                return null;
        }
    }

    private bool TryParseIndirect(long offset, int expectedNumber, out object? value)
    {
        foreach (var candidate in (ReadOnlySpan<long>)[offset, offset + _headerOffset])
        {
            if (candidate < 0 || candidate >= _data.Length || (candidate != offset && _headerOffset == 0))
            {
                continue;
            }
            if (TryParseIndirectAt((int)candidate, out var number, out value) && (expectedNumber < 0 || number == expectedNumber))
            {
                return true;
            }
        }
        value = null;
        return false;
    }

    /// <summary>Parses <c>N G obj ... endobj</c> at the offset, with a stream if one follows the dictionary.</summary>
    private bool TryParseIndirectAt(int offset, out int number, out object? value)
    {
        value = null;
        number = -1;
        var parser = new PdfParser(_data, offset, _data.Length, this);
        if (parser.ReadObject(references: false) is not double n || parser.ReadObject(references: false) is not double generation
            || parser.ReadObject(references: false) is not PdfKeyword { Value: "obj" } || n < 0 || n > int.MaxValue)
        {
            return false;
        }
        number = (int)n;
        var container = new PdfReference(number, (int)generation);
        value = parser.ReadObject(references: true);
        if (value == PdfParser.EndOfData || value is PdfKeyword)
        {
            value = null;
            return true;
        }
        if (value is PdfDictionary dictionary)
        {
            parser.SkipWhitespace();
            if (_data.AsSpan(parser.Position).StartsWith("stream"u8))
            {
                value = ReadStream(dictionary, parser.Position + 6, container);
            }
        }
        if (Security is { } security && number != security.EncryptObjectNumber)
        {
            DecryptStrings(value, container, security, 0);
        }
        return true;
    }

    private PdfStream ReadStream(PdfDictionary dictionary, int position, PdfReference container)
    {
        // "stream" is followed by CRLF or LF (a lone CR happens too), then the data.
        if (position < _data.Length && _data[position] == '\r')
        {
            position++;
        }
        if (position < _data.Length && _data[position] == '\n')
        {
            position++;
        }
        var declared = dictionary.Entries.TryGetValue("Length", out var length) ? Resolve(this, length) as double? : null;
        int dataLength;
        if (declared is { } d && d >= 0 && position + d <= _data.Length && EndsAt(position + (int)d))
        {
            dataLength = (int)d;
        }
        else
        {
            // /Length is missing, wrong or points nowhere: the data runs to the "endstream" keyword.
            var rest = _data.AsSpan(position);
            var end = rest.IndexOf("endstream"u8);
            if (end < 0)
            {
                end = rest.IndexOf("endobj"u8);
            }
            dataLength = end < 0 ? rest.Length : end;
            if (dataLength > 0 && _data[position + dataLength - 1] == '\n')
            {
                dataLength--;
            }
            if (dataLength > 0 && _data[position + dataLength - 1] == '\r')
            {
                dataLength--;
            }
        }
        return new PdfStream(dictionary.Entries, this, _data, position, dataLength) { Container = container };
    }

    private bool EndsAt(int position)
    {
        while (position < _data.Length && PdfParser.IsWhitespace(_data[position]))
        {
            position++;
        }
        return _data.AsSpan(position).StartsWith("endstream"u8);
    }

    private static void DecryptStrings(object? value, PdfReference container, PdfSecurity security, int depth)
    {
        if (depth > PdfLimits.MaxNesting)
        {
            return;
        }
        switch (value)
        {
            case PdfString text:
                text.Bytes = security.DecryptString(text.Bytes, container);
                break;
            case PdfArray array:
                foreach (var item in array.Items)
                {
                    DecryptStrings(item, container, security, depth + 1);
                }
                break;
            case PdfDictionary dictionary:
                foreach (var item in dictionary.Entries.Values)
                {
                    DecryptStrings(item, container, security, depth + 1);
                }
                break;
        }
    }

    private object? FromObjectStream(int streamNumber, int number)
    {
        if (!_objectStreams.TryGetValue(streamNumber, out var index))
        {
            index = IndexObjectStream(streamNumber);
            _objectStreams[streamNumber] = index;
        }
        if (index is null || !index.Offsets.TryGetValue(number, out var offset))
        {
            return null;
        }
        var start = index.First + offset;
        if (start < 0 || start >= index.Data.Length)
        {
            return null;
        }
        var value = new PdfParser(index.Data, start, index.Data.Length, this).ReadObject(references: true);
        return value == PdfParser.EndOfData || value is PdfKeyword ? null : value;
    }

    /// <summary>An object stream's header: N pairs of object number and offset, relative to /First.</summary>
    private ObjectStreamIndex? IndexObjectStream(int streamNumber)
    {
        if (GetObject(streamNumber) is not PdfStream stream || stream.Decode() is not { } data)
        {
            return null;
        }
        var count = (int)Math.Clamp(stream.Number("N"), 0, PdfLimits.MaxObjectsPerStream);
        var first = (int)Math.Clamp(stream.Number("First"), 0, data.Length);
        var parser = new PdfParser(data, 0, first, null);
        var offsets = new Dictionary<int, int>();
        for (var i = 0; i < count; i++)
        {
            if (parser.ReadObject(references: false) is not double number || parser.ReadObject(references: false) is not double offset)
            {
                break;
            }
            offsets.TryAdd((int)Math.Clamp(number, 0, int.MaxValue), (int)Math.Clamp(offset, 0, int.MaxValue));
        }
        return new ObjectStreamIndex(data, first, offsets);
    }

    private void SetUpSecurity()
    {
        Security = null;
        _cache.Clear();
        _objectStreams.Clear();
        if (!Trailer.Entries.TryGetValue("Encrypt", out var encryptEntry) || Resolve(this, encryptEntry) is not PdfDictionary encrypt)
        {
            return;
        }
        var firstId = (Trailer.Array("ID")?[0] as PdfString)?.Bytes ?? [];
        Security = PdfSecurity.Open(encrypt, firstId);
        Security.EncryptObjectNumber = encryptEntry is PdfReference reference ? reference.Number : -1;
        // Everything parsed so far holds encrypted strings: parse again with the key.
        _cache.Clear();
        _objectStreams.Clear();
    }
}
