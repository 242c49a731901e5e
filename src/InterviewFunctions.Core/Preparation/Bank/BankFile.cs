using System.Text.Json.Serialization;

namespace InterviewFunctions.Core.Preparation.Bank;

// A bank file as written, before validation: every member is optional here so that a missing one is reported as a
// problem naming the file and field, with all the other problems, rather than as the first serializer exception.
// Unknown members are refused: a misspelt field would otherwise vanish silently.

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BankFileData(int? SchemaVersion, BankDomainData? Domain, IReadOnlyList<BankQuestionData?>? Questions);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BankDomainData(
    string? Id,
    string? Name,
    string? Kind,
    string? Sector,
    string? Summary,
    IReadOnlyList<string?>? Roles,
    IReadOnlyList<string?>? Topics);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BankQuestionData(
    string? Id,
    string? Type,
    string? Difficulty,
    string? Text,
    IReadOnlyList<string?>? Keywords,
    string? StrongAnswer,
    IReadOnlyList<string?>? Competencies,
    string? Problem = null);

/// <param name="Path">Where the file was read from, relative to the bank's root: <c>domains/accounting.json</c>.</param>
/// <param name="Content">The parsed file, or null when it could not be parsed (the problem is reported separately).</param>
public sealed record BankFileSource(string Path, BankFileData? Content);

/// <summary>One fault in the bank, with the file (and the question, where there is one) it is in.</summary>
public sealed record BankProblem(string File, string Message)
{
    public override string ToString() => $"{File}: {Message}";
}
