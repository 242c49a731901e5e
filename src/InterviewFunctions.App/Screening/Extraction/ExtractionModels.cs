using System.Diagnostics.CodeAnalysis;
using InterviewFunctions.Core.Screening;

namespace InterviewFunctions.App.Screening.Extraction;

/// <summary>The file type, judged from the bytes, never from the name.</summary>
public enum ResumeFormat
{
    Text,
    Pdf,
    Docx,
}

/// <summary>Why a span of text counts as hidden from a human reader.</summary>
public enum HiddenTextReason
{
    /// <summary>White or near-white text on a white (or unshaded) background.</summary>
    WhiteText,

    /// <summary>Text under 4 pt: present for a parser, unreadable on paper.</summary>
    TinyFont,

    /// <summary>A DOCX run marked hidden (<c>w:vanish</c>).</summary>
    HiddenProperty,

    /// <summary>PDF text drawn with an invisible rendering mode (Tr 3 or 7) or fully transparent.</summary>
    Invisible,

    /// <summary>PDF text placed outside the page.</summary>
    OutsidePage,
}

public enum ExtractionFailureCode
{
    Empty,
    TooLarge,
    UnsupportedType,
    Encrypted,
    Corrupt,
    ZipBomb,
    UnsafeArchive,
    NoText,
}

/// <summary>A span a human reader would not see. It is kept in <see cref="ExtractedResume.Text"/> for review and left out of <see cref="ExtractedResume.VisibleText"/>.</summary>
public sealed record HiddenText(string Text, HiddenTextReason Reason, int? Page);

/// <summary>An injection phrase, and whether it sat in hidden text.</summary>
public sealed record InjectionFinding(string Rule, string Excerpt, bool InHiddenText);

public sealed record ExtractionFailure(ExtractionFailureCode Code, string Message);

/// <summary>What a resume says, line by line, and what it tried to hide.</summary>
public sealed record ExtractedResume
{
    public required ResumeFormat Format { get; init; }

    /// <summary>All text, hidden spans included, one line per paragraph or printed line; a blank line between blocks.</summary>
    public required string Text { get; init; }

    /// <summary>The text a human reader sees, without hidden spans and without lines holding injection phrases: the only text that earns credit.</summary>
    public required string VisibleText { get; init; }

    /// <summary>Pages in a PDF; for DOCX the page count Word last saved (null when absent); null for plain text.</summary>
    public int? PageCount { get; init; }

    /// <summary>Non-empty lines of <see cref="Text"/>.</summary>
    public required int LineCount { get; init; }

    /// <summary>Paragraphs (DOCX, text) or blocks of lines separated by a wider gap (PDF).</summary>
    public required int ParagraphCount { get; init; }

    public required IReadOnlyList<HiddenText> HiddenText { get; init; }

    public required IReadOnlyList<InjectionFinding> Injections { get; init; }

    /// <summary>Things that may make the text incomplete (a font without a Unicode map, a damaged page), for the reviewer.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Hidden text or an injection attempt was found: the screening shows the flag.</summary>
    public bool IsFlagged => HiddenText.Count > 0 || Injections.Count > 0;
}

/// <summary>Either the extracted resume or the reason it could not be read; extraction never throws for a bad file.</summary>
public sealed record ExtractionResult
{
    private ExtractionResult(ExtractedResume? resume, ExtractionFailure? failure)
    {
        Resume = resume;
        Failure = failure;
    }

    public ExtractedResume? Resume { get; }

    public ExtractionFailure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Resume))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Resume is not null;

    public static ExtractionResult Success(ExtractedResume resume) => new(resume, null);

    public static ExtractionResult Fail(ExtractionFailureCode code, string message) => new(null, new ExtractionFailure(code, message));
}

/// <summary>Bounds on what one upload may cost. The defaults suit resumes; an upload endpoint may bind its own from configuration.</summary>
public sealed class ExtractionLimits
{
    public static ExtractionLimits Default { get; } = new();

    /// <summary>Largest file accepted, in bytes.</summary>
    public long MaxFileBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>DOCX: largest total uncompressed size of all entries.</summary>
    public long MaxUncompressedBytes { get; init; } = 20 * 1024 * 1024;

    /// <summary>DOCX: largest uncompressed-to-compressed ratio of one entry above 1 MB, and of the archive as a whole.</summary>
    public int MaxCompressionRatio { get; init; } = 100;

    /// <summary>DOCX: most entries in the archive.</summary>
    public int MaxZipEntries { get; init; } = 1000;

    /// <summary>PDF: pages read; later pages are ignored with a warning.</summary>
    public int MaxPdfPages { get; init; } = 30;

    /// <summary>PDF: nesting of Form XObjects followed.</summary>
    public int MaxFormDepth { get; init; } = 8;

    /// <summary>Characters of text kept; the rest is cut with a warning.</summary>
    public int MaxTextCharacters { get; init; } = 200_000;
}
