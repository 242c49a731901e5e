using System.Globalization;
using System.Text.RegularExpressions;
using InterviewFunctions.Core.Interviews;

namespace InterviewFunctions.Core.Preparation.Bank;

/// <summary>
/// The rules of the question bank's files (QuestionBank/README.md), as one pure function that reports every fault it
/// finds, so that a content writer sees all of them at once. The loader refuses to start on any; the tests run it over
/// the real files.
/// </summary>
public static partial class BankRules
{
    public const int SchemaVersion = 1;
    public const int MinQuestions = 25;
    public const int MaxQuestions = 36;
    public const int MinPerType = 4;
    public const int MinPerDifficulty = 4;
    public const int MinTopics = 4;
    public const int MaxTopics = 12;

    public static IReadOnlyList<BankProblem> Validate(IReadOnlyList<BankFileSource> files)
    {
        var problems = new List<BankProblem>();
        var domainIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var questionIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (file.Content is null)
            {
                continue;
            }
            void Fault(string message) => problems.Add(new BankProblem(file.Path, message));
            var content = file.Content;
            if (content.SchemaVersion is null)
            {
                Fault("'schemaVersion' is missing.");
            }
            else if (content.SchemaVersion != SchemaVersion)
            {
                Fault($"'schemaVersion' is {content.SchemaVersion}; this version of the app reads {SchemaVersion}.");
            }
            var kind = ValidateDomain(file.Path, content.Domain, Fault, domainIds);
            ValidateQuestions(file.Path, content.Domain?.Id, kind, content.Questions, Fault, questionIds, texts);
        }
        return problems;
    }

    /// <summary>The bank from files that <see cref="Validate"/> found no fault in (it is not run again here: start-up time).</summary>
    public static QuestionBank Build(IReadOnlyList<BankFileSource> files, string version)
    {
        if (files.Any(f => f.Content is null))
        {
            throw new ArgumentException("A bank file could not be read; validate the files before building the bank.", nameof(files));
        }
        var entries = files.Select(f =>
        {
            var d = f.Content!.Domain!;
            var domain = new BankDomain(d.Id!, d.Name!.Trim(), BankNames.ParseKind(d.Kind!), d.Sector!, d.Summary!.Trim(), [.. d.Roles!.Select(r => r!.Trim())], [.. d.Topics!.Select(t => t!.Trim())]);
            var questions = f.Content.Questions!.Select(q => new BankQuestion(
                q!.Id!, domain.Id, Wire<QuestionType>.Parse(q.Type!), Wire<QuestionDifficulty>.Parse(q.Difficulty!),
                q.Text!.Trim(), [.. q.Keywords!.Select(k => k!)], q.StrongAnswer!.Trim(), [.. q.Competencies!.Select(c => c!)], q.Problem?.Trim())).ToList();
            return (domain, (IReadOnlyList<BankQuestion>)questions);
        });
        return new QuestionBank(entries, version);
    }

    private static DomainKind? ValidateDomain(string path, BankDomainData? domain, Action<string> fault, Dictionary<string, string> domainIds)
    {
        if (domain is null)
        {
            fault("'domain' is missing.");
            return null;
        }
        DomainKind? kind = null;
        if (string.IsNullOrWhiteSpace(domain.Kind))
        {
            fault("'domain.kind' is missing.");
        }
        else if (BankNames.TryParseKind(domain.Kind, out var parsed))
        {
            kind = parsed;
        }
        else
        {
            fault($"'domain.kind' is '{domain.Kind}'; it must be one of: domain, it-role, algorithms.");
        }
        if (string.IsNullOrWhiteSpace(domain.Id))
        {
            fault("'domain.id' is missing.");
        }
        else
        {
            if (!IdPattern().IsMatch(domain.Id))
            {
                fault($"'domain.id' '{domain.Id}' must be lowercase words joined by hyphens.");
            }
            var expectedPath = kind is { } k ? $"{BankNames.FolderOf(k)}/{domain.Id}.json" : null;
            if (expectedPath is not null && !string.Equals(Normalize(path), expectedPath, StringComparison.Ordinal))
            {
                fault($"a file for '{domain.Id}' of kind '{domain.Kind}' must be {expectedPath}.");
            }
            if (!domainIds.TryAdd(domain.Id, path))
            {
                fault($"the domain id '{domain.Id}' is also used by {domainIds[domain.Id]}.");
            }
        }
        Required("domain.name", domain.Name, fault);
        Required("domain.summary", domain.Summary, fault);
        if (string.IsNullOrWhiteSpace(domain.Sector))
        {
            fault("'domain.sector' is missing.");
        }
        else if (kind == DomainKind.Domain && !BankNames.DomainSectors.Contains(domain.Sector))
        {
            fault($"'domain.sector' is '{domain.Sector}'; a non-IT domain's sector is one of: {string.Join(", ", BankNames.DomainSectors)}.");
        }
        else if (kind is DomainKind.ItRole or DomainKind.Algorithms && domain.Sector != BankNames.ItSector)
        {
            fault($"'domain.sector' is '{domain.Sector}'; an IT file's sector is '{BankNames.ItSector}'.");
        }
        List("domain.roles", domain.Roles, 1, 30, lowercase: false, fault);
        List("domain.topics", domain.Topics, MinTopics, MaxTopics, lowercase: false, fault);
        return kind;
    }

    private static void ValidateQuestions(
        string path, string? domainId, DomainKind? kind, IReadOnlyList<BankQuestionData?>? questions, Action<string> fault,
        Dictionary<string, string> questionIds, Dictionary<string, string> texts)
    {
        if (questions is null)
        {
            fault("'questions' is missing.");
            return;
        }
        var max = kind == DomainKind.Algorithms ? int.MaxValue : MaxQuestions;
        if (questions.Count < MinQuestions || questions.Count > max)
        {
            fault(kind == DomainKind.Algorithms
                ? $"it has {questions.Count} questions; it needs at least {MinQuestions}."
                : $"it has {questions.Count} questions; it needs {MinQuestions} to {MaxQuestions}.");
        }
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        var difficulties = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < questions.Count; i++)
        {
            var question = questions[i];
            var name = string.IsNullOrWhiteSpace(question?.Id) ? $"question #{i + 1}" : $"question '{question.Id}'";
            void QuestionFault(string message) => fault($"{name}: {message}");
            if (question is null)
            {
                QuestionFault("is null.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(question.Id))
            {
                QuestionFault("'id' is missing.");
            }
            else
            {
                if (domainId is not null && (!QuestionIdPattern().IsMatch(question.Id) || !question.Id.StartsWith(domainId + "-", StringComparison.Ordinal)))
                {
                    QuestionFault($"the id must be '{domainId}-NNN' (three digits).");
                }
                if (!questionIds.TryAdd(question.Id, path))
                {
                    QuestionFault($"the id is also used in {questionIds[question.Id]}.");
                }
            }
            CheckWire<QuestionType>("type", question.Type, QuestionFault, types);
            CheckWire<QuestionDifficulty>("difficulty", question.Difficulty, QuestionFault, difficulties);
            if (Required("text", question.Text, QuestionFault) is { } text)
            {
                if (text.Length is < 20 or > 400)
                {
                    QuestionFault($"'text' has {text.Length} characters; it must have 20 to 400.");
                }
                if (!text.EndsWith('?') && !text.EndsWith('.'))
                {
                    QuestionFault("'text' must end with '?' or '.'.");
                }
                var key = TextKey(text);
                if (!texts.TryAdd(key, $"{path} ({question.Id})"))
                {
                    QuestionFault($"the same text is already in {texts[key]}.");
                }
            }
            List("keywords", question.Keywords, 2, 8, lowercase: true, QuestionFault);
            if (Required("strongAnswer", question.StrongAnswer, QuestionFault) is { } answer && answer.Length is < 40 or > 400)
            {
                QuestionFault($"'strongAnswer' has {answer.Length} characters; it must have 40 to 400.");
            }
            List("competencies", question.Competencies, 1, 4, lowercase: true, QuestionFault);
            if (kind == DomainKind.Algorithms && string.IsNullOrWhiteSpace(question.Problem))
            {
                QuestionFault("an algorithm problem needs 'problem': the statement with an example input and output.");
            }
            else if (kind is not DomainKind.Algorithms and not null && question.Problem is not null)
            {
                QuestionFault("'problem' belongs to algorithm problems only.");
            }
        }
        if (kind == DomainKind.Domain)
        {
            MinimumOfEach<QuestionType>("type", types, MinPerType, fault);
        }
        MinimumOfEach<QuestionDifficulty>("difficulty", difficulties, MinPerDifficulty, fault);
    }

    /// <summary>Texts compare without case, surrounding space or doubled spaces: "Why  nursing?" repeats "why nursing?".</summary>
    public static string TextKey(string text)
    {
        var key = new System.Text.StringBuilder(text.Length);
        foreach (var c in text.AsSpan().Trim())
        {
            if (!char.IsWhiteSpace(c))
            {
                key.Append(char.ToLowerInvariant(c));
            }
            else if (key.Length > 0 && key[^1] != ' ')
            {
                key.Append(' ');
            }
        }
        return key.ToString();
    }

    private static string? Required(string field, string? value, Action<string> fault)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            fault($"'{field}' is missing.");
            return null;
        }
        return value.Trim();
    }

    private static void List(string field, IReadOnlyList<string?>? values, int min, int max, bool lowercase, Action<string> fault)
    {
        if (values is null)
        {
            fault($"'{field}' is missing.");
            return;
        }
        if (values.Count < min || values.Count > max)
        {
            fault(string.Create(CultureInfo.InvariantCulture, $"'{field}' has {values.Count} entries; it needs {min} to {max}."));
        }
        if (values.Any(string.IsNullOrWhiteSpace))
        {
            fault($"'{field}' has an empty entry.");
        }
        else if (values.Distinct(StringComparer.OrdinalIgnoreCase).Count() != values.Count)
        {
            fault($"'{field}' repeats an entry.");
        }
        if (lowercase && values.FirstOrDefault(v => v is not null && !string.Equals(v, v.ToLowerInvariant(), StringComparison.Ordinal)) is { } upper)
        {
            fault($"'{field}' must be lowercase; '{upper}' is not.");
        }
    }

    private static void CheckWire<TEnum>(string field, string? value, Action<string> fault, Dictionary<string, int> counts) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            fault($"'{field}' is missing.");
        }
        else if (!Wire<TEnum>.Names.ContainsKey(value))
        {
            fault($"'{field}' is '{value}'; it must be one of: {EnumNames.AllWire<TEnum>()}.");
        }
        else
        {
            counts[value] = counts.GetValueOrDefault(value) + 1;
        }
    }

    private static void MinimumOfEach<TEnum>(string field, Dictionary<string, int> counts, int minimum, Action<string> fault) where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>().Select(v => v.ToWire()))
        {
            var count = counts.GetValueOrDefault(value);
            if (count < minimum)
            {
                fault($"it has {count} questions of {field} '{value}'; it needs at least {minimum}.");
            }
        }
    }

    /// <summary>Wire names looked up once per enum rather than formatted again for each of a thousand questions.</summary>
    private static class Wire<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<string, TEnum> Names = Enum.GetValues<TEnum>().ToDictionary(v => v.ToWire(), StringComparer.Ordinal);

        public static TEnum Parse(string text) => Names[text];
    }

    private static string Normalize(string path) => path.Replace('\\', '/');

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*-[0-9]{3}$")]
    private static partial Regex QuestionIdPattern();

}
