using InterviewFunctions.App.Screening.Extraction.Pdf;

namespace InterviewFunctions.App.Screening.Extraction;

/// <summary>
/// PDF text on our own object reader (<see cref="PdfFile"/>): each page's content stream is read into operators and
/// interpreted for text (BT/ET, Tf, Tj, TJ, ', ", Td, TD, Tm, T*, Tc, Tw, Tz, TL, Ts, Tr), the graphics state that decides
/// visibility (q/Q, cm, fill colours, ExtGState alpha, filled rectangles and images behind white text) and Form XObjects.
/// Glyphs are then laid out in reading order: lines by baseline from the top, left to right within a line.
/// </summary>
internal static class PdfTextReader
{
    /// <summary>
    /// Content-stream operators executed per document, Form XObjects included, and Form XObjects drawn: a form drawn ten
    /// times inside a form drawn ten times, eight levels deep, must not run 10^8 times. A real resume needs a few
    /// thousand operators and a handful of forms.
    /// </summary>
    private const int MaxOperations = 1_000_000;
    private const int MaxFormDraws = 10_000;

    private const string EncryptedMessage = "The PDF is protected by a password, so its text cannot be read. Upload a copy without the password.";
    private const string CorruptMessage = "The PDF is damaged or incomplete and cannot be opened. Export it again (or save it as DOCX) and upload it again.";

    public static ExtractionResult Read(byte[] content, ExtractionLimits limits)
    {
        PdfFile pdf;
        List<PdfPage> pages;
        int pageCount;
        try
        {
            pdf = PdfFile.Open(content);
            pages = pdf.Pages(limits.MaxPdfPages, out pageCount);
        }
        catch (PdfPasswordException)
        {
            return ExtractionResult.Fail(ExtractionFailureCode.Encrypted, EncryptedMessage);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return LooksEncrypted(content)
                ? ExtractionResult.Fail(ExtractionFailureCode.Encrypted, EncryptedMessage)
                : ExtractionResult.Fail(ExtractionFailureCode.Corrupt, CorruptMessage);
        }
        if (pages.Count == 0)
        {
            return ExtractionResult.Fail(ExtractionFailureCode.Corrupt, CorruptMessage);
        }

        var document = new DocumentText { MaxCharacters = limits.MaxTextCharacters, PageCount = pageCount };
        if (pdf.WasRebuilt)
        {
            document.Warnings.Add("The PDF's cross-reference table was damaged; its objects were found by scanning the file.");
        }
        if (pageCount > pages.Count)
        {
            document.Warnings.Add($"Only the first {pages.Count} of {pageCount} pages were read.");
        }
        var fonts = new Dictionary<PdfDictionary, PdfFont>(ReferenceEqualityComparer.Instance);
        var work = new WorkBudget(MaxOperations, MaxFormDraws, limits.MaxTextCharacters * 2);
        int glyphs = 0, unmapped = 0;
        for (var index = 0; index < pages.Count && !document.IsFull; index++)
        {
            var page = pages[index];
            var (box, orientation) = PageBox(page);
            var interpreter = new ContentInterpreter(fonts, limits.MaxFormDepth, box, orientation, work);
            try
            {
                interpreter.Run(page.Content(), page.Resources, depth: 0);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // One damaged page should not cost the others: keep what was read and say so.
                document.Warnings.Add($"Page {index + 1} could not be read completely ({e.GetType().Name}).");
            }
            glyphs += interpreter.Glyphs.Count + interpreter.UnmappedCount;
            unmapped += interpreter.UnmappedCount;
            PageLayout.Write(interpreter.Glyphs, index + 1, document);
            document.AddBreak();
        }
        if (work.Exhausted)
        {
            document.Warnings.Add("The PDF draws more than a resume needs; reading stopped early.");
        }
        if (unmapped > 0)
        {
            document.Warnings.Add($"{unmapped} of {glyphs} characters use fonts without a Unicode map and were left out.");
        }
        if (!document.HasText)
        {
            return glyphs > 0
                ? ExtractionResult.Fail(ExtractionFailureCode.NoText, "The PDF draws its text with fonts that carry no Unicode map, so the text cannot be recovered. Export the resume again from the word processor, or upload the DOCX.")
                : ExtractionResult.Fail(ExtractionFailureCode.NoText, "The PDF has no text layer: it is probably a scan or a picture of the resume, and text recognition (OCR) is not available. Upload the original DOCX or a PDF exported from a word processor.");
        }
        return ExtractionResult.Success(document.ToResume(ResumeFormat.Pdf));
    }

    private static bool LooksEncrypted(byte[] content) => content.AsSpan().IndexOf("/Encrypt"u8) >= 0;

    /// <summary>The visible page area (CropBox, else MediaBox) and the transform that turns the page by its /Rotate, so lines read as displayed.</summary>
    private static (Box Box, Matrix Orientation) PageBox(PdfPage page)
    {
        var area = page.CropBox is { Count: >= 4 } crop ? crop : page.MediaBox;
        var box = area is { Count: >= 4 } a && (a.Number(0) != a.Number(2)) && (a.Number(1) != a.Number(3))
            ? new Box(Math.Min(a.Number(0), a.Number(2)), Math.Min(a.Number(1), a.Number(3)), Math.Max(a.Number(0), a.Number(2)), Math.Max(a.Number(1), a.Number(3)))
            : new Box(0, 0, 612, 842);
        var orientation = (((page.Rotate % 360) + 360) % 360 / 90 * 90) switch
        {
            90 => new Matrix(0, -1, 1, 0, 0, 0),
            180 => new Matrix(-1, 0, 0, -1, 0, 0),
            270 => new Matrix(0, 1, -1, 0, 0, 0),
            _ => Matrix.Identity,
        };
        var (x0, y0) = orientation.Apply(box.Left, box.Bottom);
        var (x1, y1) = orientation.Apply(box.Right, box.Top);
        return (new Box(Math.Min(x0, x1), Math.Min(y0, y1), Math.Max(x0, x1), Math.Max(y0, y1)), orientation);
    }
}

/// <summary>What one document may still cost the interpreter: operators executed and glyphs kept.</summary>
internal sealed class WorkBudget(int operations, int forms, int glyphs)
{
    private int _operations = operations;
    private int _forms = forms;

    public int GlyphsLeft { get; set; } = glyphs;

    public bool Exhausted { get; private set; }

    public bool TrySpend()
    {
        if (--_operations >= 0)
        {
            return true;
        }
        Exhausted = true;
        return false;
    }

    public bool TrySpendForm()
    {
        if (--_forms >= 0)
        {
            return true;
        }
        Exhausted = true;
        return false;
    }
}

internal readonly record struct Box(double Left, double Bottom, double Right, double Top)
{
    public bool Contains(double x, double y) => x >= Left && x <= Right && y >= Bottom && y <= Top;
}

/// <summary>One drawn character, in page space.</summary>
internal sealed record Glyph(string Text, double X, double Y, double Width, double Size, HiddenTextReason? Hidden, int Order);

internal readonly record struct Matrix(double A, double B, double C, double D, double E, double F)
{
    public static Matrix Identity { get; } = new(1, 0, 0, 1, 0, 0);

    public static Matrix Translation(double x, double y) => new(1, 0, 0, 1, x, y);

    /// <summary>This transform followed by <paramref name="next"/> (PDF's row-vector convention).</summary>
    public Matrix Then(Matrix next) => new(
        A * next.A + B * next.C, A * next.B + B * next.D,
        C * next.A + D * next.C, C * next.B + D * next.D,
        E * next.A + F * next.C + next.E, E * next.B + F * next.D + next.F);

    public (double X, double Y) Apply(double x, double y) => (x * A + y * C + E, x * B + y * D + F);
}

/// <summary>The content-stream interpreter: graphics and text state, producing glyphs.</summary>
internal sealed class ContentInterpreter(Dictionary<PdfDictionary, PdfFont> fonts, int maxDepth, Box page, Matrix orientation, WorkBudget work)
{
    private sealed record State(Matrix Ctm)
    {
        public Matrix Ctm { get; set; } = Ctm;
        public (double R, double G, double B) Fill { get; set; } = (0, 0, 0);
        public double FillAlpha { get; set; } = 1;
        public double CharSpacing { get; set; }
        public double WordSpacing { get; set; }
        public double HorizontalScale { get; set; } = 1;
        public double Leading { get; set; }
        public double Rise { get; set; }
        public PdfFont Font { get; set; } = PdfFont.Fallback;
        public double FontSize { get; set; } = 1;
        public int RenderMode { get; set; }
    }

    // Bounds on what a hostile stream can make us remember; real pages stay far below them.
    private const int MaxSavedStates = 256;
    private const int MaxRectangles = 1000;

    private readonly Stack<State> _saved = new();
    private int _unsavedDepth;
    private readonly List<(Box Area, bool Dark)> _backdrops = [];
    private readonly List<Box> _pathRects = [];
    private readonly HashSet<PdfDictionary> _formsInUse = new(ReferenceEqualityComparer.Instance);
    private State _state = new(orientation);
    private Matrix _textMatrix = Matrix.Identity;
    private Matrix _lineMatrix = Matrix.Identity;

    public List<Glyph> Glyphs { get; } = [];

    public int UnmappedCount { get; private set; }

    public void Run(byte[] content, PdfDictionary? resources, int depth)
    {
        var reader = new PdfContentReader(content);
        while (reader.Next(out var op) && work.TrySpend())
        {
            Execute(op, reader.Operands, resources, depth);
        }
    }

    private void Execute(string op, List<object?> operands, PdfDictionary? resources, int depth)
    {
        switch (op)
        {
            case "q":
                if (_saved.Count < MaxSavedStates)
                {
                    _saved.Push(_state with { });
                }
                else
                {
                    _unsavedDepth++;
                }
                break;
            case "Q":
                if (_unsavedDepth > 0)
                {
                    _unsavedDepth--;
                }
                else if (_saved.Count > 0)
                {
                    _state = _saved.Pop();
                }
                break;
            case "cm" when operands.Count >= 6:
                _state.Ctm = MatrixOf(operands).Then(_state.Ctm);
                break;
            case "BT":
                _textMatrix = _lineMatrix = Matrix.Identity;
                break;
            case "Tf" when operands.Count >= 2:
                _state.Font = FontFor(resources, (operands[0] as PdfName)?.Value);
                _state.FontSize = Number(operands[1]);
                break;
            case "Tc" when operands.Count >= 1:
                _state.CharSpacing = Number(operands[0]);
                break;
            case "Tw" when operands.Count >= 1:
                _state.WordSpacing = Number(operands[0]);
                break;
            case "Tz" when operands.Count >= 1:
                _state.HorizontalScale = Number(operands[0]) / 100;
                break;
            case "TL" when operands.Count >= 1:
                _state.Leading = Number(operands[0]);
                break;
            case "Ts" when operands.Count >= 1:
                _state.Rise = Number(operands[0]);
                break;
            case "Tr" when operands.Count >= 1:
                _state.RenderMode = (int)Number(operands[0]);
                break;
            case "Td" when operands.Count >= 2:
                MoveLine(Number(operands[0]), Number(operands[1]));
                break;
            case "TD" when operands.Count >= 2:
                _state.Leading = -Number(operands[1]);
                MoveLine(Number(operands[0]), Number(operands[1]));
                break;
            case "Tm" when operands.Count >= 6:
                _textMatrix = _lineMatrix = MatrixOf(operands);
                break;
            case "T*":
                MoveLine(0, -_state.Leading);
                break;
            case "Tj" when operands.Count >= 1:
                Show(operands[0]);
                break;
            case "'" when operands.Count >= 1:
                MoveLine(0, -_state.Leading);
                Show(operands[0]);
                break;
            case "\"" when operands.Count >= 3:
                _state.WordSpacing = Number(operands[0]);
                _state.CharSpacing = Number(operands[1]);
                MoveLine(0, -_state.Leading);
                Show(operands[2]);
                break;
            case "TJ" when operands.Count >= 1 && operands[0] is PdfArray array:
                foreach (var element in array.Items)
                {
                    if (element is PdfString)
                    {
                        Show(element);
                    }
                    else if (element is double)
                    {
                        var shift = -Number(element) / 1000 * _state.FontSize * _state.HorizontalScale;
                        _textMatrix = Matrix.Translation(shift, 0).Then(_textMatrix);
                    }
                }
                break;
            case "g" when operands.Count >= 1:
                _state.Fill = Gray(Number(operands[0]));
                break;
            case "rg" when operands.Count >= 3:
                _state.Fill = (Number(operands[0]), Number(operands[1]), Number(operands[2]));
                break;
            case "k" when operands.Count >= 4:
                _state.Fill = Cmyk(Number(operands[0]), Number(operands[1]), Number(operands[2]), Number(operands[3]));
                break;
            case "cs":
                _state.Fill = (0, 0, 0);
                break;
            case "sc" or "scn":
                var numbers = operands.OfType<double>().ToList();
                _state.Fill = numbers.Count switch
                {
                    1 => Gray(numbers[0]),
                    3 => (numbers[0], numbers[1], numbers[2]),
                    4 => Cmyk(numbers[0], numbers[1], numbers[2], numbers[3]),
                    _ => (0.5, 0.5, 0.5), // a pattern or an unusual space: assume it shows
                };
                break;
            case "gs" when operands.Count >= 1:
                ApplyGraphicsState(resources, (operands[0] as PdfName)?.Value);
                break;
            case "re" when operands.Count >= 4 && _pathRects.Count < MaxRectangles:
                _pathRects.Add(DeviceBox(Number(operands[0]), Number(operands[1]), Number(operands[2]), Number(operands[3])));
                break;
            case "f" or "F" or "f*" or "B" or "B*" or "b" or "b*":
                var dark = Colors.Luminance(_state.Fill.R, _state.Fill.G, _state.Fill.B) < 0.6;
                _backdrops.AddRange(_pathRects.Take(MaxRectangles - _backdrops.Count).Select(r => (r, dark)));
                _pathRects.Clear();
                break;
            case "n" or "S" or "s":
                _pathRects.Clear();
                break;
            case "Do" when operands.Count >= 1:
                DrawXObject(resources, (operands[0] as PdfName)?.Value, depth);
                break;
        }
    }

    private void MoveLine(double tx, double ty)
    {
        _lineMatrix = Matrix.Translation(tx, ty).Then(_lineMatrix);
        _textMatrix = _lineMatrix;
    }

    private void Show(object? operand)
    {
        if (operand is not PdfString text)
        {
            return;
        }
        var font = _state.Font;
        var size = _state.FontSize;
        var scale = _state.HorizontalScale;
        foreach (var code in font.Decode(text.Bytes))
        {
            var advance = code.Width * font.WidthScale * size;
            var render = new Matrix(size * scale, 0, 0, size, 0, _state.Rise).Then(_textMatrix).Then(_state.Ctm);
            if (code.Unmapped)
            {
                UnmappedCount++;
            }
            else if (code.Text.Length > 0 && work.GlyphsLeft-- > 0)
            {
                var (x, y) = render.Apply(0, 0);
                var (endX, _) = render.Apply(code.Width * font.WidthScale, 0);
                var effectiveSize = size * Math.Sqrt(Sq(_textMatrix.Then(_state.Ctm).C) + Sq(_textMatrix.Then(_state.Ctm).D));
                Glyphs.Add(new Glyph(code.Text, x, y, Math.Max(0, endX - x), effectiveSize, Visibility(code.Text, x, y, endX - x, effectiveSize), Glyphs.Count));
            }
            var tx = (advance + _state.CharSpacing + (code.IsWordSpace ? _state.WordSpacing : 0)) * scale;
            _textMatrix = Matrix.Translation(tx, 0).Then(_textMatrix);
        }
    }

    private HiddenTextReason? Visibility(string text, double x, double y, double width, double size)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (_state.RenderMode is 3 or 7 || _state.FillAlpha <= 0.01)
        {
            return HiddenTextReason.Invisible;
        }
        if (x + width < page.Left - 1 || x > page.Right + 1 || y < page.Bottom - size || y > page.Top + 1)
        {
            return HiddenTextReason.OutsidePage;
        }
        if (size < 4)
        {
            return HiddenTextReason.TinyFont;
        }
        var fill = _state.Fill;
        if (_state.RenderMode is 0 or 2 or 4 or 6 && Colors.IsNearWhite(fill.R, fill.G, fill.B))
        {
            // White on a dark bar or over a picture is a design choice; white on the white page is not.
            var (cx, cy) = (x + width / 2, y + size * 0.3);
            var onDark = _backdrops.FindLast(b => b.Area.Contains(cx, cy));
            if (onDark.Area == default || !onDark.Dark)
            {
                return HiddenTextReason.WhiteText;
            }
        }
        return null;
    }

    private void ApplyGraphicsState(PdfDictionary? resources, string? name)
    {
        var state = resources?.Dictionary("ExtGState")?.Dictionary(name ?? "");
        if (state is null)
        {
            return;
        }
        if (state["ca"] is double alpha)
        {
            _state.FillAlpha = alpha;
        }
        if (state.Array("Font") is { Count: 2 } font && font[0] is PdfDictionary fontDictionary)
        {
            _state.Font = Cached(fontDictionary);
            _state.FontSize = font.Number(1);
        }
    }

    private void DrawXObject(PdfDictionary? resources, string? name, int depth)
    {
        var xobject = resources?.Dictionary("XObject")?[name ?? ""] as PdfStream;
        if (xobject is null)
        {
            return;
        }
        var subtype = xobject.Name("Subtype");
        if (subtype == "Image")
        {
            // A picture counts as a dark backdrop: white text over a photo or a banner is meant to be seen.
            var (x0, y0) = _state.Ctm.Apply(0, 0);
            var (x1, y1) = _state.Ctm.Apply(1, 1);
            if (_backdrops.Count < MaxRectangles)
            {
                _backdrops.Add((new Box(Math.Min(x0, x1), Math.Min(y0, y1), Math.Max(x0, x1), Math.Max(y0, y1)), true));
            }
            return;
        }
        if (subtype != "Form" || depth >= maxDepth || !work.TrySpendForm() || !_formsInUse.Add(xobject))
        {
            return;
        }
        try
        {
            var saved = _state with { };
            if (xobject.Array("Matrix") is { Count: 6 } m)
            {
                var matrix = new Matrix(m.Number(0), m.Number(1), m.Number(2), m.Number(3), m.Number(4), m.Number(5));
                _state.Ctm = matrix.Then(_state.Ctm);
            }
            var (textMatrix, lineMatrix) = (_textMatrix, _lineMatrix);
            var formResources = xobject.Dictionary("Resources") ?? resources;
            Run(xobject.Decode() ?? [], formResources, depth + 1);
            (_textMatrix, _lineMatrix) = (textMatrix, lineMatrix);
            _state = saved;
        }
        finally
        {
            _formsInUse.Remove(xobject);
        }
    }

    private PdfFont FontFor(PdfDictionary? resources, string? name)
    {
        var font = resources?.Dictionary("Font")?.Dictionary(name ?? "");
        return font is null ? PdfFont.Fallback : Cached(font);
    }

    private PdfFont Cached(PdfDictionary font)
    {
        if (!fonts.TryGetValue(font, out var loaded))
        {
            loaded = PdfFont.Load(font);
            fonts[font] = loaded;
        }
        return loaded;
    }

    private Box DeviceBox(double x, double y, double w, double h)
    {
        var (x0, y0) = _state.Ctm.Apply(x, y);
        var (x1, y1) = _state.Ctm.Apply(x + w, y + h);
        return new Box(Math.Min(x0, x1), Math.Min(y0, y1), Math.Max(x0, x1), Math.Max(y0, y1));
    }

    private static Matrix MatrixOf(List<object?> operands) =>
        new(Number(operands[0]), Number(operands[1]), Number(operands[2]), Number(operands[3]), Number(operands[4]), Number(operands[5]));

    private static double Number(object? item) => item is double value ? value : 0;

    private static (double, double, double) Gray(double v) => (v, v, v);

    private static (double, double, double) Cmyk(double c, double m, double y, double k) => ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k));

    private static double Sq(double v) => v * v;
}

/// <summary>Reading order for one page: baselines from the top, glyphs left to right, spaces and column gaps from the geometry.</summary>
internal static class PageLayout
{
    public static void Write(List<Glyph> glyphs, int page, DocumentText document)
    {
        if (glyphs.Count == 0)
        {
            return;
        }
        var sorted = glyphs.OrderByDescending(g => g.Y).ThenBy(g => g.X).ToList();
        var lines = new List<List<Glyph>>();
        foreach (var glyph in sorted)
        {
            var line = lines.Count > 0 ? lines[^1] : null;
            // Same line when the baselines are within 40% of the larger size (superscripts and mixed sizes stay together).
            if (line is not null && Math.Abs(line[0].Y - glyph.Y) <= 0.4 * Math.Max(line[0].Size, glyph.Size))
            {
                line.Add(glyph);
            }
            else
            {
                lines.Add([glyph]);
            }
        }

        double? previousY = null, previousSize = null;
        foreach (var line in lines)
        {
            line.Sort((a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Order.CompareTo(b.Order));
            var size = line.Max(g => g.Size);
            if (previousY is { } py && previousSize is { } ps && py - line[0].Y > 1.75 * Math.Max(ps, size))
            {
                document.AddBreak();
            }
            document.AddLine(Spans(line), page);
            previousY = line[0].Y;
            previousSize = size;
        }
    }

    private static List<TextSpan> Spans(List<Glyph> line)
    {
        var spans = new List<TextSpan>();
        var text = new System.Text.StringBuilder();
        HiddenTextReason? current = null;
        Glyph? previous = null;
        foreach (var glyph in line)
        {
            string separator = "";
            if (previous is not null)
            {
                // Some producers draw bold text twice, slightly offset: keep one copy.
                if (glyph.Text == previous.Text && Math.Abs(glyph.X - previous.X) < 0.1 * glyph.Size && Math.Abs(glyph.Y - previous.Y) < 0.1 * glyph.Size)
                {
                    continue;
                }
                var gap = glyph.X - (previous.X + previous.Width);
                var em = Math.Max(glyph.Size, previous.Size);
                if (gap > 2.5 * em)
                {
                    separator = "\t";
                }
                else if (gap > 0.18 * em && !previous.Text.EndsWith(' ') && !glyph.Text.StartsWith(' '))
                {
                    separator = " ";
                }
            }
            if (glyph.Hidden != current && text.Length > 0)
            {
                spans.Add(new TextSpan(text.ToString(), current));
                text.Clear();
            }
            current = glyph.Hidden;
            text.Append(separator).Append(glyph.Text);
            previous = glyph;
        }
        if (text.Length > 0)
        {
            spans.Add(new TextSpan(text.ToString(), current));
        }
        return spans;
    }
}
