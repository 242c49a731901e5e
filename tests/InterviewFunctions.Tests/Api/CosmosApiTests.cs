using System.Net;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Api;

/// <summary>The same app, configured for Cosmos DB, against the emulator: the API behaves as on the embedded store.</summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosApiTests(CosmosEmulator emulator) : IDisposable
{
    private readonly TestApp _app = new(emulator.AppSettings("api-" + Guid.NewGuid().ToString("N")[..8]));

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Health_reports_the_cosmos_adapter()
    {
        using var response = await _app.CreateClient().GetAsync("/api/health");

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("cosmos", (string)(await response.JsonAsync())["adapters"]!["documents"]!);
    }

    [Fact]
    public async Task Schedule_page_change_with_etags_and_erase_through_cosmos()
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var created = new List<JsonObject>();
        for (var day = 1; day <= 3; day++)
        {
            created.Add(await recruiter.CreateAsync(ApiCalls.NewInterviewBody($"2026-12-0{day}T10:00:00Z")));
        }
        var first = created[0];
        var url = $"/api/interviews/{first["id"]}";

        using var page = await recruiter.GetAsync("/api/interviews?pageSize=2");
        var body = await page.JsonAsync();
        Assert.Equal(2, body["items"]!.AsArray().Count);
        var next = await recruiter.ListItemsAsync("/api/interviews?pageSize=2&continuationToken=" + (string)body["continuationToken"]!);
        Assert.Equal((string)created[2]["id"]!, (string)next.Single()!["id"]!);

        using var patched = await recruiter.SendJsonAsync(HttpMethod.Patch, url, new JsonObject { ["notes"] = "n" }, ifMatch: (string)first["etag"]!);
        await patched.ExpectAsync(HttpStatusCode.OK);
        using var stale = await recruiter.SendJsonAsync(HttpMethod.Patch, url, new JsonObject { ["notes"] = "m" }, ifMatch: (string)first["etag"]!);
        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);

        using var other = await _app.ClientFor(TestApp.GlobexAdmin).GetAsync(url);
        await other.ProblemAsync(HttpStatusCode.NotFound);

        using var deleted = await recruiter.DeleteAsync(url);
        await deleted.ExpectAsync(HttpStatusCode.NoContent);
        using var gone = await recruiter.GetAsync(url);
        await gone.ProblemAsync(HttpStatusCode.NotFound);

        using var oddId = await recruiter.GetAsync("/api/interviews/" + new string('x', 300));
        await oddId.ProblemAsync(HttpStatusCode.NotFound);
        using var encodedSlash = await recruiter.GetAsync("/api/interviews/a%2Fb%3Fc");
        await encodedSlash.ProblemAsync(HttpStatusCode.NotFound);

        using var stats = await recruiter.GetAsync("/api/interviews/stats");
        Assert.Equal(2, (int)(await stats.JsonAsync())["total"]!);
    }
}

/// <summary>With no key configured, the Cosmos adapter authenticates with an Entra ID token for the account.</summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosEntraIdTests(CosmosEmulator emulator)
{
    [Fact]
    public async Task Without_a_connection_string_the_app_uses_an_entra_token_for_the_account()
    {
        var settings = emulator.AppSettings("entra-" + Guid.NewGuid().ToString("N")[..8]);
        settings.Remove("Cosmos:ConnectionString");
        settings["Cosmos:AccountEndpoint"] = $"https://127.0.0.1:{emulator.Port}/";
        var credential = new RecordingCredential();
        using var factory = new TestApp(settings);
        using var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<Azure.Core.TokenCredential>(credential)));

        var recruiter = app.CreateClient();
        recruiter.DefaultRequestHeaders.Add("x-api-key", TestApp.AcmeRecruiter);
        var created = await recruiter.CreateAsync();
        using var read = await recruiter.GetAsync($"/api/interviews/{created["id"]}");

        await read.ExpectAsync(HttpStatusCode.OK);
        // The SDK asks for the account host's scope, as it would for https://ACCOUNT.documents.azure.com/.default.
        Assert.True(credential.Scopes.Contains("https://127.0.0.1/.default"), string.Join(", ", credential.Scopes));
    }
}
