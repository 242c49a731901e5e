using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Api;

/// <summary>Callers, tenants and roles: who sees and changes what.</summary>
public sealed class TenancyTests : IDisposable
{
    private readonly TestApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Another_tenant_sees_nothing_and_gets_404_for_every_operation()
    {
        var created = await _app.ClientFor(TestApp.AcmeAdmin).CreateAsync();
        var url = $"/api/interviews/{created["id"]}";
        var globex = _app.ClientFor(TestApp.GlobexAdmin);

        using var get = await globex.GetAsync(url);
        using var patch = await globex.SendJsonAsync(HttpMethod.Patch, url, new JsonObject { ["notes"] = "x" });
        using var cancel = await globex.PostJsonAsync(url + "/cancel", new JsonObject());
        using var delete = await globex.DeleteAsync(url);

        foreach (var response in new[] { get, patch, cancel, delete })
        {
            await response.ProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.Empty(await globex.ListItemsAsync("/api/interviews"));
        using var stats = await globex.GetAsync("/api/interviews/stats");
        Assert.Equal(0, (int)(await stats.JsonAsync())["total"]!);
        using var stillThere = await _app.ClientFor(TestApp.AcmeAdmin).GetAsync(url);
        Assert.Equal("scheduled", (string)(await stillThere.JsonAsync())["status"]!);
    }

    [Fact]
    public async Task A_candidate_sees_only_their_own_interviews_without_internal_notes()
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var own = await recruiter.CreateAsync();
        (await recruiter.PostJsonAsync($"/api/interviews/{own["id"]}/status", new JsonObject { ["status"] = "confirmed", ["notes"] = "Internal: strong referral" })).EnsureSuccessStatusCode();
        var unconfirmed = await recruiter.CreateAsync(ApiCalls.NewInterviewBody("2026-12-02T10:00:00Z"));
        var someoneElse = await recruiter.CreateAsync(ApiCalls.NewInterviewBody(candidateEmail: "grace@example.com"));
        var candidate = _app.ClientFor(TestApp.AcmeCandidate);

        var list = await candidate.ListItemsAsync("/api/interviews");
        using var other = await candidate.GetAsync($"/api/interviews/{someoneElse["id"]}");
        using var mine = await candidate.GetAsync($"/api/interviews/{own["id"]}");

        Assert.Equal([(string)own["id"]!, (string)unconfirmed["id"]!], list.Select(i => (string)i!["id"]!));
        await other.ProblemAsync(HttpStatusCode.NotFound);
        var body = await mine.JsonAsync();
        Assert.False(body.ContainsKey("notes"));
        Assert.Empty(body["nextStatuses"]!.AsArray());
        Assert.Equal(["confirmed"], list[1]!["nextStatuses"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public async Task A_candidate_may_confirm_but_not_schedule_cancel_or_complete()
    {
        var created = await _app.ClientFor(TestApp.AcmeRecruiter).CreateAsync();
        var id = (string)created["id"]!;
        var candidate = _app.ClientFor(TestApp.AcmeCandidate);

        using var schedule = await candidate.PostJsonAsync("/api/interviews", ApiCalls.NewInterviewBody());
        using var cancel = await candidate.PostJsonAsync($"/api/interviews/{id}/cancel", new JsonObject());
        using var cancelByStatus = await candidate.PostJsonAsync($"/api/interviews/{id}/status", new JsonObject { ["status"] = "cancelled" });
        using var confirm = await candidate.PostJsonAsync($"/api/interviews/{id}/status", new JsonObject { ["status"] = "confirmed" });

        await schedule.ProblemAsync(HttpStatusCode.Forbidden);
        await cancel.ProblemAsync(HttpStatusCode.Forbidden);
        await cancelByStatus.ProblemAsync(HttpStatusCode.Forbidden);
        await confirm.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_interviewer_sees_and_moves_only_interviews_they_are_on()
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var bobs = await recruiter.CreateAsync();
        var eves = await recruiter.CreateAsync(ApiCalls.NewInterviewBody(interviewerEmail: TestApp.EveEmail));
        var bob = _app.ClientFor(TestApp.AcmeInterviewer);

        var list = await bob.ListItemsAsync("/api/interviews");
        using var notHis = await bob.PostJsonAsync($"/api/interviews/{eves["id"]}/status", new JsonObject { ["status"] = "confirmed" });
        using var his = await bob.PostJsonAsync($"/api/interviews/{bobs["id"]}/status", new JsonObject { ["status"] = "confirmed" });
        using var edit = await bob.SendJsonAsync(HttpMethod.Patch, $"/api/interviews/{bobs["id"]}", new JsonObject { ["notes"] = "x" });

        Assert.Equal([(string)bobs["id"]!], list.Select(i => (string)i!["id"]!));
        await notHis.ProblemAsync(HttpStatusCode.NotFound);
        await his.ExpectAsync(HttpStatusCode.OK);
        await edit.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Requests_without_a_valid_key_answer_401_when_keys_are_configured()
    {
        using var anonymous = _app.CreateClient();
        using var none = await anonymous.GetAsync("/api/interviews");
        var wrong = _app.ClientFor("not-a-configured-key");
        using var bad = await wrong.GetAsync("/api/interviews");

        var problem = await none.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("API key", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        await bad.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_works_as_a_bearer_token_too()
    {
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestApp.AcmeRecruiter);

        using var response = await client.GetAsync("/api/interviews");

        await response.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_app_service_principal_header_is_ignored_standalone()
    {
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Principal("acme", "admin"));

        using var response = await client.GetAsync("/api/interviews");

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Under_the_functions_host_the_app_service_principal_names_tenant_and_role()
    {
        using var hosted = new TestApp(new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7999" });
        await hosted.ClientFor(TestApp.AcmeRecruiter).CreateAsync();
        using var client = hosted.CreateClient();
        client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Principal("acme", "Recruiter"));
        using var noRole = hosted.CreateClient();
        noRole.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Principal("acme", "visitor"));
        using var garbage = hosted.CreateClient();
        garbage.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", "%%%not-base64");

        Assert.Single(await client.ListItemsAsync("/api/interviews"));
        using var refused = await noRole.GetAsync("/api/interviews");
        await refused.ProblemAsync(HttpStatusCode.Unauthorized);
        using var malformed = await garbage.GetAsync("/api/interviews");
        await malformed.ProblemAsync(HttpStatusCode.Unauthorized);
        using var health = await hosted.CreateClient().GetAsync("/api/health");
        Assert.Equal("custom-handler", (string)(await health.JsonAsync())["mode"]!);
    }

    [Fact]
    public async Task With_no_keys_on_loopback_the_single_local_tenant_is_served_as_admin()
    {
        using var local = new TestApp(withApiKeys: false);
        using var client = local.CreateClient();

        var created = await client.CreateAsync();
        using var read = await client.GetAsync($"/api/interviews/{created["id"]}");

        await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Single(await client.ListItemsAsync("/api/interviews"));
    }

    [Fact]
    public async Task With_no_keys_under_the_functions_host_there_is_no_local_tenant()
    {
        using var hosted = new TestApp(new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7999" }, withApiKeys: false);

        using var response = await hosted.CreateClient().GetAsync("/api/interviews");

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static string Principal(string tenant, string role) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["auth_typ"] = "aad",
            ["name_typ"] = "name",
            ["role_typ"] = "roles",
            ["claims"] = new JsonArray(
                new JsonObject { ["typ"] = "tid", ["val"] = tenant },
                new JsonObject { ["typ"] = "roles", ["val"] = role },
                new JsonObject { ["typ"] = "preferred_username", ["val"] = "rita@acme.test" }),
        }.ToJsonString()));
}
