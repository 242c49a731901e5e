using System.Text.Json.Serialization;

namespace InterviewFunctions.Core.Jobs;

// Enums stay text in requests so that a bad value gets an error naming the field and what is allowed; unknown members
// are refused so that a typo is not silently dropped.

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ExperienceInput(int? MinYears, int? MaxYears);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateJobRequest(
    string? Title,
    string? Domain = null,
    string? Department = null,
    string? Description = null,
    IReadOnlyList<string?>? RequiredSkills = null,
    IReadOnlyList<string?>? NiceToHaveSkills = null,
    ExperienceInput? Experience = null,
    string? Location = null,
    string? Workplace = null,
    string? Status = null);
