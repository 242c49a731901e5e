using System.Net;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Api;

public sealed class HealthAndDocumentTests : IDisposable
{
    private readonly TestApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Health_answers_without_a_key_with_version_mode_and_adapters()
    {
        using var response = await _app.CreateClient().GetAsync("/api/health");

        await response.ExpectAsync(HttpStatusCode.OK);
        var health = await response.JsonAsync();
        Assert.Equal("healthy", (string)health["status"]!);
        Assert.Matches(@"^\d+\.\d+\.\d+", (string)health["version"]!);
        Assert.Equal("standalone", (string)health["mode"]!);
        Assert.Equal("sqlite", (string)health["adapters"]!["documents"]!);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_interview_api()
    {
        using var response = await _app.CreateClient().GetAsync("/api/openapi.json");

        await response.ExpectAsync(HttpStatusCode.OK);
        var document = await response.JsonAsync();
        var paths = document["paths"]!.AsObject();
        Assert.StartsWith("3.", (string)document["openapi"]!, StringComparison.Ordinal);
        Assert.True(paths.ContainsKey("/api/interviews"), string.Join(", ", paths.Select(p => p.Key)));
        Assert.True(paths.ContainsKey("/api/interviews/{id}/reschedule"));
        Assert.True(paths["/api/interviews"]!.AsObject().ContainsKey("post"));
    }
}
