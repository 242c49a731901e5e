using System.Net;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Screening.Pipeline;

/// <summary>The pipeline configured for Cosmos DB, against the emulator: upload, screening and ranking behave as on the embedded store.</summary>
[Collection(CosmosCollection.Name)]
public sealed class ScreeningCosmosApiTests(CosmosEmulator emulator) : IDisposable
{
    private readonly TestApp _app = new(emulator.AppSettings("screening-api-" + Guid.NewGuid().ToString("N")[..8]));

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Uploads_are_screened_and_ranked_best_first_through_cosmos()
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var jobId = await recruiter.NewJobAsync();
        var weak = await recruiter.NewCandidateAsync("zoe@example.com", "Zoë Łukasiewicz", jobId);
        var strong = await recruiter.NewCandidateAsync("jose@example.com", "José Núñez", jobId);

        foreach (var (candidateId, fixture) in new[] { (weak, "registered-nurse.docx"), (strong, "backend-engineer.docx") })
        {
            using var upload = await recruiter.UploadAsync(candidateId, fixture);
            await upload.ExpectAsync(HttpStatusCode.Accepted);
            Assert.Equal("succeeded", (string)(await recruiter.SettledAsync(upload.Headers.Location!.OriginalString))["status"]!);
        }
        using var again = await recruiter.ScreenAsync(jobId, strong);
        await again.ExpectAsync(HttpStatusCode.Accepted);

        var ranking = await recruiter.ListItemsAsync($"/api/jobs/{jobId}/screenings?orderBy=overall");
        var (pagedIds, pages) = await Hiring.HiringCalls.ReadAllPagesAsync(recruiter, $"/api/jobs/{jobId}/screenings?orderBy=overall&pageSize=1");

        Assert.Equal([strong, weak], ranking.Select(s => (string)s!["candidateId"]!));
        Assert.Equal(ranking.Select(s => (string)s!["id"]!), pagedIds);
        Assert.Equal(2, pages);
        Assert.Single(await recruiter.ListItemsAsync($"/api/candidates/{strong}/resumes"));
    }
}
