namespace InterviewFunctions.App.Screening.Extraction.Pdf;

/// <summary>
/// Splits a content stream into operations: the operands collected since the last operator, then the operator. Inline
/// images (<c>BI ... ID data EI</c>) are stepped over without looking at the data. Operands are numbers (double),
/// <see cref="PdfName"/>, <see cref="PdfString"/>, <see cref="PdfArray"/>, <see cref="PdfDictionary"/>, bool or null.
/// </summary>
internal sealed class PdfContentReader(byte[] content)
{
    /// <summary>More operands than any operator takes; beyond it the stream is garbage and the extra ones are dropped.</summary>
    private const int MaxOperands = 64;

    private readonly PdfParser _parser = new(content, 0, content.Length, null);

    public List<object?> Operands { get; } = [];

    /// <summary>Moves to the next operation; false at the end of the stream.</summary>
    public bool Next(out string op)
    {
        Operands.Clear();
        while (true)
        {
            var token = _parser.ReadObject(references: false);
            if (token == PdfParser.EndOfData)
            {
                op = "";
                return false;
            }
            if (token is PdfKeyword keyword)
            {
                if (keyword.Value == "BI")
                {
                    SkipInlineImage();
                    Operands.Clear();
                    continue;
                }
                if (keyword.Value.Length == 0 || keyword == PdfParser.ArrayEnd || keyword == PdfParser.DictionaryEnd)
                {
                    continue; // stray bytes or brackets: not an operator
                }
                op = keyword.Value;
                return true;
            }
            if (Operands.Count < MaxOperands)
            {
                Operands.Add(token);
            }
        }
    }

    /// <summary>
    /// Skips the image dictionary up to ID, then the data up to an EI that stands alone (whitespace before, whitespace or
    /// the end after). /L or /Length, when given, says exactly where the data ends.
    /// </summary>
    private void SkipInlineImage()
    {
        long? declaredLength = null;
        for (var items = 0; items < 256; items++)
        {
            var token = _parser.ReadObject(references: false);
            if (token == PdfParser.EndOfData)
            {
                return;
            }
            if (token is PdfKeyword { Value: "ID" })
            {
                break;
            }
            if (token is PdfName { Value: "L" or "Length" } && _parser.ReadObject(references: false) is double length)
            {
                declaredLength = (long)length;
            }
        }
        var data = _parser.Data;
        var end = _parser.End;
        var start = _parser.Position + 1; // one whitespace byte after ID
        if (declaredLength is { } exact && exact >= 0 && start + exact <= end)
        {
            var after = (int)(start + exact);
            var probe = new PdfParser(data, after, end, null);
            if (probe.ReadObject(references: false) is PdfKeyword { Value: "EI" })
            {
                _parser.Position = probe.Position;
                return;
            }
        }
        for (var i = start; i + 1 < end; i++)
        {
            if (data[i] == 'E' && data[i + 1] == 'I' && i > 0 && PdfParser.IsWhitespace(data[i - 1]) && (i + 2 >= end || PdfParser.IsWhitespace(data[i + 2])))
            {
                _parser.Position = i + 2;
                return;
            }
        }
        _parser.Position = end;
    }
}
