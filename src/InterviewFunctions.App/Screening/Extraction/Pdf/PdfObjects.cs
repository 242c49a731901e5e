namespace InterviewFunctions.App.Screening.Extraction.Pdf;

// The PDF object model, kept as plain .NET values where one fits: null, bool and double (every number) are stored as
// themselves; names, strings, arrays, dictionaries, streams and references get the small types below. Everything the
// text reader asks for goes through PdfDictionary/PdfArray accessors that resolve references on the way.

/// <summary>A name such as <c>/Font</c>, held without the slash and with #xx escapes decoded.</summary>
internal sealed class PdfName(string value)
{
    public string Value { get; } = value;

    public override string ToString() => "/" + Value;
}

/// <summary>A literal or hex string: raw bytes, decrypted in place when the file is encrypted.</summary>
internal sealed class PdfString(byte[] bytes)
{
    public byte[] Bytes { get; set; } = bytes;
}

/// <summary>An indirect reference <c>N G R</c>.</summary>
internal readonly record struct PdfReference(int Number, int Generation);

/// <summary>A token in a content stream that is not an operand: the operator, or a keyword where an object was expected.</summary>
internal sealed class PdfKeyword(string value)
{
    public string Value { get; } = value;

    public override string ToString() => Value;
}

internal sealed class PdfArray(List<object?> items, PdfFile? owner)
{
    public List<object?> Items { get; } = items;

    public int Count => Items.Count;

    /// <summary>The element, with references resolved.</summary>
    public object? this[int index] => index >= 0 && index < Items.Count ? PdfFile.Resolve(owner, Items[index]) : null;

    public double Number(int index) => this[index] is double d ? d : 0;
}

internal class PdfDictionary(Dictionary<string, object?> entries, PdfFile? owner)
{
    public Dictionary<string, object?> Entries { get; } = entries;

    public PdfFile? Owner { get; } = owner;

    /// <summary>The value for the key (name without its slash), with references resolved; null when absent.</summary>
    public object? this[string key] => Entries.TryGetValue(key, out var value) ? PdfFile.Resolve(Owner, value) : null;

    public bool Has(string key) => Entries.ContainsKey(key);

    public PdfDictionary? Dictionary(string key) => this[key] as PdfDictionary;

    public PdfArray? Array(string key) => this[key] as PdfArray;

    public string? Name(string key) => (this[key] as PdfName)?.Value;

    public double Number(string key, double fallback = 0) => this[key] is double d ? d : fallback;
}

/// <summary>
/// A stream: its dictionary plus where its raw bytes sit in the file. Nothing is decoded until <see cref="Decode"/> is
/// called, so image data and unused fonts never cost a decompression.
/// </summary>
internal sealed class PdfStream(Dictionary<string, object?> entries, PdfFile? owner, byte[] source, int start, int length) : PdfDictionary(entries, owner)
{
    private byte[]? _decoded;

    /// <summary>The indirect object that holds the stream: its number and generation make the decryption key.</summary>
    public PdfReference Container { get; set; }

    public ReadOnlySpan<byte> Raw => source.AsSpan(start, length);

    /// <summary>The data with decryption and every filter undone; image codecs are not decoded and give null.</summary>
    public byte[]? Decode()
    {
        if (_decoded is not null)
        {
            return _decoded;
        }
        var raw = Raw.ToArray();
        // Cross-reference streams are never encrypted: they must be readable before the key is known.
        if (Owner?.Security is { } security && Container.Number > 0 && Name("Type") != "XRef")
        {
            raw = security.DecryptStream(raw, Container);
        }
        _decoded = PdfFilters.Decode(raw, this, Owner?.Budget ?? new DecodeBudget(PdfLimits.MaxDecodedBytes));
        return _decoded;
    }
}

/// <summary>The file is not a PDF we can read; caught at the reader's boundary and turned into a typed failure.</summary>
internal sealed class PdfFormatException : Exception
{
    public PdfFormatException()
        : base("The PDF is malformed.")
    {
    }

    public PdfFormatException(string message)
        : base(message)
    {
    }

    public PdfFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The file needs a password we do not have.</summary>
internal sealed class PdfPasswordException : Exception
{
    public PdfPasswordException()
        : base("The PDF needs a user password.")
    {
    }

    public PdfPasswordException(string message)
        : base(message)
    {
    }

    public PdfPasswordException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>Hard bounds that keep hostile files from costing unbounded time or memory.</summary>
internal static class PdfLimits
{
    /// <summary>Decoded stream bytes per document, across every filter: the decompression-bomb cap.</summary>
    public const long MaxDecodedBytes = 50L * 1024 * 1024;

    /// <summary>Nesting of arrays and dictionaries inside one object.</summary>
    public const int MaxNesting = 64;

    /// <summary>References followed to reach one object.</summary>
    public const int MaxReferenceHops = 32;

    /// <summary>Sections in a /Prev chain (incremental updates).</summary>
    public const int MaxXrefSections = 256;

    /// <summary>Nodes visited in the page tree.</summary>
    public const int MaxPageTreeNodes = 100_000;

    /// <summary>Objects in one object stream.</summary>
    public const int MaxObjectsPerStream = 100_000;

    /// <summary>Elements kept in one array or dictionary.</summary>
    public const int MaxContainerItems = 1_000_000;
}

/// <summary>
/// What is left of the per-document allowance for decoded bytes, shared by every stream of one file. Only output that is
/// kept is charged, so a refused bomb does not starve the honest streams after it.
/// </summary>
internal sealed class DecodeBudget(long bytes)
{
    public long Remaining { get; private set; } = bytes;

    /// <summary>Throws when <paramref name="bytes"/> more would not fit; charges nothing.</summary>
    public void EnsureRoomFor(long bytes)
    {
        if (bytes > Remaining)
        {
            throw new PdfFormatException("The PDF's streams decode to more data than a resume can hold.");
        }
    }

    public void Spend(long bytes)
    {
        EnsureRoomFor(bytes);
        Remaining -= bytes;
    }
}
