using System.Text.Json.Serialization;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Json;
using InterviewFunctions.Core.Preparation.Bank;

namespace InterviewFunctions.Core.Preparation;

[JsonConverter(typeof(SnakeCaseEnumConverter<QuestionCategory>))]
public enum QuestionCategory
{
    Technical,
    Behavioral,
    CompanySpecific,
}

/// <param name="JobDescription">The job description as pasted, already checked for length.</param>
/// <param name="DomainId">A bank domain the caller says the job belongs to; it then leads the detected domains.</param>
public sealed record QuestionGenerationInput(
    string JobDescription,
    string? Company = null,
    InterviewType? InterviewType = null,
    int Count = QuestionGenerator.DefaultCount,
    string? DomainId = null);

/// <param name="Score">How strongly the description points at the domain (relative; higher is stronger).</param>
/// <param name="Evidence">What in the description pointed there: job titles and skills as written.</param>
public sealed record DetectedDomain(string Id, string Name, DomainKind Kind, int Score, IReadOnlyList<string> Evidence);

/// <param name="AsWritten">The description's own wording of the first mention: "K8s", "registered nurse".</param>
public sealed record DetectedSkill(string Id, string Name, string AsWritten, int Mentions);

/// <param name="Source"><c>job_description</c> for a skill the description asks for, or <c>domain:&lt;id&gt;</c> for a study topic of a detected domain.</param>
/// <param name="Evidence">Why it is listed: the description's wording, or the bank topic's domain name.</param>
public sealed record KeyTopic(string Topic, string Source, string Evidence);

/// <param name="Number">Position in the set, from 1.</param>
/// <param name="Type">The bank question's type; null for company-specific questions, which come from templates, and for AI-written ones.</param>
/// <param name="BasedOn">The part of the job description (quoted) or of the request the question follows.</param>
/// <param name="Skills">The description's skills the question covers.</param>
/// <param name="SourceQuestionId">The bank question it was adapted from; null for company-specific and AI-written questions.</param>
public sealed record GeneratedQuestion(
    int Number,
    QuestionCategory Category,
    QuestionType? Type,
    QuestionDifficulty Difficulty,
    string Text,
    string BasedOn,
    IReadOnlyList<string> Skills,
    IReadOnlyList<string> Keywords,
    string StrongAnswer,
    string? SourceQuestionId,
    string? DomainId);

/// <param name="Engine">What produced the set: <c>offline</c> for the bank-based engine, <c>ai+offline</c> when AI
/// questions lead and the offline ones fill the rest.</param>
/// <param name="BankVersion">The question bank content the questions came from.</param>
/// <param name="InputHash">SHA-256 of the request, so that a stored result can be matched to its input.</param>
/// <param name="Model">The AI model or deployment that wrote questions; null offline.</param>
/// <param name="Notes">How the set was made when that is not obvious, e.g. why the AI engine's questions are absent.</param>
public sealed record GeneratedQuestionSet(
    string Engine,
    string BankVersion,
    string InputHash,
    IReadOnlyList<DetectedDomain> Domains,
    IReadOnlyList<DetectedSkill> Skills,
    IReadOnlyList<KeyTopic> KeyTopics,
    IReadOnlyList<GeneratedQuestion> Questions,
    string? Model = null,
    IReadOnlyList<string>? Notes = null);

/// <summary>
/// Interview questions from a job description. The offline engine (<see cref="QuestionGenerator"/>) is always there;
/// an AI engine would sit behind the same interface, used when <see cref="IsEnabled"/>, falling back to the offline one.
/// </summary>
public interface IQuestionGenerator
{
    string Engine { get; }

    bool IsEnabled { get; }

    Task<GeneratedQuestionSet> GenerateAsync(QuestionGenerationInput input, CancellationToken cancellationToken);
}

// The request keeps the interview type as text so that a bad value gets an error naming the field and listing what
// is allowed; unknown members are refused so that a misspelt field is not silently ignored.
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record GenerateQuestionsRequest(string? JobDescription, string? Company = null, string? InterviewType = null, int? Count = null, string? Domain = null);

public static class QuestionGenerationRules
{
    public const int MinDescriptionCharacters = 200;
    public const int MinDescriptionWords = 40;
    public const int MaxDescriptionCharacters = 20_000;

    /// <summary>The generator's input, or the field errors (keyed by the request's field names).</summary>
    public static (QuestionGenerationInput? Input, IDictionary<string, string[]> Errors) Validate(GenerateQuestionsRequest request, QuestionBank bank)
    {
        var v = new Validation();
        string? description = null;
        if (string.IsNullOrWhiteSpace(request.JobDescription))
        {
            v.Add("jobDescription", "'jobDescription' is required: paste the job description the interview is for.");
        }
        else
        {
            description = request.JobDescription.Trim();
            var words = description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            if (description.Length > MaxDescriptionCharacters)
            {
                v.Add("jobDescription", $"'jobDescription' is too long: at most {MaxDescriptionCharacters} characters (it has {description.Length}). Leave out boilerplate such as benefits and legal notices.");
            }
            else if (description.Length < MinDescriptionCharacters || words < MinDescriptionWords)
            {
                v.Add("jobDescription", $"'jobDescription' is too short to work from: it needs at least {MinDescriptionCharacters} characters and {MinDescriptionWords} words (it has {description.Length} characters and {words} words). Paste the full description, with its responsibilities and requirements.");
            }
            else if (description.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            {
                v.Add("jobDescription", "'jobDescription' must not contain control characters.");
            }
        }
        var company = v.Optional("company", request.Company);
        var type = v.Enum<InterviewType>("interviewType", request.InterviewType, required: false);
        var count = v.Range("count", request.Count, 1, QuestionGenerator.MaxCount, QuestionGenerator.DefaultCount);
        var domain = v.Optional("domain", request.Domain, 100);
        if (domain is not null && bank.FindDomain(domain) is null)
        {
            v.Add("domain", $"'domain' must be the id of a bank domain (see GET /api/domains); '{domain}' is not one.");
        }
        return v.IsValid
            ? (new QuestionGenerationInput(description!, company, type, count!.Value, domain), v.Errors)
            : (null, v.Errors);
    }
}
