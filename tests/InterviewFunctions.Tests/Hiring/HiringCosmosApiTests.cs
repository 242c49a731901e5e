using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Hiring;

/// <summary>The jobs and candidates API configured for Cosmos DB, against the emulator: it behaves as on the embedded store.</summary>
[Collection(CosmosCollection.Name)]
public sealed class HiringCosmosApiTests(CosmosEmulator emulator) : IDisposable
{
    private readonly TestApp _app = new(emulator.AppSettings("hiring-api-" + Guid.NewGuid().ToString("N")[..8]));

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Jobs_and_candidates_create_page_patch_and_delete_through_cosmos()
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var jobs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var created = await recruiter.PostWithKeyAsync("/api/jobs", HiringCalls.JobBody($"Engineer {i}", "open"), $"job-{i}");
            await created.ExpectAsync(HttpStatusCode.Created);
            jobs.Add((string)(await created.JsonAsync())["id"]!);
            _app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        using var replay = await recruiter.PostWithKeyAsync("/api/jobs", HiringCalls.JobBody("Engineer 0", "open"), "job-0");
        Assert.Equal(jobs[0], (string)(await replay.JsonAsync())["id"]!);

        var (listed, pages) = await recruiter.ReadAllPagesAsync("/api/jobs?pageSize=2&q=engineer");
        Assert.Equal(jobs, listed);
        Assert.Equal(2, pages);

        var grace = await recruiter.CreateCandidateAsync(HiringCalls.CandidateBody("grace@example.com", "Grace", jobs[0]));
        using var duplicate = await recruiter.PostAsJsonAsync("/api/candidates", HiringCalls.CandidateBody("grace@example.com", "Grace again"));
        Assert.Equal((string)grace["id"]!, (string)(await duplicate.ProblemAsync(HttpStatusCode.Conflict))["existingCandidateId"]!);
        Assert.Single(await recruiter.ListItemsAsync($"/api/candidates?jobId={jobs[0]}"));

        using var refused = await recruiter.DeleteAsync($"/api/jobs/{jobs[0]}");
        Assert.Equal(1, (int)(await refused.ProblemAsync(HttpStatusCode.Conflict))["candidateCount"]!);

        var url = $"/api/candidates/{grace["id"]}";
        using var moved = await recruiter.MergePatchAsync(url, new JsonObject { ["status"] = "screening", ["jobIds"] = null }, ifMatch: (string)grace["etag"]!);
        await moved.ExpectAsync(HttpStatusCode.OK);
        using var stale = await recruiter.MergePatchAsync(url, new JsonObject { ["notes"] = "x" }, ifMatch: (string)grace["etag"]!);
        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);

        using var deletedJob = await recruiter.DeleteAsync($"/api/jobs/{jobs[0]}", "\"r1\"");
        await deletedJob.ExpectAsync(HttpStatusCode.NoContent);
        using var deletedCandidate = await recruiter.DeleteAsync(url);
        await deletedCandidate.ExpectAsync(HttpStatusCode.NoContent);
        using var globex = await _app.ClientFor(TestApp.GlobexAdmin).GetAsync($"/api/jobs/{jobs[1]}");
        await globex.ProblemAsync(HttpStatusCode.NotFound);
        await recruiter.CreateCandidateAsync(HiringCalls.CandidateBody("grace@example.com"));
    }
}
