using System.Text.Json;
using InterviewFunctions.App.Preparation;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation;

namespace InterviewFunctions.Tests.Preparation;

/// <summary>Reading job descriptions: synonyms and abbreviations across fields, and the domains they point at.</summary>
public sealed class SkillLexiconTests
{
    private static readonly QuestionGenerator Generator = new(QuestionBankLoader.Load(BankCopy.Source));

    [Theory]
    [InlineData("Band 5 RN wanted for our surgical ward", "registered-nurse", "RN")]
    [InlineData("You are a registered nurse with two years' experience", "registered-nurse", "registered nurse")]
    [InlineData("Experience running K8s clusters in production", "kubernetes", "K8s")]
    [InlineData("Deep knowledge of Kubernetes operators", "kubernetes", "Kubernetes")]
    [InlineData("A qualified CPA with audit exposure", "cpa", "CPA")]
    [InlineData("Valid forklift certification (counterbalance and reach)", "forklift", "forklift certification")]
    [InlineData("Maintain HACCP records for the hot kitchen", "haccp", "HACCP")]
    [InlineData("Reporting under US GAAP/IFRS for the group", "gaap-ifrs", "US GAAP")]
    [InlineData("Strong SQL, including window functions", "sql", "SQL")]
    [InlineData("Build and monitor data pipelines in Airflow", "etl", "data pipelines")]
    [InlineData("Services written in Go and Rust", "golang", "Go")]
    [InlineData("Five years in a CI/CD-heavy team", "ci-cd", "CI/CD")]
    [InlineData("Knows the driver's hours rules and tachographs", "drivers-hours", "driver's hours")]
    public void Finds_a_skill_by_its_synonyms_and_abbreviations(string text, string skill, string asWritten)
    {
        var mention = SkillLexicon.Default.FindIn(text).First(m => m.Skill.Id == skill);

        var tokens = TextTokens.Split(text);
        var written = text[tokens[mention.Index].Start..(tokens[mention.Index + mention.Count - 1].Start + tokens[mention.Index + mention.Count - 1].Length)];
        Assert.Equal(asWritten, written);
    }

    [Theory]
    [InlineData("We will go through the rn rota together and then go home", "registered-nurse")]
    [InlineData("We will go through the rn rota together and then go home", "golang")]
    [InlineData("You will excel at keeping the rest of the team informed", "excel")]
    [InlineData("You will excel at keeping the rest of the team informed", "rest-api")]
    public void Does_not_read_common_words_as_abbreviations(string text, string skill)
    {
        Assert.DoesNotContain(SkillLexicon.Default.FindIn(text), m => m.Skill.Id == skill);
    }

    [Fact]
    public void Every_skill_points_at_domains_the_bank_has()
    {
        var bank = QuestionBankLoader.Load(BankCopy.Source);

        Assert.All(SkillLexicon.Default.Skills, s => Assert.All(s.Domains, d => Assert.NotNull(bank.FindDomain(d))));
        Assert.Equal(SkillLexicon.Default.Skills.Count, SkillLexicon.Default.Skills.Select(s => s.Id).Distinct().Count());
        // Every non-IT domain and IT family can be reached from skills, not only from job titles.
        Assert.All(bank.Domains, d => Assert.Contains(SkillLexicon.Default.Skills, s => s.Domains.Contains(d.Id)));
    }

    [Theory]
    [InlineData("Warehouse team leader needed: forklift certification, cycle counting and WMS experience, picking and dispatch targets.", "warehouse-operations")]
    [InlineData("Senior accountant (CPA) to run month-end close, reconciliations and US GAAP reporting.", "accounting")]
    [InlineData("Sous chef for a fine dining kitchen: HACCP, allergens, menu costing and GP.", "culinary")]
    [InlineData("Primary school teacher with QTS; lesson planning, SEND and behaviour management.", "teaching")]
    [InlineData("Data engineer: dbt, Airflow, Snowflake and a star schema for our analytics.", "data")]
    [InlineData("HGV driver (Class 1) with a Driver CPC card, tachograph knowledge and ADR.", "transportation-fleet")]
    public void Detects_the_domain_a_description_belongs_to(string text, string domain)
    {
        Assert.Equal(domain, Generator.DetectDomains(text)[0].Id);
    }

    [Fact]
    public void The_generator_is_deterministic_and_follows_the_description()
    {
        var nursing = new QuestionGenerationInput(QuestionGenerationTests.Nursing, "Acme", InterviewType.Behavioral, 12);
        var backend = nursing with { JobDescription = QuestionGenerationTests.Kubernetes };

        var first = JsonSerializer.Serialize(Generator.Generate(nursing));
        var again = JsonSerializer.Serialize(new QuestionGenerator(QuestionBankLoader.Load(BankCopy.Source)).Generate(nursing));
        var other = Generator.Generate(backend);

        Assert.Equal(first, again);
        Assert.DoesNotContain(other.Questions, q => q.DomainId == "registered-nursing");
        Assert.NotEqual(Generator.Generate(nursing).InputHash, other.InputHash);
        Assert.Equal(QuestionGenerator.InputHash(nursing), Generator.Generate(nursing).InputHash);
    }
}
