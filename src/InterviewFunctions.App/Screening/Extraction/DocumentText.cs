using System.Text;
using InterviewFunctions.Core.Screening;

namespace InterviewFunctions.App.Screening.Extraction;

/// <summary>A run of text with one visibility verdict.</summary>
internal readonly record struct TextSpan(string Text, HiddenTextReason? Hidden);

/// <summary>
/// The format readers' common output: lines of spans, a blank line between blocks. Building the final strings in one
/// place keeps hidden-text and injection handling identical for PDF, DOCX and plain text.
/// </summary>
internal sealed class DocumentText
{
    private readonly List<(List<TextSpan> Spans, int? Page)> _lines = [];
    private int _characters;

    public List<string> Warnings { get; } = [];

    public int? PageCount { get; set; }

    /// <summary>Set by readers that know their paragraphs (DOCX); otherwise blocks of lines are counted.</summary>
    public int? ParagraphCount { get; set; }

    public int MaxCharacters { get; init; } = ExtractionLimits.Default.MaxTextCharacters;

    public bool IsFull => _characters >= MaxCharacters;

    public void AddLine(IReadOnlyList<TextSpan> spans, int? page = null)
    {
        if (IsFull)
        {
            return;
        }
        var kept = new List<TextSpan>(spans.Count);
        foreach (var span in spans)
        {
            if (span.Text.Length == 0)
            {
                continue;
            }
            var text = span.Text;
            if (_characters + text.Length > MaxCharacters)
            {
                text = text[..Math.Max(0, MaxCharacters - _characters)];
                Warnings.Add($"The text was cut at {MaxCharacters} characters.");
            }
            _characters += text.Length;
            if (kept.Count > 0 && kept[^1].Hidden == span.Hidden)
            {
                kept[^1] = kept[^1] with { Text = kept[^1].Text + text };
            }
            else
            {
                kept.Add(new TextSpan(text, span.Hidden));
            }
        }
        if (kept.Count == 0 || kept.All(s => string.IsNullOrWhiteSpace(s.Text)))
        {
            AddBreak();
            return;
        }
        _lines.Add((kept, page));
    }

    public void AddLine(string text, int? page = null) => AddLine([new TextSpan(text, null)], page);

    /// <summary>Ends a block: the next line starts a new paragraph.</summary>
    public void AddBreak()
    {
        if (_lines.Count > 0 && _lines[^1].Spans.Count > 0)
        {
            _lines.Add(([], null));
        }
    }

    public bool HasText => _lines.Any(l => l.Spans.Any(s => !string.IsNullOrWhiteSpace(s.Text)));

    public ExtractedResume ToResume(ResumeFormat format)
    {
        var text = new StringBuilder();
        var visible = new StringBuilder();
        var hidden = new List<HiddenText>();
        var injections = new List<InjectionFinding>();
        int lineCount = 0, paragraphCount = 0;
        var previousWasBreak = true;
        var visiblePreviousWasBreak = true;
        HiddenTextReason? hiddenCarry = null;

        foreach (var (spans, page) in _lines)
        {
            if (spans.Count == 0)
            {
                AppendBreak(text, ref previousWasBreak);
                AppendBreak(visible, ref visiblePreviousWasBreak);
                hiddenCarry = null;
                continue;
            }
            if (previousWasBreak)
            {
                paragraphCount++;
            }
            lineCount++;
            var line = Tidy(string.Concat(spans.Select(s => s.Text)));
            text.Append(line).Append('\n');
            previousWasBreak = false;

            foreach (var span in spans)
            {
                if (string.IsNullOrWhiteSpace(span.Text))
                {
                    continue;
                }
                if (span.Hidden is not { } reason)
                {
                    hiddenCarry = null;
                    continue;
                }
                // A hidden sentence wrapped over several lines is one finding, so that a phrase split by the wrap still matches.
                if (hiddenCarry == reason && hidden.Count > 0 && hidden[^1].Page == page)
                {
                    hidden[^1] = hidden[^1] with { Text = hidden[^1].Text + " " + Tidy(span.Text) };
                }
                else
                {
                    hidden.Add(new HiddenText(Tidy(span.Text), reason, page));
                }
                hiddenCarry = reason;
            }

            var visibleLine = Tidy(string.Concat(spans.Where(s => s.Hidden is null).Select(s => s.Text)));
            if (visibleLine.Length == 0)
            {
                continue;
            }
            var matches = InjectionPatterns.Find(visibleLine);
            if (matches.Count > 0)
            {
                // A visible injection is flagged too, and its line earns nothing.
                injections.AddRange(matches.Select(m => new InjectionFinding(m.Rule, m.Excerpt, InHiddenText: false)));
                continue;
            }
            visible.Append(visibleLine).Append('\n');
            visiblePreviousWasBreak = false;
        }

        foreach (var span in hidden)
        {
            injections.AddRange(InjectionPatterns.Find(span.Text).Select(m => new InjectionFinding(m.Rule, m.Excerpt, InHiddenText: true)));
        }

        return new ExtractedResume
        {
            Format = format,
            Text = text.ToString().TrimEnd('\n'),
            VisibleText = visible.ToString().TrimEnd('\n'),
            PageCount = PageCount,
            LineCount = lineCount,
            ParagraphCount = ParagraphCount ?? paragraphCount,
            HiddenText = hidden,
            Injections = injections,
            Warnings = Warnings.Distinct().ToArray(),
        };
    }

    private static void AppendBreak(StringBuilder builder, ref bool previousWasBreak)
    {
        if (!previousWasBreak && builder.Length > 0)
        {
            builder.Append('\n');
        }
        previousWasBreak = true;
    }

    /// <summary>Collapses runs of spaces, keeps single tabs (column gaps), and replaces characters that are layout, not text.</summary>
    internal static string Tidy(string line)
    {
        if (line.AsSpan().IndexOfAnyInRange('\uFB00', '\uFB04') >= 0)
        {
            // Ligature glyphs from PDF fonts: screening matches words, and "ﬁnance" is not "finance".
            line = line.Replace("\uFB00", "ff", StringComparison.Ordinal).Replace("\uFB01", "fi", StringComparison.Ordinal)
                .Replace("\uFB02", "fl", StringComparison.Ordinal).Replace("\uFB03", "ffi", StringComparison.Ordinal)
                .Replace("\uFB04", "ffl", StringComparison.Ordinal);
        }
        var builder = new StringBuilder(line.Length);
        foreach (var raw in line)
        {
            var c = raw switch
            {
                '\u00A0' or '\u2007' or '\u202F' or '\u2002' or '\u2003' or '\u2009' => ' ',
                '\u00AD' or '\u200B' or '\uFEFF' or '\u200C' or '\u200D' => '\0',
                '\r' or '\n' or '\v' or '\f' => ' ',
                _ when raw is >= '\uE000' and <= '\uF8FF' => '•', // symbol-font bullets (Symbol, Wingdings) sit in the private use area
                _ when char.IsControl(raw) && raw != '\t' => '\0',
                _ => raw,
            };
            if (c == '\0')
            {
                continue;
            }
            if (c is ' ' or '\t' && builder.Length > 0 && builder[^1] is ' ' or '\t')
            {
                if (c == '\t')
                {
                    builder[^1] = '\t';
                }
                continue;
            }
            builder.Append(c);
        }
        return builder.ToString().Trim(' ', '\t');
    }
}
