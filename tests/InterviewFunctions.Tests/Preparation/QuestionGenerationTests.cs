using System.Net;
using System.Text.Json.Nodes;
using InterviewFunctions.Core.Preparation;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Preparation;

/// <summary>Offline question generation through the real app: it follows the description, and it is deterministic.</summary>
public sealed class QuestionGenerationTests : IDisposable
{
    public const string Nursing = """
        Registered Nurse (RN) - Acute Medical Ward, 37.5 hours

        You will assess and care for adult patients on a busy 28-bed acute medical ward.
        - Administer medication safely, including IV therapy and controlled drugs.
        - Recognise deteriorating patients early using NEWS2 and escalate sepsis concerns promptly.
        - Keep accurate care plans and nursing documentation, and hand over using SBAR.
        - Uphold infection prevention and control, safeguarding and patient dignity.

        Requirements: current NMC registration, BLS certificate, at least one year of acute ward experience.
        Our mission is to give every patient safe, compassionate care close to home.
        """;

    public const string Kubernetes = """
        Senior Backend Engineer (Platform)

        We are looking for a backend engineer to build and operate the services behind our logistics platform.
        You will design REST APIs in Go, run them on Kubernetes (K8s) on AWS, and own our PostgreSQL schemas.
        Requirements: 5+ years of backend development, production experience with Kubernetes and Helm, CI/CD with
        GitHub Actions, observability with Prometheus, and event-driven microservices with Kafka.
        We value ownership, clear writing and kindness.
        """;

    private readonly TestApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_nursing_description_yields_nursing_questions_and_topics()
    {
        var result = await GenerateAsync(new JsonObject { ["jobDescription"] = Nursing, ["company"] = "St Elsewhere Hospital" });

        var domains = result["domains"]!.AsArray();
        Assert.Equal("registered-nursing", (string)domains[0]!["id"]!);
        Assert.Equal("offline", (string)result["engine"]!);
        Assert.Matches("^1-[0-9a-f]{12}$", (string)result["bankVersion"]!);
        Assert.Matches("^sha256:[0-9a-f]{64}$", (string)result["inputHash"]!);
        var questions = result["questions"]!.AsArray();
        Assert.Equal(10, questions.Count);
        Assert.Equal(Enumerable.Range(1, 10), questions.Select(q => (int)q!["number"]!));
        var fromBank = questions.Where(q => (string)q!["category"]! != "company_specific").ToList();
        Assert.True(fromBank.Count(q => (string)q!["domainId"]! == "registered-nursing") >= fromBank.Count * 2 / 3,
            string.Join("\n", fromBank.Select(q => (string)q!["domainId"]!)));
        Assert.Contains(questions, q => (string)q!["category"]! == "technical");
        Assert.Contains(questions, q => (string)q!["category"]! == "behavioral");
        Assert.Contains(questions, q => (string)q!["category"]! == "company_specific" && ((string)q["text"]!).Contains("St Elsewhere Hospital", StringComparison.Ordinal));
        // Each question says which part of the description it follows, quoting it.
        Assert.All(questions, q => Assert.False(string.IsNullOrWhiteSpace((string?)q!["basedOn"])));
        Assert.All(fromBank, q => Assert.Contains(((string)q!["basedOn"]!).Trim('…'), Nursing, StringComparison.Ordinal));
        // Adapted visibly: the description's own words appear in the questions.
        Assert.Contains(fromBank, q => ((string)q!["text"]!).StartsWith("The role asks for ", StringComparison.Ordinal));
        var topics = result["keyTopics"]!.AsArray().Select(t => (string)t!["topic"]!).ToList();
        Assert.Contains("Registered nurse (RN) licence", topics);
        Assert.Contains("Sepsis recognition", topics);
        Assert.Contains(result["keyTopics"]!.AsArray(), t => (string)t!["source"]! == "domain:registered-nursing");
        Assert.Contains(result["skills"]!.AsArray(), s => (string)s!["id"]! == "medication-administration");
    }

    [Fact]
    public async Task A_kubernetes_backend_description_yields_backend_and_devops_questions_naming_kubernetes()
    {
        var result = await GenerateAsync(new JsonObject { ["jobDescription"] = Kubernetes, ["interviewType"] = "technical", ["count"] = 12 });

        var domains = result["domains"]!.AsArray().Select(d => (string)d!["id"]!).ToList();
        Assert.Equal("backend", domains[0]);
        Assert.Contains("devops", domains);
        var questions = result["questions"]!.AsArray();
        Assert.Equal(12, questions.Count);
        var technical = questions.Where(q => (string)q!["category"]! == "technical").ToList();
        Assert.True(technical.Count >= 7, $"only {technical.Count} technical questions for a technical interview");
        Assert.All(technical, q => Assert.Contains((string)q!["domainId"]!, new[] { "backend", "devops", "algorithms" }));
        Assert.Contains(technical, q => (string)q!["domainId"]! == "devops");
        Assert.Contains(questions, q => ((string)q!["text"]!).Contains("Kubernetes", StringComparison.Ordinal)
            && q["skills"]!.AsArray().Any(s => (string)s! == "Kubernetes"));
        var topics = result["keyTopics"]!.AsArray().Select(t => (string)t!["topic"]!).ToList();
        Assert.Contains("Kubernetes", topics);
        Assert.True(topics.IndexOf("Kubernetes") < 3, string.Join(", ", topics));
    }

    [Fact]
    public async Task The_same_input_twice_gives_the_same_output()
    {
        var body = new JsonObject { ["jobDescription"] = Kubernetes, ["company"] = "Routewise", ["interviewType"] = "final_round", ["count"] = 15 };

        var first = await GenerateAsync(body);
        var second = await GenerateAsync(body);

        Assert.Equal(first.ToJsonString(), second.ToJsonString());
    }

    [Fact]
    public async Task Another_company_name_changes_only_the_company_questions()
    {
        var acme = await GenerateAsync(new JsonObject { ["jobDescription"] = Nursing, ["company"] = "Acme Care" });
        var globex = await GenerateAsync(new JsonObject { ["jobDescription"] = Nursing, ["company"] = "Globex Health" });

        static (string Others, List<string> Company) Split(JsonObject result)
        {
            var questions = result["questions"]!.AsArray();
            return (
                new JsonArray([.. questions.Where(q => (string)q!["category"]! != "company_specific").Select(q => q!.DeepClone())]).ToJsonString(),
                [.. questions.Where(q => (string)q!["category"]! == "company_specific").Select(q => (string)q!["text"]!)]);
        }
        var (acmeOthers, acmeCompany) = Split(acme);
        var (globexOthers, globexCompany) = Split(globex);

        Assert.Equal(acmeOthers, globexOthers);
        Assert.Equal(acme["keyTopics"]!.ToJsonString(), globex["keyTopics"]!.ToJsonString());
        Assert.NotEmpty(acmeCompany);
        Assert.Equal(acmeCompany.Count, globexCompany.Count);
        Assert.All(acmeCompany, t => Assert.Contains("Acme Care", t, StringComparison.Ordinal));
        Assert.All(globexCompany, t => Assert.Contains("Globex Health", t, StringComparison.Ordinal));
        Assert.NotEqual((string)acme["inputHash"]!, (string)globex["inputHash"]!);
    }

    [Fact]
    public async Task Company_questions_quote_the_mission_and_values_the_description_states()
    {
        var result = await GenerateAsync(new JsonObject { ["jobDescription"] = Kubernetes, ["company"] = "Routewise", ["count"] = 20 });

        var company = result["questions"]!.AsArray().Where(q => (string)q!["category"]! == "company_specific").ToList();
        Assert.Contains(company, q => ((string)q!["text"]!).Contains("We value ownership, clear writing and kindness", StringComparison.Ordinal)
            && (string)q["basedOn"]! == "We value ownership, clear writing and kindness.");
        Assert.All(company, q => Assert.Null(q!["sourceQuestionId"]));
    }

    [Fact]
    public async Task A_domain_given_by_the_caller_leads_the_detected_domains()
    {
        var result = await GenerateAsync(new JsonObject { ["jobDescription"] = Kubernetes, ["domain"] = "integration" });

        Assert.Equal("integration", (string)result["domains"]![0]!["id"]!);
        Assert.Contains(result["questions"]!.AsArray(), q => (string?)q!["domainId"] == "integration");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    public async Task The_count_asked_for_is_the_count_returned(int count)
    {
        var result = await GenerateAsync(new JsonObject { ["jobDescription"] = Nursing, ["count"] = count });

        var questions = result["questions"]!.AsArray();
        Assert.Equal(count, questions.Count);
        Assert.Equal(questions.Count, questions.Select(q => (string?)q!["sourceQuestionId"] ?? (string)q["text"]!).Distinct().Count());
    }

    [Fact]
    public async Task A_description_too_short_to_work_from_answers_400()
    {
        using var client = _app.ClientFor(TestApp.AcmeCandidate);
        var fewWords = string.Join(' ', Enumerable.Repeat("Kubernetes-administration", 39));
        var fewCharacters = string.Join(' ', Enumerable.Repeat("RN", 80));

        using var shortWords = await client.PostJsonAsync("/api/questions/generate", new JsonObject { ["jobDescription"] = fewWords });
        using var shortText = await client.PostJsonAsync("/api/questions/generate", new JsonObject { ["jobDescription"] = fewCharacters[..199] });
        using var missing = await client.PostJsonAsync("/api/questions/generate", new JsonObject { ["company"] = "Acme" });

        Assert.Contains("too short", await shortWords.FieldErrorAsync("jobDescription"), StringComparison.Ordinal);
        Assert.Contains("too short", await shortText.FieldErrorAsync("jobDescription"), StringComparison.Ordinal);
        Assert.Contains("required", await missing.FieldErrorAsync("jobDescription"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_description_over_20000_characters_answers_400()
    {
        using var client = _app.ClientFor(TestApp.AcmeCandidate);
        var text = string.Concat(Enumerable.Repeat(Nursing, 40))[..(QuestionGenerationRules.MaxDescriptionCharacters + 1)];

        using var response = await client.PostJsonAsync("/api/questions/generate", new JsonObject { ["jobDescription"] = text });

        Assert.Contains("too long", await response.FieldErrorAsync("jobDescription"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jobTitle", "\"Nurse\"", "jobTitle")]
    [InlineData("count", "31", "count")]
    [InlineData("count", "0", "count")]
    [InlineData("count", "\"ten\"", "count")]
    [InlineData("interviewType", "\"chat\"", "interviewType")]
    [InlineData("domain", "\"astrology\"", "domain")]
    public async Task Unknown_or_bad_fields_answer_400_naming_the_field(string field, string json, string named)
    {
        using var client = _app.ClientFor(TestApp.AcmeCandidate);
        var body = new JsonObject { ["jobDescription"] = Nursing, [field] = JsonNode.Parse(json) };

        using var response = await client.PostJsonAsync("/api/questions/generate", body);

        await response.FieldErrorAsync(named);
    }

    [Fact]
    public async Task Without_a_key_generation_answers_401()
    {
        using var client = _app.CreateClient();

        using var response = await client.PostJsonAsync("/api/questions/generate", new JsonObject { ["jobDescription"] = Nursing });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<JsonObject> GenerateAsync(JsonObject body)
    {
        using var client = _app.ClientFor(TestApp.AcmeCandidate);
        using var response = await client.PostJsonAsync("/api/questions/generate", body);
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }
}
