using InterviewFunctions.App.Problems;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation.Bank;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InterviewFunctions.App.Preparation;

/// <param name="ByType">Question counts per type (<c>technical</c>, <c>behavioral</c>, <c>situational</c>, <c>domain</c>).</param>
/// <param name="ByDifficulty">Question counts per difficulty (<c>easy</c>, <c>medium</c>, <c>hard</c>).</param>
public sealed record DomainResource(
    string Id,
    string Name,
    DomainKind Kind,
    string Sector,
    string Summary,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Topics,
    int QuestionCount,
    IReadOnlyDictionary<string, int> ByType,
    IReadOnlyDictionary<string, int> ByDifficulty);

public sealed record DomainList(string BankVersion, IReadOnlyList<DomainResource> Items);

public sealed record QuestionResource(
    string Id,
    string Domain,
    QuestionType Type,
    QuestionDifficulty Difficulty,
    string Text,
    IReadOnlyList<string> Keywords,
    string StrongAnswer,
    IReadOnlyList<string> Competencies,
    string? Problem)
{
    public static QuestionResource From(BankQuestion q) =>
        new(q.Id, q.DomainId, q.Type, q.Difficulty, q.Text, q.Keywords, q.StrongAnswer, q.Competencies, q.Problem);
}

/// <param name="Total">Matching questions over all pages.</param>
public sealed record QuestionList(IReadOnlyList<QuestionResource> Items, int Total, string? ContinuationToken);

/// <summary>
/// The question bank, read-only: its domains and role families, and its questions by domain, type, difficulty and
/// words. Every authenticated caller may read it. A filter naming a domain the bank does not have is a 400 that lists
/// the domains it has, not a 404: the request is wrong, no resource is missing.
/// </summary>
public static class QuestionBankApi
{
    public const int MaxSearchLength = 200;

    public static RouteGroupBuilder MapQuestionBank(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("Question bank");
        group.MapGet("/domains", ListDomains);
        group.MapGet("/questions", ListQuestions);
        group.MapGet("/questions/{id}", GetQuestion);
        return group;
    }

    private static Results<Ok<DomainList>, ValidationProblem> ListDomains(QuestionBank bank, string? sector, string? kind)
    {
        var v = new Validation();
        var sectors = BankNames.DomainSectors.Append(BankNames.ItSector).ToList();
        if (sector is not null && !sectors.Contains(sector, StringComparer.Ordinal))
        {
            v.Add("sector", $"'sector' must be one of: {string.Join(", ", sectors)}; '{sector}' is not.");
        }
        DomainKind? kindFilter = null;
        if (kind is not null)
        {
            if (BankNames.TryParseKind(kind, out var parsed))
            {
                kindFilter = parsed;
            }
            else
            {
                v.Add("kind", $"'kind' must be one of: {string.Join(", ", Enum.GetValues<DomainKind>().Select(k => k.ToWire()))}; '{kind}' is not.");
            }
        }
        if (!v.IsValid)
        {
            return Problem.Invalid(v.Errors);
        }
        var items = bank.Domains
            .Where(d => (sector is null || d.Sector == sector) && (kindFilter is null || d.Kind == kindFilter))
            .Select(d =>
            {
                var counts = bank.CountsOf(d.Id);
                return new DomainResource(d.Id, d.Name, d.Kind, d.Sector, d.Summary, d.Roles, d.Topics, counts.Questions,
                    counts.ByType.ToDictionary(p => p.Key.ToWire(), p => p.Value),
                    counts.ByDifficulty.ToDictionary(p => p.Key.ToWire(), p => p.Value));
            })
            .ToList();
        return TypedResults.Ok(new DomainList(bank.Version, items));
    }

    private static Results<Ok<QuestionList>, ValidationProblem> ListQuestions(
        QuestionBank bank,
        [FromQuery] string[]? domain,
        string? type,
        string? difficulty,
        string? q,
        string? pageSize,
        string? continuationToken)
    {
        var v = new Validation();
        var domains = (domain ?? []).SelectMany(d => d.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).ToList();
        var unknown = domains.Where(d => bank.FindDomain(d) is null).ToList();
        if (unknown.Count > 0)
        {
            v.Add("domain", $"'domain' must name domains of the bank ({string.Join(", ", bank.Domains.Select(d => d.Id))}); {string.Join(", ", unknown.Select(u => $"'{u}'"))} is not one.");
        }
        var typeFilter = v.Enum<QuestionType>("type", type, required: false);
        var difficultyFilter = v.Enum<QuestionDifficulty>("difficulty", difficulty, required: false);
        var text = v.Optional("q", q, MaxSearchLength);
        var size = v.Count("pageSize", pageSize, 1, QuestionBank.MaxPageSize, QuestionBank.DefaultPageSize);
        string? after = null;
        if (continuationToken is not null)
        {
            if (QuestionBank.TryReadToken(continuationToken, out var id))
            {
                after = id;
            }
            else
            {
                v.Add("continuationToken", "The continuation token is not one this API handed out.");
            }
        }
        if (!v.IsValid)
        {
            return Problem.Invalid(v.Errors);
        }
        var page = bank.Search(new QuestionQuery(domains, typeFilter, difficultyFilter, text, size, after));
        return TypedResults.Ok(new QuestionList([.. page.Items.Select(QuestionResource.From)], page.Total, page.ContinuationToken));
    }

    private static Results<Ok<QuestionResource>, ProblemHttpResult> GetQuestion(string id, QuestionBank bank) =>
        bank.Find(id) is { } question ? TypedResults.Ok(QuestionResource.From(question)) : Problem.NotFound($"Question '{id}'");
}
