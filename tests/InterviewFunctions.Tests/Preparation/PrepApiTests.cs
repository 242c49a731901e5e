using System.Net;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Preparation;

public sealed class PrepApiTests : IDisposable
{
    private readonly TestApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Materials_for_a_type_and_role_family_hold_every_part_the_issue_lists()
    {
        var client = _app.ClientFor(TestApp.AcmeCandidate);

        using var response = await client.GetAsync("/api/prep/materials?interviewType=behavioral&roleFamily=nursing");
        await response.ExpectAsync(HttpStatusCode.OK);
        var materials = await response.JsonAsync();

        Assert.Equal("behavioral", (string)materials["interviewType"]!);
        Assert.Equal(4, materials["star"]!["steps"]!.AsArray().Count);
        Assert.Equal(2, (int)materials["star"]!["timing"]!["minMinutes"]!);
        Assert.Equal("healthcare", (string)materials["commonQuestions"]!["family"]!);
        var additions = materials["checklist"]!["byType"]!.AsArray().Single()!;
        Assert.Equal("behavioral", (string)additions["type"]!);
        var ids = additions["items"]!.AsArray().Select(i => (string)i!["id"]!).ToList();
        Assert.Contains("behav-conflict", ids);
        Assert.Contains("behav-leadership", ids);
        Assert.NotEmpty(materials["checklist"]!["base"]!.AsArray());
        var tips = materials["tips"]!.AsArray().Single()!;
        Assert.Equal("45 to 60 minutes", (string)tips["expectedDuration"]!);
        Assert.NotEmpty(tips["keyTips"]!.AsArray());
        Assert.NotEmpty(tips["timing"]!.AsArray());
        Assert.NotNull(materials["strengthsAndWeaknesses"]!["weaknesses"]!["example"]);
        Assert.True(materials["questionsToAsk"]!.AsArray().Sum(t => t!["questions"]!.AsArray().Count) >= 15);
    }

    [Fact]
    public async Task Materials_without_filters_cover_every_type_and_an_unknown_type_is_named_in_a_400()
    {
        var client = _app.ClientFor(TestApp.AcmeRecruiter);

        using var all = await client.GetAsync("/api/prep/materials");
        await all.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(8, (await all.JsonAsync())["tips"]!.AsArray().Count);

        using var bad = await client.GetAsync("/api/prep/materials?interviewType=lunch");
        var message = await bad.FieldErrorAsync("interviewType");
        Assert.Contains("'lunch'", message, StringComparison.Ordinal);
        Assert.Contains("on_site", message, StringComparison.Ordinal);

        using var tooLong = await client.GetAsync($"/api/prep/materials?roleFamily={new string('x', 101)}");
        await tooLong.FieldErrorAsync("roleFamily");
    }

    [Fact]
    public async Task Every_preparation_route_needs_a_caller()
    {
        var anonymous = _app.CreateClient();

        using var materials = await anonymous.GetAsync("/api/prep/materials");
        using var research = await anonymous.GetAsync("/api/prep/company-research?company=Acme");
        using var pitch = await anonymous.PostJsonAsync("/api/prep/elevator-pitch", new JsonObject());
        using var stories = await anonymous.GetAsync("/api/stories");
        using var prep = await anonymous.GetAsync("/api/interviews/any/prep");

        foreach (var response in new[] { materials, research, pitch, stories, prep })
        {
            await response.ProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Company_research_weaves_in_the_company_and_needs_one()
    {
        var client = _app.ClientFor(TestApp.AcmeCandidate);

        using var response = await client.GetAsync("/api/prep/company-research?company=Contoso%20Health");
        await response.ExpectAsync(HttpStatusCode.OK);
        var template = await response.JsonAsync();
        var sections = template["sections"]!.AsArray();
        Assert.Equal(6, sections.Count);
        Assert.Equal("overview", (string)sections[0]!["id"]!);
        Assert.Contains("Contoso Health", (string)sections[0]!["prompts"]![0]!, StringComparison.Ordinal);

        using var missing = await client.GetAsync("/api/prep/company-research");
        await missing.FieldErrorAsync("company");
        using var tooLong = await client.GetAsync($"/api/prep/company-research?company={new string('c', 201)}");
        await tooLong.FieldErrorAsync("company");
    }

    [Fact]
    public async Task An_elevator_pitch_is_composed_offline_and_bad_input_is_named()
    {
        var client = _app.ClientFor(TestApp.AcmeCandidate);
        var body = new JsonObject
        {
            ["name"] = "Ada Lovelace",
            ["currentRole"] = "Backend engineer",
            ["achievements"] = new JsonArray("Cut the billing run from six hours to forty minutes", "Led a zero-downtime migration", "Mentored four engineers"),
            ["goal"] = "to lead a platform team",
        };

        using var response = await client.PostJsonAsync("/api/prep/elevator-pitch", body);
        await response.ExpectAsync(HttpStatusCode.OK);
        var pitch = await response.JsonAsync();
        Assert.InRange((int)pitch["wordCount"]!, 250, 320);
        Assert.Equal("offline-composer", (string)pitch["engine"]!);
        Assert.Contains("I cut the billing run", (string)pitch["text"]!, StringComparison.Ordinal);

        body["achievements"] = new JsonArray("Only one");
        body["name"] = "";
        using var bad = await client.PostJsonAsync("/api/prep/elevator-pitch", body);
        await bad.FieldErrorAsync("achievements");
        using var again = await client.PostJsonAsync("/api/prep/elevator-pitch", body);
        await again.FieldErrorAsync("name");

        using var unknownField = await client.PostJsonAsync("/api/prep/elevator-pitch", new JsonObject { ["nickname"] = "Ada" });
        await unknownField.FieldErrorAsync("nickname");
    }
}
