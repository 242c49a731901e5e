using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace InterviewFunctions.App.Screening.Extraction;

/// <summary>
/// DOCX through DocumentFormat.OpenXml: body paragraphs, tables (cells joined by " | "), list items, text boxes, headers
/// and footers, with each run's visibility judged from its effective properties (direct, character style, paragraph
/// style, document defaults). The archive is checked with <see cref="ZipArchive"/> before OpenXml sees it.
/// </summary>
internal static class DocxTextReader
{
    private const string MainDocumentEntry = "word/document.xml";

    public static ExtractionResult Read(byte[] content, ExtractionLimits limits)
    {
        var guard = CheckArchive(content, limits);
        if (guard is not null)
        {
            return guard;
        }

        WordprocessingDocument word;
        try
        {
            word = WordprocessingDocument.Open(new MemoryStream(content, writable: false), isEditable: false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or System.Xml.XmlException or FileFormatException)
        {
            return ExtractionResult.Fail(ExtractionFailureCode.Corrupt, "The Word document is damaged and cannot be opened. Save it again from Word (or export it as PDF) and upload it again.");
        }

        using (word)
        {
            var main = word.MainDocumentPart;
            var body = main?.Document?.Body;
            if (main is null || body is null)
            {
                return ExtractionResult.Fail(ExtractionFailureCode.Corrupt, "The Word document has no body text.");
            }
            var walker = new Walker(main, limits);
            foreach (var header in main.HeaderParts)
            {
                walker.Walk(header.Header);
            }
            walker.Walk(body);
            foreach (var footer in main.FooterParts)
            {
                walker.Walk(footer.Footer);
            }
            var document = walker.Document;
            document.PageCount = ReadPageCount(word);
            document.ParagraphCount = walker.Paragraphs;
            return document.HasText
                ? ExtractionResult.Success(document.ToResume(ResumeFormat.Docx))
                : ExtractionResult.Fail(ExtractionFailureCode.NoText, "The Word document holds no text. If the resume is a picture pasted into Word, the text cannot be read (OCR is not available).");
        }
    }

    /// <summary>Zip-bomb and path guards, and the check that the ZIP is a Word document at all.</summary>
    private static ExtractionResult? CheckArchive(byte[] content, ExtractionLimits limits)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > limits.MaxZipEntries)
            {
                return ExtractionResult.Fail(ExtractionFailureCode.ZipBomb, $"The archive has {zip.Entries.Count} entries; a Word document has a few dozen.");
            }
            bool hasContentTypes = false, hasDocument = false;
            long declared = 0, compressed = 0;
            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName.Replace('\\', '/');
                if (name.StartsWith('/') || (name.Length > 1 && name[1] == ':') || name.Split('/').Contains(".."))
                {
                    return ExtractionResult.Fail(ExtractionFailureCode.UnsafeArchive, "The archive holds an entry with an absolute or '..' path, which no Word document has.");
                }
                hasContentTypes |= name == "[Content_Types].xml";
                hasDocument |= name == MainDocumentEntry;
                declared += entry.Length;
                compressed += entry.CompressedLength;
                if (entry.Length > 1024 * 1024 && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                {
                    return ExtractionResult.Fail(ExtractionFailureCode.ZipBomb, $"An entry expands {entry.Length / Math.Max(1, entry.CompressedLength)} times; the file looks like a zip bomb.");
                }
            }
            if (!hasContentTypes || !hasDocument)
            {
                return ExtractionResult.Fail(ExtractionFailureCode.UnsupportedType, "The file is a ZIP archive but not a Word document (no [Content_Types].xml and word/document.xml). Upload a PDF, DOCX or plain-text resume.");
            }
            if (declared > limits.MaxUncompressedBytes)
            {
                return ExtractionResult.Fail(ExtractionFailureCode.ZipBomb, $"The document expands to {declared / (1024 * 1024)} MB, more than the {limits.MaxUncompressedBytes / (1024 * 1024)} MB allowed.");
            }
            if (declared > 1024 * 1024 && declared > (long)limits.MaxCompressionRatio * Math.Max(1, compressed))
            {
                return ExtractionResult.Fail(ExtractionFailureCode.ZipBomb, "The document expands far more than ordinary documents do; the file looks like a zip bomb.");
            }
            // Declared sizes can lie; count what actually comes out, stopping at the limit.
            long actual = 0;
            var sink = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                int read;
                while ((read = stream.Read(sink, 0, sink.Length)) > 0)
                {
                    actual += read;
                    if (actual > limits.MaxUncompressedBytes)
                    {
                        return ExtractionResult.Fail(ExtractionFailureCode.ZipBomb, $"The document expands to more than the {limits.MaxUncompressedBytes / (1024 * 1024)} MB allowed; the file looks like a zip bomb.");
                    }
                }
            }
            return null;
        }
        catch (InvalidDataException)
        {
            return ExtractionResult.Fail(ExtractionFailureCode.Corrupt, "The file looks like a ZIP (DOCX) archive but is damaged or truncated. Save it again and upload it again.");
        }
    }

    private static int? ReadPageCount(WordprocessingDocument word)
    {
        var pages = word.ExtendedFilePropertiesPart?.Properties?.Pages?.Text;
        return int.TryParse(pages, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : null;
    }

    private sealed class Walker(MainDocumentPart main, ExtractionLimits limits)
    {
        private readonly RunStyles _styles = new(main);
        private readonly Numbering _numbering = new(main);
        private readonly List<TextSpan> _line = [];
        private readonly List<List<TextSpan>> _pendingTextBoxes = [];
        private int _textBoxDepth;

        public DocumentText Document { get; } = new() { MaxCharacters = limits.MaxTextCharacters };

        /// <summary>Paragraphs and table rows that hold text.</summary>
        public int Paragraphs { get; private set; }

        public void Walk(OpenXmlElement container)
        {
            foreach (var child in container.ChildElements)
            {
                switch (child)
                {
                    case Paragraph paragraph:
                        WriteParagraph(paragraph, background: null);
                        break;
                    case Table table:
                        WriteTable(table);
                        break;
                    case SdtBlock or SdtContentBlock or CustomXmlBlock:
                        Walk(child);
                        break;
                }
            }
        }

        private void WriteTable(Table table)
        {
            foreach (var row in table.Elements<TableRow>())
            {
                var cells = new List<List<TextSpan>>();
                foreach (var cell in row.Elements<TableCell>())
                {
                    var background = cell.TableCellProperties?.Shading?.Fill?.Value;
                    var spans = new List<TextSpan>();
                    foreach (var paragraph in cell.Descendants<Paragraph>().Where(p => !p.Ancestors<TextBoxContent>().Any() && p.Ancestors<TableCell>().First() == cell))
                    {
                        if (spans.Count > 0)
                        {
                            spans.Add(new TextSpan(" ", null));
                        }
                        spans.AddRange(ParagraphSpans(paragraph, background));
                    }
                    if (spans.Any(s => !string.IsNullOrWhiteSpace(s.Text)))
                    {
                        cells.Add(spans);
                    }
                }
                var line = new List<TextSpan>();
                foreach (var cell in cells)
                {
                    if (line.Count > 0)
                    {
                        line.Add(new TextSpan(" | ", null));
                    }
                    line.AddRange(cell);
                }
                if (line.Count > 0)
                {
                    Paragraphs++;
                }
                Document.AddLine(line);
                FlushTextBoxes();
            }
            Document.AddBreak();
        }

        private void WriteParagraph(Paragraph paragraph, string? background)
        {
            var spans = ParagraphSpans(paragraph, background);
            var prefix = _numbering.Prefix(paragraph, _styles);
            if (prefix is not null && spans.Any(s => !string.IsNullOrWhiteSpace(s.Text)))
            {
                spans.Insert(0, new TextSpan(prefix, spans.FirstOrDefault(s => !string.IsNullOrWhiteSpace(s.Text)).Hidden));
            }
            // A paragraph break inside the text (w:br, w:cr) starts a new line.
            _line.Clear();
            foreach (var span in spans)
            {
                var parts = span.Text.Split('\n');
                for (var i = 0; i < parts.Length; i++)
                {
                    if (i > 0)
                    {
                        Document.AddLine(_line.ToList());
                        _line.Clear();
                    }
                    _line.Add(span with { Text = parts[i] });
                }
            }
            if (_line.Count > 0 && _line.Any(s => s.Text.Length > 0))
            {
                Paragraphs++;
                Document.AddLine(_line.ToList());
            }
            else if (_textBoxDepth == 0)
            {
                Document.AddBreak();
            }
            FlushTextBoxes();
        }

        private void FlushTextBoxes()
        {
            if (_textBoxDepth > 0)
            {
                return;
            }
            foreach (var box in _pendingTextBoxes)
            {
                Document.AddLine(box);
            }
            _pendingTextBoxes.Clear();
        }

        private List<TextSpan> ParagraphSpans(Paragraph paragraph, string? background)
        {
            var paragraphStyle = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
            var paragraphShading = paragraph.ParagraphProperties?.Shading?.Fill?.Value ?? background;
            var spans = new List<TextSpan>();
            foreach (var run in Runs(paragraph))
            {
                var hidden = _styles.Hidden(run.RunProperties, paragraphStyle, paragraphShading);
                var text = new StringBuilder();
                foreach (var piece in run.ChildElements)
                {
                    switch (piece)
                    {
                        case Text t:
                            text.Append(t.Text);
                            break;
                        case TabChar or PositionalTab:
                            text.Append('\t');
                            break;
                        case Break or CarriageReturn:
                            text.Append('\n');
                            break;
                        case NoBreakHyphen:
                            text.Append('-');
                            break;
                        case SymbolChar symbol:
                            text.Append('•');
                            break;
                        default:
                            CollectTextBoxes(piece);
                            break;
                    }
                }
                if (text.Length > 0)
                {
                    spans.Add(new TextSpan(text.ToString(), hidden));
                }
            }
            return spans;
        }

        /// <summary>Runs in reading order, through hyperlinks, fields, smart tags and content controls.</summary>
        private static IEnumerable<Run> Runs(OpenXmlElement element)
        {
            foreach (var child in element.ChildElements)
            {
                switch (child)
                {
                    case Run run:
                        yield return run;
                        break;
                    case Hyperlink or SimpleField or SdtRun or SdtContentRun or InsertedRun or CustomXmlRun or DocumentFormat.OpenXml.Math.Paragraph:
                        foreach (var inner in Runs(child))
                        {
                            yield return inner;
                        }
                        break;
                }
            }
        }

        /// <summary>Text boxes live inside a run's drawing; their lines follow the paragraph that anchors them.</summary>
        private void CollectTextBoxes(OpenXmlElement element)
        {
            foreach (var box in element.Descendants<TextBoxContent>())
            {
                // mc:AlternateContent carries the same box twice (DrawingML and a VML fallback); read the first only.
                if (box.Ancestors().Any(a => a.LocalName == "Fallback"))
                {
                    continue;
                }
                if (box.Ancestors<TextBoxContent>().Any())
                {
                    continue;
                }
                _textBoxDepth++;
                foreach (var paragraph in box.Elements<Paragraph>())
                {
                    var spans = ParagraphSpans(paragraph, background: null);
                    if (spans.Count > 0)
                    {
                        Paragraphs++;
                        _pendingTextBoxes.Add(spans.Select(s => s with { Text = s.Text.Replace('\n', ' ') }).ToList());
                    }
                }
                _textBoxDepth--;
            }
        }
    }

    /// <summary>Effective run properties from the style chain, as far as visibility needs them.</summary>
    private sealed class RunStyles
    {
        private readonly Dictionary<string, Style> _styles;
        private readonly RunPropertiesBaseStyle? _defaults;
        private readonly string? _pageBackground;

        public RunStyles(MainDocumentPart main)
        {
            var styles = main.StyleDefinitionsPart?.Styles;
            _styles = styles?.Elements<Style>().Where(s => s.StyleId?.Value is not null).GroupBy(s => s.StyleId!.Value!).ToDictionary(g => g.Key, g => g.First()) ?? [];
            _defaults = styles?.DocDefaults?.RunPropertiesDefault?.RunPropertiesBaseStyle;
            _pageBackground = main.Document?.DocumentBackground?.Color?.Value;
        }

        public HiddenTextReason? Hidden(RunProperties? direct, string? paragraphStyle, string? background)
        {
            var characterStyle = direct?.RunStyle?.Val?.Value;
            if (Resolve(direct, characterStyle, paragraphStyle, p => p.GetFirstChild<Vanish>() is { } v ? (v.Val?.Value ?? true ? "on" : "off") : null) == "on")
            {
                return HiddenTextReason.HiddenProperty;
            }
            var size = Resolve(direct, characterStyle, paragraphStyle, p => p.GetFirstChild<FontSize>()?.Val?.Value);
            if (int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var halfPoints) && halfPoints < 8)
            {
                return HiddenTextReason.TinyFont;
            }
            var color = Resolve(direct, characterStyle, paragraphStyle, p => p.GetFirstChild<Color>()?.Val?.Value);
            if (color is not null && Colors.IsNearWhite(color))
            {
                var highlight = direct?.Highlight?.Val?.Value;
                var runShading = Resolve(direct, characterStyle, paragraphStyle, p => p.GetFirstChild<Shading>()?.Fill?.Value);
                var behind = runShading ?? (highlight is not null && highlight != HighlightColorValues.None ? "000000" : null) ?? background ?? _pageBackground;
                if (behind is null || behind.Equals("auto", StringComparison.OrdinalIgnoreCase) || Colors.IsNearWhite(behind))
                {
                    return HiddenTextReason.WhiteText;
                }
            }
            return null;
        }

        private string? Resolve(RunProperties? direct, string? characterStyle, string? paragraphStyle, Func<OpenXmlElement, string?> read)
        {
            if (direct is not null && read(direct) is { } value)
            {
                return value;
            }
            foreach (var styleId in new[] { characterStyle, paragraphStyle })
            {
                var seen = 0;
                for (var id = styleId; id is not null && seen++ < 16 && _styles.TryGetValue(id, out var style); id = style.BasedOn?.Val?.Value)
                {
                    if (style.StyleRunProperties is { } props && read(props) is { } styled)
                    {
                        return styled;
                    }
                }
            }
            return _defaults is not null ? read(_defaults) : null;
        }
    }

    /// <summary>List markers: "• " for bullets, "1. " style counters for numbered lists.</summary>
    private sealed class Numbering
    {
        private readonly Dictionary<int, AbstractNum> _abstractByNumId = [];
        private readonly Dictionary<(int NumId, int Level), int> _counters = [];

        public Numbering(MainDocumentPart main)
        {
            var numbering = main.NumberingDefinitionsPart?.Numbering;
            if (numbering is null)
            {
                return;
            }
            var abstracts = numbering.Elements<AbstractNum>().Where(a => a.AbstractNumberId?.Value is not null).GroupBy(a => a.AbstractNumberId!.Value).ToDictionary(g => g.Key, g => g.First());
            foreach (var instance in numbering.Elements<NumberingInstance>())
            {
                if (instance.NumberID?.Value is { } numId && instance.AbstractNumId?.Val?.Value is { } abstractId && abstracts.TryGetValue(abstractId, out var definition))
                {
                    _abstractByNumId[numId] = definition;
                }
            }
        }

        public string? Prefix(Paragraph paragraph, RunStyles styles)
        {
            var properties = paragraph.ParagraphProperties?.NumberingProperties;
            var numId = properties?.NumberingId?.Val?.Value;
            if (numId is null or 0)
            {
                return null;
            }
            var level = properties?.NumberingLevelReference?.Val?.Value ?? 0;
            var format = _abstractByNumId.TryGetValue(numId.Value, out var definition)
                ? definition.Elements<Level>().FirstOrDefault(l => l.LevelIndex?.Value == level)?.NumberingFormat?.Val?.Value
                : null;
            if (format is null || format == NumberFormatValues.Bullet || format == NumberFormatValues.None)
            {
                return "• ";
            }
            var key = (numId.Value, level);
            _counters[key] = _counters.GetValueOrDefault(key) + 1;
            return $"{_counters[key].ToString(CultureInfo.InvariantCulture)}. ";
        }
    }
}

/// <summary>Colour judgements shared by the DOCX and PDF readers.</summary>
internal static class Colors
{
    /// <summary>Near white: every channel at least 0xF0 (240). Light grey watermark text (0xD9) still counts as readable.</summary>
    public static bool IsNearWhite(string hex)
    {
        if (hex.Length != 6 || !int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb))
        {
            return false;
        }
        return IsNearWhite(((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0, (rgb & 0xFF) / 255.0);
    }

    public static bool IsNearWhite(double r, double g, double b) => r >= 0.94 && g >= 0.94 && b >= 0.94;

    public static double Luminance(double r, double g, double b) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
