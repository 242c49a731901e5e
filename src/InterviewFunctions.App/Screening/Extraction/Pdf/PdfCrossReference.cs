namespace InterviewFunctions.App.Screening.Extraction.Pdf;

// The cross-reference: reading it as the file declares it (ISO 32000-1 §7.5.4-7.5.8), and rebuilding it by scanning
// when the declaration is missing or wrong.
internal sealed partial class PdfFile
{
    /// <summary>
    /// Follows startxref and the /Prev chain from the newest section back. An object keeps the entry of the newest
    /// section that mentions it, so incremental updates replace (and free) older objects.
    /// </summary>
    private void ReadXrefChain()
    {
        var startxref = _data.AsSpan().LastIndexOf("startxref"u8);
        if (startxref < 0)
        {
            throw new PdfFormatException("The file has no startxref.");
        }
        var parser = new PdfParser(_data, startxref + 9, _data.Length, null);
        if (parser.ReadObject(references: false) is not double offset)
        {
            throw new PdfFormatException("startxref is not followed by an offset.");
        }
        var trailer = new Dictionary<string, object?>(StringComparer.Ordinal);
        var visited = new HashSet<long>();
        for (var sections = 0; sections < PdfLimits.MaxXrefSections && visited.Add((long)offset); sections++)
        {
            var section = ReadSection((long)offset);
            foreach (var (key, value) in section.Entries)
            {
                if (key is not ("Prev" or "XRefStm" or "Length" or "Filter" or "DecodeParms" or "W" or "Index" or "Type"))
                {
                    trailer.TryAdd(key, value);
                }
            }
            if (!section.Entries.TryGetValue("Prev", out var previous) || previous is not double prev)
            {
                break;
            }
            offset = prev;
        }
        Trailer = new PdfDictionary(trailer, this);
    }

    private PdfDictionary ReadSection(long offset)
    {
        foreach (var candidate in (ReadOnlySpan<long>)[offset, offset + _headerOffset])
        {
            if (candidate < 0 || candidate >= _data.Length)
            {
                continue;
            }
            var parser = new PdfParser(_data, (int)candidate, _data.Length, this);
            parser.SkipWhitespace();
            if (_data.AsSpan(parser.Position).StartsWith("xref"u8))
            {
                parser.Position += 4;
                return ReadTable(parser);
            }
            var frees = new List<int>();
            if (ReadXrefStream(candidate, frees) is { } stream)
            {
                AddFrees(frees);
                return stream;
            }
        }
        throw new PdfFormatException("startxref or /Prev points to no cross-reference section.");
    }

    private PdfDictionary ReadTable(PdfParser parser)
    {
        var frees = new List<int>();
        while (true)
        {
            var token = parser.ReadObject(references: false);
            if (token is PdfKeyword { Value: "trailer" })
            {
                break;
            }
            if (token is not double first || parser.ReadObject(references: false) is not double count)
            {
                throw new PdfFormatException("The cross-reference table is malformed.");
            }
            for (long i = 0; i < count; i++)
            {
                if (parser.ReadObject(references: false) is not double offset || parser.ReadObject(references: false) is not double generation
                    || parser.ReadObject(references: false) is not PdfKeyword { Value: "n" or "f" } kind)
                {
                    throw new PdfFormatException("The cross-reference table is malformed.");
                }
                var number = first + i;
                if (number is < 0 or > int.MaxValue)
                {
                    continue;
                }
                if (kind.Value == "n" && offset > 0)
                {
                    _xref.TryAdd((int)number, new XrefEntry(EntryKind.InFile, (long)offset, (int)generation));
                }
                else
                {
                    frees.Add((int)number);
                }
            }
        }
        if (parser.ReadObject(references: true) is not PdfDictionary trailer)
        {
            throw new PdfFormatException("The trailer is not a dictionary.");
        }
        // A hybrid file lists the objects a PDF 1.4 reader may ignore (those in object streams) in an xref stream.
        if (trailer.Entries.TryGetValue("XRefStm", out var hybrid) && hybrid is double streamOffset)
        {
            ReadXrefStream((long)streamOffset, frees);
        }
        AddFrees(frees);
        return trailer;
    }

    private void AddFrees(List<int> frees)
    {
        foreach (var number in frees)
        {
            _xref.TryAdd(number, new XrefEntry(EntryKind.Free, 0, 0));
        }
    }

    /// <summary>Reads an xref stream's rows (/W field widths, /Index subsections); null when no xref stream is there.</summary>
    private PdfStream? ReadXrefStream(long offset, List<int> frees)
    {
        if (!TryParseIndirect(offset, -1, out var value) || value is not PdfStream stream || stream.Name("Type") != "XRef")
        {
            return null;
        }
        var widths = stream.Array("W");
        if (widths is null || widths.Count < 3 || stream.Decode() is not { } rows)
        {
            return null;
        }
        int w0 = (int)widths.Number(0), w1 = (int)widths.Number(1), w2 = (int)widths.Number(2);
        if (w0 is < 0 or > 8 || w1 is < 0 or > 8 || w2 is < 0 or > 8 || w0 + w1 + w2 == 0)
        {
            return null;
        }
        var rowWidth = w0 + w1 + w2;
        var index = stream.Array("Index");
        var subsections = new List<(long First, long Count)>();
        if (index is null || index.Count < 2)
        {
            subsections.Add((0, (long)stream.Number("Size")));
        }
        else
        {
            for (var i = 0; i + 1 < index.Count; i += 2)
            {
                subsections.Add(((long)index.Number(i), (long)index.Number(i + 1)));
            }
        }
        var at = 0;
        foreach (var (first, count) in subsections)
        {
            for (long i = 0; i < count && at + rowWidth <= rows.Length; i++, at += rowWidth)
            {
                var number = first + i;
                if (number is < 0 or > int.MaxValue)
                {
                    continue;
                }
                var type = w0 == 0 ? 1 : Field(rows, at, w0);
                var field2 = Field(rows, at + w0, w1);
                var field3 = Field(rows, at + w0 + w1, w2);
                switch (type)
                {
                    case 1:
                        _xref.TryAdd((int)number, new XrefEntry(EntryKind.InFile, field2, (int)Math.Min(field3, int.MaxValue)));
                        break;
                    case 2 when field2 <= int.MaxValue:
                        _xref.TryAdd((int)number, new XrefEntry(EntryKind.InObjectStream, field2, (int)Math.Min(field3, int.MaxValue)));
                        break;
                    case 0:
                        frees.Add((int)number);
                        break;
                }
            }
        }
        return stream;
    }

    private static long Field(byte[] rows, int at, int width)
    {
        long value = 0;
        for (var i = 0; i < width; i++)
        {
            value = (value << 8) | rows[at + i];
        }
        return value;
    }

    /// <summary>
    /// Finds every <c>N G obj</c> in the file (the last one of a number wins, as a later revision would), the objects
    /// inside object streams, and the trailer: the last trailer dictionaries or xref-stream dictionaries, or failing
    /// them the document catalog itself.
    /// </summary>
    private void Rebuild()
    {
        _rebuilding = true;
        try
        {
            WasRebuilt = true;
            Security = null;
            _cache.Clear();
            _objectStreams.Clear();
            var table = new Dictionary<int, XrefEntry>();
            var span = _data.AsSpan();
            for (var from = 0; from < span.Length;)
            {
                var found = span[from..].IndexOf("obj"u8);
                if (found < 0)
                {
                    break;
                }
                var at = from + found;
                from = at + 3;
                if (ObjectHeaderBefore(at, out var start, out var number, out var generation))
                {
                    table[number] = new XrefEntry(EntryKind.InFile, start, generation);
                }
            }
            _xref = table;

            var trailer = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var end = span.Length; end > 0;)
            {
                var found = span[..end].LastIndexOf("trailer"u8);
                if (found < 0)
                {
                    break;
                }
                end = found;
                if (new PdfParser(_data, found + 7, _data.Length, this).ReadObject(references: true) is PdfDictionary dictionary)
                {
                    Merge(trailer, dictionary);
                }
            }
            var objectStreams = new List<int>();
            PdfReference? catalog = null;
            foreach (var (number, entry) in table.OrderByDescending(e => e.Value.Offset))
            {
                object? value;
                try
                {
                    if (!TryParseIndirectAt((int)entry.Offset, out _, out value))
                    {
                        continue;
                    }
                }
                catch (PdfFormatException)
                {
                    continue; // one unreadable object does not stop the scan
                }
                if (value is not PdfDictionary dictionary)
                {
                    continue;
                }
                switch (dictionary.Name("Type"))
                {
                    case "XRef":
                        Merge(trailer, dictionary);
                        break;
                    case "ObjStm":
                        objectStreams.Add(number);
                        break;
                    case "Catalog" when catalog is null && dictionary.Has("Pages"):
                        catalog = new PdfReference(number, entry.Generation);
                        break;
                }
            }
            Trailer = new PdfDictionary(trailer, this);
            SetUpSecurity();

            foreach (var streamNumber in objectStreams)
            {
                if (IndexObjectStream(streamNumber) is not { } index)
                {
                    continue;
                }
                _objectStreams[streamNumber] = index;
                foreach (var number in index.Offsets.Keys)
                {
                    _xref.TryAdd(number, new XrefEntry(EntryKind.InObjectStream, streamNumber, 0));
                }
            }
            if (!HasPageTree())
            {
                catalog ??= FindCatalogInObjectStreams();
                if (catalog is { } root)
                {
                    trailer["Root"] = root;
                }
            }
        }
        finally
        {
            _rebuilding = false;
        }
    }

    private PdfReference? FindCatalogInObjectStreams()
    {
        foreach (var (number, entry) in _xref)
        {
            if (entry.Kind == EntryKind.InObjectStream && GetObject(number) is PdfDictionary { } dictionary && dictionary.Name("Type") == "Catalog" && dictionary.Has("Pages"))
            {
                return new PdfReference(number, 0);
            }
        }
        return null;
    }

    private static void Merge(Dictionary<string, object?> trailer, PdfDictionary section)
    {
        foreach (var key in (ReadOnlySpan<string>)["Root", "Encrypt", "ID", "Info"])
        {
            if (section.Entries.TryGetValue(key, out var value))
            {
                trailer.TryAdd(key, value);
            }
        }
    }

    /// <summary>Is the "obj" at <paramref name="at"/> the end of an object header <c>N G obj</c>?</summary>
    private bool ObjectHeaderBefore(int at, out int start, out int number, out int generation)
    {
        start = number = generation = 0;
        if (at + 3 < _data.Length && PdfParser.IsRegular(_data[at + 3]))
        {
            return false;
        }
        var i = at - 1;
        while (i >= 0 && PdfParser.IsWhitespace(_data[i]))
        {
            i--;
        }
        var generationEnd = i + 1;
        while (i >= 0 && _data[i] is >= (byte)'0' and <= (byte)'9')
        {
            i--;
        }
        var generationStart = i + 1;
        if (generationStart == generationEnd || generationEnd - generationStart > 5 || i < 0 || !PdfParser.IsWhitespace(_data[i]))
        {
            return false;
        }
        while (i >= 0 && PdfParser.IsWhitespace(_data[i]))
        {
            i--;
        }
        var numberEnd = i + 1;
        while (i >= 0 && _data[i] is >= (byte)'0' and <= (byte)'9')
        {
            i--;
        }
        var numberStart = i + 1;
        if (numberStart == numberEnd || numberEnd - numberStart > 10 || (numberStart > 0 && PdfParser.IsRegular(_data[numberStart - 1])))
        {
            return false;
        }
        long value = 0;
        for (var k = numberStart; k < numberEnd; k++)
        {
            value = value * 10 + (_data[k] - '0');
        }
        if (value > int.MaxValue)
        {
            return false;
        }
        for (var k = generationStart; k < generationEnd; k++)
        {
            generation = generation * 10 + (_data[k] - '0');
        }
        start = numberStart;
        number = (int)value;
        return true;
    }
}
