using System.Net;
using System.Text.Json.Nodes;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Preparation;

public sealed class StoriesApiTests : IDisposable
{
    public const string AcmeCandidateGrace = "key-acme-candidate-grace";
    public const string GlobexCandidateAda = "key-globex-candidate-ada";

    private readonly TestApp _app = new(ExtraCandidates());

    public void Dispose() => _app.Dispose();

    /// <summary>A second candidate in Acme, and Ada's own email in another tenant.</summary>
    public static Dictionary<string, string?> ExtraCandidates() => new()
    {
        ["Auth:ApiKeys:6:Name"] = AcmeCandidateGrace,
        ["Auth:ApiKeys:6:Sha256"] = CallerDirectory.HashKey(AcmeCandidateGrace),
        ["Auth:ApiKeys:6:TenantId"] = "acme",
        ["Auth:ApiKeys:6:Role"] = "candidate",
        ["Auth:ApiKeys:6:Email"] = "grace@example.com",
        ["Auth:ApiKeys:7:Name"] = GlobexCandidateAda,
        ["Auth:ApiKeys:7:Sha256"] = CallerDirectory.HashKey(GlobexCandidateAda),
        ["Auth:ApiKeys:7:TenantId"] = "globex",
        ["Auth:ApiKeys:7:Role"] = "candidate",
        ["Auth:ApiKeys:7:Email"] = TestApp.AdaEmail,
    };

    public static JsonObject StoryBody(string title = "Rota dispute", params string[] competencies) => new()
    {
        ["title"] = title,
        ["situation"] = "Two nurses on my ward wanted the same week of leave.",
        ["task"] = "As charge nurse I had to settle it before the rota closed.",
        ["action"] = "I met both, checked the leave history and proposed a swap of two shifts.",
        ["result"] = "Both accepted within a day and the rota closed on time.",
        ["competencies"] = new JsonArray([.. competencies.Select(c => (JsonNode)c)]),
        ["tags"] = new JsonArray("ward"),
    };

    [Fact]
    public async Task A_candidate_saves_reads_replaces_and_deletes_a_story()
    {
        var ada = _app.ClientFor(TestApp.AcmeCandidate);

        using var created = await ada.PostJsonAsync("/api/stories", StoryBody("Rota dispute", "Conflict management"));
        await created.ExpectAsync(HttpStatusCode.Created);
        var story = await created.JsonAsync();
        var id = (string)story["id"]!;
        Assert.Equal($"/api/stories/{id}", created.Headers.Location!.ToString());
        Assert.Equal("conflict-resolution", (string)story["competencies"]![0]!);
        Assert.Contains("conflict-resolution", story["detectedCompetencies"]!.AsArray().Select(c => (string)c!));
        var etag = created.Headers.ETag!.Tag;
        Assert.Equal(etag, (string)story["etag"]!);

        using var read = await ada.GetAsync($"/api/stories/{id}");
        await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(etag, read.Headers.ETag!.Tag);

        using var replaced = await ada.SendJsonAsync(HttpMethod.Put, $"/api/stories/{id}", StoryBody("Leave swap", "mentoring"), ifMatch: etag);
        await replaced.ExpectAsync(HttpStatusCode.OK);
        var after = await replaced.JsonAsync();
        Assert.Equal("Leave swap", (string)after["title"]!);
        Assert.Equal(["mentoring"], after["competencies"]!.AsArray().Select(c => (string)c!));
        Assert.NotEqual(etag, replaced.Headers.ETag!.Tag);

        using var stale = await ada.SendJsonAsync(HttpMethod.Put, $"/api/stories/{id}", StoryBody("Lost update"), ifMatch: etag);
        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);
        using var check = await ada.GetAsync($"/api/stories/{id}");
        Assert.Equal("Leave swap", (string)(await check.JsonAsync())["title"]!);

        using var deleted = await ada.DeleteAsync($"/api/stories/{id}");
        await deleted.ExpectAsync(HttpStatusCode.NoContent);
        using var gone = await ada.GetAsync($"/api/stories/{id}");
        await gone.ProblemAsync(HttpStatusCode.NotFound);
        using var deletedAgain = await ada.DeleteAsync($"/api/stories/{id}");
        await deletedAgain.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_repeated_put_changes_nothing_and_keeps_the_etag()
    {
        var ada = _app.ClientFor(TestApp.AcmeCandidate);
        using var created = await ada.PostJsonAsync("/api/stories", StoryBody());
        var id = (string)(await created.JsonAsync())["id"]!;

        using var same = await ada.SendJsonAsync(HttpMethod.Put, $"/api/stories/{id}", StoryBody());

        await same.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.Headers.ETag!.Tag, same.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Stories_are_private_to_their_candidate()
    {
        var ada = _app.ClientFor(TestApp.AcmeCandidate);
        using var created = await ada.PostJsonAsync("/api/stories", StoryBody());
        var id = (string)(await created.JsonAsync())["id"]!;

        var grace = _app.ClientFor(AcmeCandidateGrace);
        var adaElsewhere = _app.ClientFor(GlobexCandidateAda);
        foreach (var other in new[] { grace, adaElsewhere })
        {
            using var read = await other.GetAsync($"/api/stories/{id}");
            await read.ProblemAsync(HttpStatusCode.NotFound);
            using var put = await other.SendJsonAsync(HttpMethod.Put, $"/api/stories/{id}", StoryBody("Hijacked"));
            await put.ProblemAsync(HttpStatusCode.NotFound);
            using var delete = await other.DeleteAsync($"/api/stories/{id}");
            await delete.ProblemAsync(HttpStatusCode.NotFound);
            Assert.Empty(await other.ListItemsAsync("/api/stories"));
        }
        foreach (var key in new[] { TestApp.AcmeAdmin, TestApp.AcmeRecruiter, TestApp.AcmeInterviewer })
        {
            var staff = _app.ClientFor(key);
            using var list = await staff.GetAsync("/api/stories");
            await list.ProblemAsync(HttpStatusCode.Forbidden);
            using var read = await staff.GetAsync($"/api/stories/{id}");
            await read.ProblemAsync(HttpStatusCode.Forbidden);
            using var create = await staff.PostJsonAsync("/api/stories", StoryBody());
            await create.ProblemAsync(HttpStatusCode.Forbidden);
        }
        using var stillThere = await ada.GetAsync($"/api/stories/{id}");
        Assert.Equal("Rota dispute", (string)(await stillThere.JsonAsync())["title"]!);
    }

    [Fact]
    public async Task The_list_pages_through_the_candidates_stories_in_the_order_they_were_written()
    {
        var ada = _app.ClientFor(TestApp.AcmeCandidate);
        var titles = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            titles.Add($"Story {i}");
            using var created = await ada.PostJsonAsync("/api/stories", StoryBody($"Story {i}"));
            await created.ExpectAsync(HttpStatusCode.Created);
            _app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            using var response = await ada.GetAsync("/api/stories?pageSize=2" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"));
            await response.ExpectAsync(HttpStatusCode.OK);
            var page = await response.JsonAsync();
            seen.AddRange(page["items"]!.AsArray().Select(s => (string)s!["title"]!));
            token = (string?)page["continuationToken"];
            pages++;
        }
        while (token is not null);

        Assert.Equal(titles, seen);
        Assert.Equal(3, pages);
        using var badSize = await ada.GetAsync("/api/stories?pageSize=0");
        await badSize.FieldErrorAsync("pageSize");
        using var badToken = await ada.GetAsync("/api/stories?continuationToken=bm90LW91cnM");
        await badToken.FieldErrorAsync("continuationToken");
    }

    [Fact]
    public async Task Invalid_stories_are_refused_with_every_field_named_and_nothing_stored()
    {
        var ada = _app.ClientFor(TestApp.AcmeCandidate);
        var body = StoryBody();
        body["title"] = new string('t', 201);
        body["action"] = "";
        body["result"] = new string('r', 4001);
        body["tags"] = new JsonArray([.. Enumerable.Range(0, 21).Select(i => (JsonNode)$"tag{i}")]);

        using var response = await ada.PostJsonAsync("/api/stories", body);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["action", "result", "tags", "title"], problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Empty(await ada.ListItemsAsync("/api/stories"));
        using var unknown = await ada.PostJsonAsync("/api/stories", new JsonObject { ["headline"] = "x" });
        await unknown.FieldErrorAsync("headline");
    }
}
