using System.Text.Json.Serialization;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Json;

namespace InterviewFunctions.Core.Screening;

/// <summary>
/// Judges one resume against one job. Deterministic engines give the same assessment for the same input; an AI engine
/// combines its judgement with the deterministic one and says so in <see cref="ScreeningAssessment.Engine"/>.
/// </summary>
public interface IScreeningEngine
{
    Task<ScreeningAssessment> ScreenAsync(ScreeningInput input, CancellationToken cancellationToken);
}

/// <param name="ResumeText">The text a human reader sees, one line per printed line or paragraph: the only text that earns credit.</param>
/// <param name="Flags">What extraction found hidden or suspicious; carried into the assessment unchanged.</param>
/// <param name="AsOf">The day "present" means in the resume's date ranges: the upload day, so that screening the same
/// resume again gives the same years of experience.</param>
public sealed record ScreeningInput(Job Job, string ResumeText, IReadOnlyList<ScreeningFlag> Flags, DateOnly AsOf);

[JsonConverter(typeof(SnakeCaseEnumConverter<ScreeningFlagKind>))]
public enum ScreeningFlagKind
{
    HiddenText,
    PromptInjection,
    ExtractionWarning,
}

/// <param name="Excerpt">The offending text, shortened, so a reviewer sees what it was.</param>
public sealed record ScreeningFlag(ScreeningFlagKind Kind, string Detail, string? Excerpt);

[JsonConverter(typeof(SnakeCaseEnumConverter<ScreeningRecommendation>))]
public enum ScreeningRecommendation
{
    StrongYes,
    Yes,
    Maybe,
    No,
}

[JsonConverter(typeof(SnakeCaseEnumConverter<RequirementKind>))]
public enum RequirementKind
{
    Skill,
    Experience,
    Education,
    Certification,
}

[JsonConverter(typeof(SnakeCaseEnumConverter<RequirementVerdict>))]
public enum RequirementVerdict
{
    Met,
    PartlyMet,
    NotShown,
}

/// <summary>A line of the resume quoted as evidence; <paramref name="Line"/> counts from 1 over the resume text's lines.</summary>
public sealed record ResumeQuote(int Line, string Text);

/// <param name="Requirement">As the job states it, e.g. "Kubernetes" or "5+ years of experience".</param>
/// <param name="Required">False for a nice-to-have.</param>
/// <param name="Reason">Why the verdict, in one sentence a recruiter can act on.</param>
public sealed record RequirementJudgement(
    string Requirement,
    RequirementKind Kind,
    bool Required,
    RequirementVerdict Verdict,
    IReadOnlyList<ResumeQuote> Evidence,
    string Reason);

/// <summary>Each 0-100.</summary>
public sealed record ScreeningScores(int KeywordMatch, int SkillRelevance, int ExperienceFit, int Overall);

/// <param name="Engine">"offline", or "ai+offline" when an AI judgement was combined.</param>
/// <param name="Model">The AI model or deployment; null offline.</param>
/// <param name="InputHash">SHA-256 (hex) of the job and resume text as judged: the same hash, the same offline result.</param>
/// <param name="Notes">What the reader should know about how it was made, e.g. "the AI engine timed out; the offline result stands".</param>
public sealed record ScreeningAssessment(
    ScreeningScores Scores,
    ScreeningRecommendation Recommendation,
    IReadOnlyList<RequirementJudgement> Requirements,
    IReadOnlyList<ScreeningFlag> Flags,
    string Summary,
    string Engine,
    string? Model,
    string PromptVersion,
    string RubricVersion,
    string InputHash,
    IReadOnlyList<string> Notes);
