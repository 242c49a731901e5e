using System.Text.Json.Nodes;
using InterviewFunctions.App.Preparation;
using InterviewFunctions.Core.Preparation.Bank;

namespace InterviewFunctions.Tests.Preparation;

/// <summary>The bank's data files as committed, checked with the same rules the app refuses to start without.</summary>
public sealed class QuestionBankFilesTests
{
    private static readonly QuestionBankLoader.ReadResult Real = QuestionBankLoader.Read(BankCopy.Source);
    private static readonly QuestionBank Bank = QuestionBankLoader.Load(BankCopy.Source);

    [Fact]
    public void The_committed_files_break_no_rule()
    {
        Assert.Empty(Real.Problems.Select(p => p.ToString()));
        Assert.Equal(38, Real.Files.Count);
        Assert.Matches("^1-[0-9a-f]{12}$", Real.Version);
    }

    [Fact]
    public void There_are_32_non_it_domains_across_the_nine_sectors_each_with_25_to_36_questions_and_at_least_4_of_each_type()
    {
        var domains = Bank.Domains.Where(d => d.Kind == DomainKind.Domain).ToList();

        Assert.Equal(32, domains.Count);
        Assert.Equal(BankNames.DomainSectors.Order(), domains.Select(d => d.Sector).Distinct().Order());
        foreach (var domain in domains)
        {
            var questions = Bank.QuestionsOf(domain.Id);
            Assert.InRange(questions.Count, 25, 36);
            foreach (var type in Enum.GetValues<QuestionType>())
            {
                Assert.True(questions.Count(q => q.Type == type) >= 4, $"{domain.Id} has fewer than 4 {type} questions");
            }
            foreach (var difficulty in Enum.GetValues<QuestionDifficulty>())
            {
                Assert.True(questions.Count(q => q.Difficulty == difficulty) >= 4, $"{domain.Id} has fewer than 4 {difficulty} questions");
            }
        }
    }

    [Fact]
    public void The_five_it_role_families_and_the_algorithm_problems_are_there()
    {
        var families = Bank.Domains.Where(d => d.Kind == DomainKind.ItRole).Select(d => d.Id).Order();
        var algorithms = Bank.QuestionsOf("algorithms");

        Assert.Equal(["backend", "data", "devops", "frontend", "integration"], families);
        Assert.All(Bank.Domains.Where(d => d.Kind == DomainKind.ItRole), d => Assert.InRange(Bank.QuestionsOf(d.Id).Count, 25, 36));
        Assert.Equal(DomainKind.Algorithms, Bank.FindDomain("algorithms")!.Kind);
        Assert.True(algorithms.Count >= 25);
        Assert.All(Enum.GetValues<QuestionDifficulty>(), d => Assert.True(algorithms.Count(q => q.Difficulty == d) >= 4, $"too few {d} algorithm problems"));
        Assert.All(algorithms, q => Assert.False(string.IsNullOrWhiteSpace(q.Problem)));
    }

    [Fact]
    public void No_id_or_text_repeats_anywhere_in_the_bank_and_every_field_is_filled()
    {
        Assert.Equal(Bank.Questions.Count, Bank.Questions.Select(q => q.Id).Distinct().Count());
        Assert.Equal(Bank.Questions.Count, Bank.Questions.Select(q => BankRules.TextKey(q.Text)).Distinct().Count());
        Assert.All(Bank.Questions, q =>
        {
            Assert.False(string.IsNullOrWhiteSpace(q.Text));
            Assert.False(string.IsNullOrWhiteSpace(q.StrongAnswer));
            Assert.InRange(q.Keywords.Count, 2, 8);
            Assert.InRange(q.Competencies.Count, 1, 4);
            Assert.StartsWith(q.DomainId + "-", q.Id, StringComparison.Ordinal);
        });
        Assert.All(Bank.Domains, d =>
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Name));
            Assert.False(string.IsNullOrWhiteSpace(d.Summary));
            Assert.NotEmpty(d.Roles);
            Assert.InRange(d.Topics.Count, 4, 12);
        });
    }

    public static TheoryData<string, string, string> Faults() => new()
    {
        // name of the fault, file it is put in, what the problem must say
        { "missing strongAnswer", "domains/accounting.json", "'strongAnswer' is missing" },
        { "unknown type", "domains/accounting.json", "'type' is 'trivia'" },
        { "unknown difficulty", "it/backend.json", "'difficulty' is 'impossible'" },
        { "id from another file", "domains/banking.json", "the id is also used in domains/accounting.json" },
        { "id not of the domain", "domains/banking.json", "the id must be 'banking-NNN'" },
        { "text repeated from another file", "domains/sales.json", "the same text is already in" },
        { "text without end punctuation", "domains/sales.json", "'text' must end with '?' or '.'" },
        { "text too short", "domains/sales.json", "'text' has 9 characters" },
        { "strong answer too short", "domains/sales.json", "'strongAnswer' has 5 characters" },
        { "too few questions", "domains/teaching.json", "it has 24 questions; it needs 25 to 36" },
        { "too few of a type", "domains/culinary.json", "questions of type 'behavioral'; it needs at least 4" },
        { "too few of a difficulty", "it/frontend.json", "questions of difficulty 'hard'; it needs at least 4" },
        { "uppercase keyword", "domains/pharmacy.json", "'keywords' must be lowercase; 'NSAID' is not" },
        { "too many keywords", "domains/pharmacy.json", "'keywords' has 9 entries; it needs 2 to 8" },
        { "no competencies", "domains/pharmacy.json", "'competencies' has 0 entries; it needs 1 to 4" },
        { "unknown sector", "domains/insurance.json", "'domain.sector' is 'money'" },
        { "unknown kind", "domains/insurance.json", "'domain.kind' is 'field'" },
        { "too few topics", "domains/insurance.json", "'domain.topics' has 2 entries; it needs 4 to 12" },
        { "file not named after its id", "domains/insurance.json", "must be domains/insurers.json" },
        { "algorithm without problem", "algorithms/algorithms.json", "an algorithm problem needs 'problem'" },
        { "problem outside algorithms", "it/data.json", "'problem' belongs to algorithm problems only" },
        { "newer schema", "it/devops.json", "'schemaVersion' is 2" },
        { "misspelt field", "it/devops.json", "not a valid bank file" },
        { "not JSON", "it/integration.json", "not a valid bank file" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void The_rules_catch_each_kind_of_fault_in_a_broken_copy(string fault, string file, string expected)
    {
        using var copy = new BankCopy();
        Break(copy, fault, file);

        var problems = QuestionBankLoader.Read(copy.Directory).Problems;

        Assert.Contains(problems, p => p.File == file && p.Message.Contains(expected, StringComparison.Ordinal));
        var failure = Assert.Throws<QuestionBankException>(() => QuestionBankLoader.Load(copy.Directory));
        Assert.Contains($"{file}: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        using var copy = new BankCopy();
        copy.Edit("domains/accounting.json", f =>
        {
            BankCopy.Question(f, 0).Remove("keywords");
            BankCopy.Question(f, 5)["difficulty"] = "tricky";
        });
        copy.Edit("it/backend.json", f => f["domain"]!["summary"] = " ");

        var problems = QuestionBankLoader.Read(copy.Directory).Problems.Select(p => p.ToString()).ToList();

        Assert.Contains(problems, p => p.StartsWith("domains/accounting.json: question 'accounting-001': 'keywords' is missing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("domains/accounting.json: question 'accounting-006': 'difficulty' is 'tricky'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("it/backend.json: 'domain.summary' is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_folder_is_a_problem()
    {
        using var copy = new BankCopy();
        System.IO.Directory.Delete(Path.Combine(copy.Directory, "algorithms"), recursive: true);

        Assert.Contains(QuestionBankLoader.Read(copy.Directory).Problems, p => p.File == "algorithms/" && p.Message.Contains("missing", StringComparison.Ordinal));
    }

    private static void Break(BankCopy copy, string fault, string file)
    {
        void Question(int index, Action<JsonObject> change) => copy.Edit(file, f => change(BankCopy.Question(f, index)));
        switch (fault)
        {
            case "missing strongAnswer": Question(3, q => q.Remove("strongAnswer")); break;
            case "unknown type": Question(0, q => q["type"] = "trivia"); break;
            case "unknown difficulty": Question(0, q => q["difficulty"] = "impossible"); break;
            case "id from another file": Question(0, q => q["id"] = "accounting-001"); break;
            case "id not of the domain": Question(0, q => q["id"] = "bank-001"); break;
            case "text repeated from another file":
                var text = (string)BankCopy.Question(copy.Read("domains/accounting.json"), 2)["text"]!;
                Question(0, q => q["text"] = "  " + text.ToUpperInvariant());
                break;
            case "text without end punctuation": Question(1, q => q["text"] = "Describe your last sales quarter in detail"); break;
            case "text too short": Question(1, q => q["text"] = "Why sale?"); break;
            case "strong answer too short": Question(1, q => q["strongAnswer"] = "Money"); break;
            case "too few questions": copy.Edit(file, f => TrimTo(f, 24)); break;
            case "too few of a type":
                copy.Edit(file, f =>
                {
                    foreach (var q in f["questions"]!.AsArray().Select(q => q!.AsObject()).Where(q => (string)q["type"]! == "behavioral").Skip(3))
                    {
                        q["type"] = "situational";
                    }
                });
                break;
            case "too few of a difficulty":
                copy.Edit(file, f =>
                {
                    foreach (var q in f["questions"]!.AsArray().Select(q => q!.AsObject()).Where(q => (string)q["difficulty"]! == "hard").Skip(3))
                    {
                        q["difficulty"] = "medium";
                    }
                });
                break;
            case "uppercase keyword": Question(0, q => q["keywords"] = new JsonArray("NSAID", "renal function")); break;
            case "too many keywords": Question(0, q => q["keywords"] = new JsonArray([.. Enumerable.Range(1, 9).Select(i => (JsonNode)$"term {i}")])); break;
            case "no competencies": Question(0, q => q["competencies"] = new JsonArray()); break;
            case "unknown sector": copy.Edit(file, f => f["domain"]!["sector"] = "money"); break;
            case "unknown kind": copy.Edit(file, f => f["domain"]!["kind"] = "field"); break;
            case "too few topics": copy.Edit(file, f => f["domain"]!["topics"] = new JsonArray("risk", "claims")); break;
            case "file not named after its id":
                copy.Edit(file, f =>
                {
                    f["domain"]!["id"] = "insurers";
                    foreach (var q in f["questions"]!.AsArray())
                    {
                        q!["id"] = ((string)q["id"]!).Replace("insurance-", "insurers-", StringComparison.Ordinal);
                    }
                });
                break;
            case "algorithm without problem": Question(0, q => q.Remove("problem")); break;
            case "problem outside algorithms": Question(0, q => q["problem"] = "Given a table of orders, return the top customers."); break;
            case "newer schema": copy.Edit(file, f => f["schemaVersion"] = 2); break;
            case "misspelt field": Question(0, q => q["strongAnwser"] = "A typo in the field name must not pass silently."); break;
            case "not JSON": File.WriteAllText(Path.Combine(copy.Directory, file), "{ \"schemaVersion\": 1, \"domain\": "); break;
            default: throw new ArgumentException(fault);
        }
    }

    private static void TrimTo(JsonObject file, int count)
    {
        var questions = file["questions"]!.AsArray();
        while (questions.Count > count)
        {
            questions.RemoveAt(questions.Count - 1);
        }
    }
}
