using InterviewFunctions.Core.Screening;

namespace InterviewFunctions.App.Screening;

/// <param name="Readable">False when extraction could not read the file; <see cref="FailureMessage"/> says why.</param>
/// <param name="Text">All extracted text, hidden spans included; only on the single-resume read.</param>
/// <param name="VisibleText">The text a reader sees, which alone earns credit; only on the single-resume read.</param>
public sealed record ResumeResource(
    string Id,
    string CandidateId,
    string FileName,
    ResumeFileType Format,
    string ContentType,
    long SizeBytes,
    string Sha256,
    DateTimeOffset UploadedAt,
    bool Readable,
    string? FailureCode,
    string? FailureMessage,
    int? PageCount,
    int LineCount,
    int ParagraphCount,
    bool Flagged,
    IReadOnlyList<ResumeHiddenText> HiddenText,
    IReadOnlyList<ResumeInjection> Injections,
    IReadOnlyList<string> Warnings,
    string? Text,
    string? VisibleText,
    string FileUrl)
{
    public static ResumeResource From(UploadedResume resume, bool withText)
    {
        var e = resume.Extraction;
        return new(
            resume.Id, resume.CandidateId, resume.FileName, resume.Format, resume.ContentType, resume.SizeBytes, resume.Sha256, resume.UploadedAt,
            e.Succeeded, e.FailureCode, e.FailureMessage, e.PageCount, e.LineCount, e.ParagraphCount, e.IsFlagged, e.HiddenText, e.Injections, e.Warnings,
            withText ? e.Text : null, withText ? e.VisibleText : null,
            $"/api/candidates/{resume.CandidateId}/resumes/{resume.Id}/file");
    }
}

public sealed record ResumeList(IReadOnlyList<ResumeResource> Items, string? ContinuationToken);

/// <param name="Screenings">Queued by the upload (or already standing for this resume), one per job; empty when the candidate applies to no job.</param>
public sealed record ResumeUploadResult(ResumeResource Resume, IReadOnlyList<ScreeningResource> Screenings);

/// <summary>
/// A screening as the API shows it: its state, and once succeeded the scores, recommendation, flags and (on the single
/// read) each requirement with the resume lines quoted as evidence.
/// </summary>
/// <param name="CandidateName">Null when the candidate was deleted since.</param>
public sealed record ScreeningResource(
    string Id,
    string Url,
    string JobId,
    string CandidateId,
    string? CandidateName,
    string ResumeId,
    ScreeningStatus Status,
    int Attempts,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? Error,
    ScreeningScores? Scores,
    ScreeningRecommendation? Recommendation,
    IReadOnlyList<ScreeningFlag> Flags,
    string? Summary,
    IReadOnlyList<RequirementJudgement>? Requirements,
    string? Engine,
    string? Model,
    string? PromptVersion,
    string? RubricVersion,
    string? InputHash,
    IReadOnlyList<string>? Notes)
{
    public static ScreeningResource From(ResumeScreening screening, string? candidateName, bool withRequirements)
    {
        var a = screening.Assessment;
        return new(
            screening.Id, $"/api/screenings/{screening.Id}", screening.JobId, screening.CandidateId, candidateName, screening.ResumeId, screening.Status,
            screening.Attempts, screening.QueuedAt, screening.StartedAt, screening.CompletedAt, screening.Error,
            a?.Scores, a?.Recommendation, a?.Flags ?? [], a?.Summary, withRequirements ? a?.Requirements : null,
            a?.Engine, a?.Model, a?.PromptVersion, a?.RubricVersion, a?.InputHash, a?.Notes);
    }
}

public sealed record ScreeningList(IReadOnlyList<ScreeningResource> Items, string? ContinuationToken);

[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record ScreenCandidatesRequest(IReadOnlyList<string?>? CandidateIds);

public sealed record QueuedScreenings(IReadOnlyList<ScreeningResource> Items);
