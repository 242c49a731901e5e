using System.Text.Json;
using System.Text.Json.Serialization;
using InterviewFunctions.Core.Json;

namespace InterviewFunctions.Core.Preparation.Bank;

[JsonConverter(typeof(SnakeCaseEnumConverter<QuestionType>))]
public enum QuestionType
{
    Technical,
    Behavioral,
    Situational,

    /// <summary>Specific to the field: its regulations, practices and vocabulary.</summary>
    Domain,
}

[JsonConverter(typeof(SnakeCaseEnumConverter<QuestionDifficulty>))]
public enum QuestionDifficulty
{
    Easy,
    Medium,
    Hard,
}

[JsonConverter(typeof(KebabCaseEnumConverter<DomainKind>))]
public enum DomainKind
{
    /// <summary>A non-IT field (nursing, accounting, warehousing...).</summary>
    Domain,

    /// <summary>An IT role family (backend, data, frontend...).</summary>
    ItRole,

    /// <summary>Classic algorithm problems.</summary>
    Algorithms,
}

/// <param name="Roles">Job titles the domain covers, abbreviations in brackets: "Registered nurse (RN)".</param>
/// <param name="Topics">What a candidate should study for it.</param>
public sealed record BankDomain(
    string Id,
    string Name,
    DomainKind Kind,
    string Sector,
    string Summary,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Topics);

/// <param name="Keywords">Lowercase terms a strong answer mentions.</param>
/// <param name="StrongAnswer">What a strong answer contains.</param>
/// <param name="Problem">For algorithm problems: the statement with an example.</param>
public sealed record BankQuestion(
    string Id,
    string DomainId,
    QuestionType Type,
    QuestionDifficulty Difficulty,
    string Text,
    IReadOnlyList<string> Keywords,
    string StrongAnswer,
    IReadOnlyList<string> Competencies,
    string? Problem = null);

/// <summary>Wire names shared by the bank's files and the API.</summary>
public static class BankNames
{
    public static readonly IReadOnlyList<string> DomainSectors =
        ["healthcare", "finance", "manufacturing", "logistics", "engineering", "education", "hospitality-retail", "public-legal", "business"];

    public const string ItSector = "it";

    public static string ToWire(this DomainKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    public static bool TryParseKind(string? text, out DomainKind kind)
    {
        foreach (var candidate in Enum.GetValues<DomainKind>())
        {
            if (string.Equals(candidate.ToWire(), text, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }

    public static DomainKind ParseKind(string text) =>
        TryParseKind(text, out var kind) ? kind : throw new FormatException($"'{text}' is not one of: domain, it-role, algorithms.");

    /// <summary>The folder a file of this kind lives in.</summary>
    public static string FolderOf(DomainKind kind) => kind switch
    {
        DomainKind.Domain => "domains",
        DomainKind.ItRole => "it",
        _ => "algorithms",
    };
}
