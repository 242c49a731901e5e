using System.Buffers.Text;
using System.Text;

namespace InterviewFunctions.Core.Preparation.Bank;

/// <param name="DomainIds">Any of these domains; empty for all.</param>
/// <param name="Text">Words that must all occur (any case) in the question's text, keywords or competencies.</param>
/// <param name="After">The id of the last question of the previous page (from <see cref="QuestionBank.TryReadToken"/>).</param>
public sealed record QuestionQuery(
    IReadOnlyList<string>? DomainIds = null,
    QuestionType? Type = null,
    QuestionDifficulty? Difficulty = null,
    string? Text = null,
    int PageSize = QuestionBank.DefaultPageSize,
    string? After = null);

/// <param name="Total">How many questions match the query over all pages.</param>
/// <param name="ContinuationToken">Null on the last page.</param>
public sealed record QuestionPage(IReadOnlyList<BankQuestion> Items, int Total, string? ContinuationToken);

public sealed record DomainCounts(int Questions, IReadOnlyDictionary<QuestionType, int> ByType, IReadOnlyDictionary<QuestionDifficulty, int> ByDifficulty);

/// <summary>
/// The question bank in memory, read-only once built: domains and questions indexed by id and by domain, searchable by
/// type, difficulty and words. Questions are ordered by id (so a domain's questions are together, in file order), and
/// pages continue after the last id seen, so a page never skips or repeats a question.
/// </summary>
public sealed class QuestionBank
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    private const string TokenPrefix = "after:";

    private readonly Dictionary<string, BankDomain> _domains;
    private readonly Dictionary<string, BankQuestion> _questions;
    private readonly Dictionary<string, BankQuestion[]> _byDomain;
    private readonly Dictionary<string, DomainCounts> _counts;
    private readonly BankQuestion[] _ordered;
    private readonly Dictionary<string, string> _searchText;

    /// <param name="version">Identifies the content, so that a generated result says which bank it came from.</param>
    public QuestionBank(IEnumerable<(BankDomain Domain, IReadOnlyList<BankQuestion> Questions)> entries, string version)
    {
        Version = version;
        var list = entries.ToList();
        Domains = [.. list.Select(e => e.Domain).OrderBy(d => d.Kind).ThenBy(d => d.Id, StringComparer.Ordinal)];
        _domains = Domains.ToDictionary(d => d.Id, StringComparer.Ordinal);
        _ordered = [.. list.SelectMany(e => e.Questions).OrderBy(q => q.Id, StringComparer.Ordinal)];
        _questions = _ordered.ToDictionary(q => q.Id, StringComparer.Ordinal);
        _byDomain = _ordered.GroupBy(q => q.DomainId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _counts = Domains.ToDictionary(d => d.Id, d => Count(QuestionsOf(d.Id)), StringComparer.Ordinal);
        _searchText = _ordered.ToDictionary(q => q.Id, SearchTextOf, StringComparer.Ordinal);
    }

    /// <summary>The content's version: the schema version and a hash of the files, e.g. <c>1-5c0ffee1d2a3</c>.</summary>
    public string Version { get; }

    /// <summary>Non-IT domains first, then IT role families, then algorithms; by id within each.</summary>
    public IReadOnlyList<BankDomain> Domains { get; }

    /// <summary>Every question, ordered by id.</summary>
    public IReadOnlyList<BankQuestion> Questions => _ordered;

    public BankDomain? FindDomain(string id) => _domains.GetValueOrDefault(id);

    public BankQuestion? Find(string id) => _questions.GetValueOrDefault(id);

    /// <summary>A domain's questions in file order; empty for an unknown domain.</summary>
    public IReadOnlyList<BankQuestion> QuestionsOf(string domainId) => _byDomain.GetValueOrDefault(domainId) ?? [];

    public DomainCounts CountsOf(string domainId) => _counts.TryGetValue(domainId, out var counts) ? counts : Count([]);

    public QuestionPage Search(QuestionQuery query)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, MaxPageSize, nameof(query));
        var words = (query.Text ?? "").ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        IEnumerable<BankQuestion> candidates = query.DomainIds is { Count: > 0 } ids
            ? ids.Distinct(StringComparer.Ordinal).SelectMany(QuestionsOf).OrderBy(q => q.Id, StringComparer.Ordinal)
            : _ordered;
        var matches = candidates
            .Where(q => query.Type is null || q.Type == query.Type)
            .Where(q => query.Difficulty is null || q.Difficulty == query.Difficulty)
            .Where(q => words.All(w => _searchText[q.Id].Contains(w, StringComparison.Ordinal)))
            .ToList();
        var start = query.After is null ? 0 : matches.FindIndex(q => string.CompareOrdinal(q.Id, query.After) > 0);
        if (start < 0)
        {
            start = matches.Count;
        }
        var items = matches.Skip(start).Take(query.PageSize).ToList();
        var more = start + items.Count < matches.Count;
        return new QuestionPage(items, matches.Count, more ? TokenAfter(items[^1].Id) : null);
    }

    /// <summary>Reads a continuation token this bank handed out; false for anything else.</summary>
    public static bool TryReadToken(string token, out string after)
    {
        after = "";
        if (token.Length > 200 || !Base64Url.IsValid(token))
        {
            return false;
        }
        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        if (!text.StartsWith(TokenPrefix, StringComparison.Ordinal) || text.Length == TokenPrefix.Length)
        {
            return false;
        }
        after = text[TokenPrefix.Length..];
        return after.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');
    }

    private static string TokenAfter(string id) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(TokenPrefix + id));

    private static string SearchTextOf(BankQuestion q) =>
        string.Join('\n', [q.Text, .. q.Keywords, .. q.Competencies, q.Problem ?? ""]).ToLowerInvariant();

    private static DomainCounts Count(IReadOnlyList<BankQuestion> questions) => new(
        questions.Count,
        Enum.GetValues<QuestionType>().ToDictionary(t => t, t => questions.Count(q => q.Type == t)),
        Enum.GetValues<QuestionDifficulty>().ToDictionary(d => d, d => questions.Count(q => q.Difficulty == d)));
}
