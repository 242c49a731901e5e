using System.Text.Json.Serialization;
using InterviewFunctions.Core.Json;

namespace InterviewFunctions.Core.Screening;

[JsonConverter(typeof(SnakeCaseEnumConverter<ResumeFileType>))]
public enum ResumeFileType
{
    Pdf,
    Docx,
    Text,
}

/// <param name="Reason">Why a reader would not see it: <c>white_text</c>, <c>tiny_font</c>, <c>hidden_property</c>, <c>invisible</c>, <c>outside_page</c>.</param>
public sealed record ResumeHiddenText(string Text, string Reason, int? Page);

/// <param name="Rule">Which injection pattern matched.</param>
public sealed record ResumeInjection(string Rule, string Excerpt, bool InHiddenText);

/// <summary>
/// What text extraction made of the file: the text and what it hid, or why it could not be read. Kept with the resume
/// so that screening it again (against another job, or after a rule change) reads the same text.
/// </summary>
public sealed record ResumeExtraction
{
    /// <summary>Longest excerpt carried into a flag: enough for a reviewer to recognise it, never the whole hidden block.</summary>
    public const int MaxFlagExcerpt = 160;

    public required bool Succeeded { get; init; }

    /// <summary>All text, hidden spans included, for review.</summary>
    public string? Text { get; init; }

    /// <summary>What a human reader sees: the only text that earns credit.</summary>
    public string? VisibleText { get; init; }

    public int? PageCount { get; init; }
    public int LineCount { get; init; }
    public int ParagraphCount { get; init; }
    public IReadOnlyList<ResumeHiddenText> HiddenText { get; init; } = [];
    public IReadOnlyList<ResumeInjection> Injections { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>On failure: <c>encrypted</c>, <c>corrupt</c>, <c>no_text</c>, ...</summary>
    public string? FailureCode { get; init; }

    /// <summary>On failure: what the uploader should do, in words a recruiter understands.</summary>
    public string? FailureMessage { get; init; }

    [JsonIgnore]
    public bool IsFlagged => HiddenText.Count > 0 || Injections.Count > 0;

    /// <summary>The flags a screening of this resume carries: each hidden span, each injection attempt, each warning.</summary>
    public IReadOnlyList<ScreeningFlag> ToFlags() =>
    [
        .. HiddenText.Select(h => new ScreeningFlag(ScreeningFlagKind.HiddenText,
            h.Page is { } page ? $"Text hidden from the reader ({h.Reason.Replace('_', ' ')}) on page {page}." : $"Text hidden from the reader ({h.Reason.Replace('_', ' ')}).",
            Shorten(h.Text))),
        .. Injections.Select(i => new ScreeningFlag(ScreeningFlagKind.PromptInjection,
            i.InHiddenText ? $"An instruction to the screener ({i.Rule}), in hidden text." : $"An instruction to the screener ({i.Rule}).",
            Shorten(i.Excerpt))),
        .. Warnings.Select(w => new ScreeningFlag(ScreeningFlagKind.ExtractionWarning, w, null)),
    ];

    private static string Shorten(string text)
    {
        var flat = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return flat.Length <= MaxFlagExcerpt ? flat : flat[..(MaxFlagExcerpt - 1)] + "…";
    }
}

/// <summary>
/// An uploaded resume of a candidate: where its original is kept, what it is, and what extraction made of it. A file
/// that could not be read is kept too, with the reason, so that its screenings can say why they failed.
/// </summary>
public sealed record UploadedResume
{
    public const string DocumentType = "resume";

    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public string DocType { get; init; } = DocumentType;
    public required string CandidateId { get; init; }

    /// <summary>The name the uploader gave the file, without any folder; only ever shown, never trusted for the type.</summary>
    public required string FileName { get; init; }

    /// <summary>Judged from the bytes.</summary>
    public required ResumeFileType Format { get; init; }
    public required string ContentType { get; init; }
    public required long SizeBytes { get; init; }

    /// <summary>SHA-256 of the original bytes, lower-case hex: the same file uploaded twice has the same hash.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Where the original is in the file store.</summary>
    public required string FileKey { get; init; }
    public required DateTimeOffset UploadedAt { get; init; }
    public required ResumeExtraction Extraction { get; init; }

    /// <summary>The day "present" means in the resume's date ranges, for every screening of it.</summary>
    [JsonIgnore]
    public DateOnly AsOf => DateOnly.FromDateTime(UploadedAt.UtcDateTime);

    /// <summary>The store's concurrency token; not part of the stored document.</summary>
    [JsonIgnore]
    public string? ETag { get; init; }
}

/// <summary>A tenant's resumes, always read through the candidate they belong to.</summary>
public interface IResumeStore
{
    Task<UploadedResume?> FindAsync(string tenantId, string candidateId, string id, CancellationToken cancellationToken);

    /// <summary>The candidate's most recent upload, or null when there is none.</summary>
    Task<UploadedResume?> LatestAsync(string tenantId, string candidateId, CancellationToken cancellationToken);

    /// <summary>The candidate's resumes in upload (id) order, a page at a time.</summary>
    /// <exception cref="Interviews.InvalidContinuationTokenException">The token was not one this store handed out.</exception>
    Task<ResumePage> ListAsync(string tenantId, string candidateId, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <exception cref="ResumeAlreadyExistsException">A resume with this id exists in the tenant.</exception>
    Task<UploadedResume> CreateAsync(UploadedResume upload, CancellationToken cancellationToken);

    /// <summary>Erases the resume record (not its file); false when the candidate has no such resume.</summary>
    Task<bool> DeleteAsync(string tenantId, string candidateId, string id, CancellationToken cancellationToken);
}

public sealed record ResumePage(IReadOnlyList<UploadedResume> Items, string? ContinuationToken);

public sealed class ResumeAlreadyExistsException(string id) : Exception($"Resume '{id}' already exists.");
