using System.Net;
using System.Text.Json.Nodes;
using InterviewFunctions.App.Preparation;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Preparation;

/// <summary>The bank's read endpoints through the real app: filters, search, paging, errors, authentication.</summary>
public sealed class QuestionBankApiTests : IDisposable
{
    private readonly TestApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Domains_list_every_domain_with_its_counts_and_filter_by_sector_and_kind()
    {
        using var client = _app.ClientFor(TestApp.AcmeCandidate);

        var all = await GetAsync(client, "/api/domains");
        var healthcare = (await GetAsync(client, "/api/domains?sector=healthcare"))["items"]!.AsArray();
        var itRoles = (await GetAsync(client, "/api/domains?kind=it-role"))["items"]!.AsArray();

        var items = all["items"]!.AsArray();
        Assert.Equal(38, items.Count);
        Assert.Matches("^1-[0-9a-f]{12}$", (string)all["bankVersion"]!);
        var nursing = items.Single(d => (string)d!["id"]! == "registered-nursing")!;
        Assert.Equal("healthcare", (string)nursing["sector"]!);
        Assert.Equal("domain", (string)nursing["kind"]!);
        Assert.Contains("Registered nurse (RN)", nursing["roles"]!.AsArray().Select(r => (string)r!));
        var count = (int)nursing["questionCount"]!;
        Assert.Equal(count, nursing["byType"]!.AsObject().Sum(p => (int)p.Value!));
        Assert.Equal(count, nursing["byDifficulty"]!.AsObject().Sum(p => (int)p.Value!));
        Assert.Equal(["behavioral", "domain", "situational", "technical"], nursing["byType"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal(5, healthcare.Count);
        Assert.All(healthcare, d => Assert.Equal("healthcare", (string)d!["sector"]!));
        Assert.Equal(["backend", "data", "devops", "frontend", "integration"], itRoles.Select(d => (string)d!["id"]!));
    }

    [Fact]
    public async Task Bad_domain_filters_answer_400_naming_the_field()
    {
        using var client = _app.ClientFor(TestApp.AcmeCandidate);

        using var sector = await client.GetAsync("/api/domains?sector=space");
        using var kind = await client.GetAsync("/api/domains?kind=it_role");

        Assert.Contains("healthcare", await sector.FieldErrorAsync("sector"), StringComparison.Ordinal);
        Assert.Contains("it-role", await kind.FieldErrorAsync("kind"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Questions_filter_by_domains_type_and_difficulty()
    {
        using var client = _app.ClientFor(TestApp.AcmeInterviewer);

        var page = await GetAsync(client, "/api/questions?domain=registered-nursing&domain=pharmacy&type=behavioral&difficulty=medium&pageSize=100");
        var comma = await GetAsync(client, "/api/questions?domain=registered-nursing,pharmacy&type=behavioral&difficulty=medium&pageSize=100");

        var items = page["items"]!.AsArray();
        Assert.NotEmpty(items);
        Assert.Equal((int)page["total"]!, items.Count);
        Assert.All(items, q =>
        {
            Assert.Contains((string)q!["domain"]!, new[] { "registered-nursing", "pharmacy" });
            Assert.Equal("behavioral", (string)q["type"]!);
            Assert.Equal("medium", (string)q["difficulty"]!);
        });
        Assert.Contains(items, q => (string)q!["domain"]! == "pharmacy");
        Assert.Contains(items, q => (string)q!["domain"]! == "registered-nursing");
        Assert.Equal(items.Select(q => (string)q!["id"]!).Order(StringComparer.Ordinal), items.Select(q => (string)q!["id"]!));
        Assert.Equal(items.ToJsonString(), comma["items"]!.ToJsonString());
        Assert.Null(page["continuationToken"]);
    }

    [Fact]
    public async Task Search_matches_every_word_in_any_case_across_text_and_keywords()
    {
        using var client = _app.ClientFor(TestApp.AcmeRecruiter);

        var kubernetes = (await GetAsync(client, "/api/questions?q=KUBERNETES&pageSize=100"))["items"]!.AsArray();
        var both = (await GetAsync(client, "/api/questions?q=kubernetes%20probe&pageSize=100"))["items"]!.AsArray();
        var none = await GetAsync(client, "/api/questions?q=kubernetes%20sourdough");

        Assert.NotEmpty(kubernetes);
        Assert.All(kubernetes, q => Assert.Contains("kubernetes", q!.ToJsonString().ToLowerInvariant(), StringComparison.Ordinal));
        Assert.NotEmpty(both);
        Assert.True(both.Count < kubernetes.Count);
        Assert.All(both, q => Assert.Contains("probe", q!.ToJsonString().ToLowerInvariant(), StringComparison.Ordinal));
        Assert.Empty(none["items"]!.AsArray());
        Assert.Equal(0, (int)none["total"]!);
    }

    [Fact]
    public async Task Paging_to_the_end_returns_every_question_once_in_order()
    {
        using var client = _app.ClientFor(TestApp.AcmeCandidate);
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        int total;
        do
        {
            var url = "/api/questions?pageSize=100" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await GetAsync(client, url);
            total = (int)page["total"]!;
            seen.AddRange(page["items"]!.AsArray().Select(q => (string)q!["id"]!));
            token = (string?)page["continuationToken"];
            pages++;
        }
        while (token is not null && pages < 50);

        Assert.Null(token);
        Assert.Equal(total, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.True(total > 1000, $"only {total} questions");
        Assert.Equal((total + 99) / 100, pages);
    }

    [Fact]
    public async Task A_filtered_search_pages_through_its_own_matches()
    {
        using var client = _app.ClientFor(TestApp.AcmeCandidate);

        var first = await GetAsync(client, "/api/questions?domain=backend&pageSize=10");
        var second = await GetAsync(client, "/api/questions?domain=backend&pageSize=10&continuationToken=" + Uri.EscapeDataString((string)first["continuationToken"]!));

        Assert.Equal(10, first["items"]!.AsArray().Count);
        Assert.Equal("backend-011", (string)second["items"]![0]!["id"]!);
        Assert.All(second["items"]!.AsArray(), q => Assert.Equal("backend", (string)q!["domain"]!));
    }

    [Theory]
    [InlineData("/api/questions?domain=astrology", "domain", "registered-nursing")]
    [InlineData("/api/questions?domain=backend&domain=astrology", "domain", "'astrology'")]
    [InlineData("/api/questions?type=trivia", "type", "technical, behavioral, situational, domain")]
    [InlineData("/api/questions?difficulty=extreme", "difficulty", "easy, medium, hard")]
    [InlineData("/api/questions?pageSize=0", "pageSize", "1 to 100")]
    [InlineData("/api/questions?pageSize=101", "pageSize", "1 to 100")]
    [InlineData("/api/questions?pageSize=ten", "pageSize", "1 to 100")]
    [InlineData("/api/questions?continuationToken=not-a-token", "continuationToken", "not one this API handed out")]
    public async Task Bad_question_filters_answer_400_naming_the_field(string url, string field, string message)
    {
        using var client = _app.ClientFor(TestApp.AcmeCandidate);

        using var response = await client.GetAsync(url);

        Assert.Contains(message, await response.FieldErrorAsync(field), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_longer_than_the_limit_answers_400()
    {
        using var client = _app.ClientFor(TestApp.AcmeCandidate);

        using var response = await client.GetAsync("/api/questions?q=" + new string('a', QuestionBankApi.MaxSearchLength + 1));

        await response.FieldErrorAsync("q");
    }

    [Fact]
    public async Task One_question_by_id_and_404_for_an_unknown_one()
    {
        using var client = _app.ClientFor(TestApp.GlobexAdmin);

        var question = await GetAsync(client, "/api/questions/algorithms-001");
        using var missing = await client.GetAsync("/api/questions/algorithms-999");

        Assert.Equal("algorithms", (string)question["domain"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)question["problem"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)question["strongAnswer"]));
        await missing.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/domains")]
    [InlineData("/api/questions")]
    [InlineData("/api/questions/backend-001")]
    public async Task Without_a_key_the_bank_answers_401(string url)
    {
        using var client = _app.CreateClient();

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<JsonObject> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }
}
