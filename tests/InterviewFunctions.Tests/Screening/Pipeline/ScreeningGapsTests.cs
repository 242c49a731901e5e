using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InterviewFunctions.App.Queues;
using InterviewFunctions.Core.Files;
using InterviewFunctions.Core.Screening;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Screening.Pipeline;

/// <summary>Concurrent identical screening requests through the real app, with the queue left unread so its messages can be counted.</summary>
public sealed class ConcurrentScreeningTests : IDisposable
{
    private readonly TestApp _app = new(new Dictionary<string, string?> { ["Queues:ListenersEnabled"] = "false" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Concurrent_identical_screening_requests_queue_one_screening_and_one_message()
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var jobId = await recruiter.NewJobAsync();
        // Not applying to the job yet, so that the upload queues nothing by itself.
        var candidateId = await recruiter.NewCandidateAsync("jose@example.com", "José Núñez");
        using var upload = await recruiter.UploadAsync(candidateId, "backend-engineer.docx");
        await upload.ExpectAsync(HttpStatusCode.Created);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var client = _app.ClientFor(TestApp.AcmeRecruiter);
            using var response = await client.ScreenAsync(jobId, candidateId);
            await response.ExpectAsync(HttpStatusCode.Accepted);
            return (string)(await response.JsonAsync())["items"]![0]!["id"]!;
        }));

        var id = Assert.Single(responses.Distinct());
        var listed = Assert.Single(await recruiter.ListItemsAsync($"/api/jobs/{jobId}/screenings"))!;
        Assert.Equal(id, (string)listed["id"]!);
        Assert.Equal(1, await _app.Services.GetRequiredService<IQueueInspection>().ApproximateMessageCountAsync("screenings", default));
    }

    [Fact]
    public async Task After_a_failed_screening_concurrent_requests_agree_on_one_new_screening()
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var jobId = await recruiter.NewJobAsync();
        var candidateId = await recruiter.NewCandidateAsync("jose@example.com", "José Núñez", jobId);
        using var upload = await recruiter.UploadAsync(candidateId, "backend-engineer.docx");
        var failedId = (string)(await upload.JsonAsync())["screenings"]![0]!["id"]!;
        // Settled as failed here rather than by the (stopped) listener, so that the new screening stays queued meanwhile.
        var store = _app.Services.GetRequiredService<IScreeningStore>();
        var queued = (await store.FindAsync("acme", failedId, default))!;
        await store.ReplaceAsync(ScreeningRules.Fail(ScreeningRules.Start(queued, _app.Clock.GetUtcNow()), "The engine gave up.", _app.Clock.GetUtcNow()), default);

        var retries = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await _app.ClientFor(TestApp.AcmeRecruiter).ScreenAsync(jobId, candidateId);
            await response.ExpectAsync(HttpStatusCode.Accepted);
            return (string)(await response.JsonAsync())["items"]![0]!["id"]!;
        }));

        var retried = Assert.Single(retries.Distinct());
        Assert.NotEqual(failedId, retried);
        Assert.Equal(2, (await recruiter.ListItemsAsync($"/api/jobs/{jobId}/screenings")).Count);
        Assert.Equal(2, await _app.Services.GetRequiredService<IQueueInspection>().ApproximateMessageCountAsync("screenings", default));
    }
}

/// <summary>Deleting resumes, through the real app with the queue listener running.</summary>
public sealed class ResumeDeletionTests : IDisposable
{
    private readonly TestApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Deleting_a_resume_erases_its_file_its_record_and_its_screenings_and_keeps_the_candidates_other_resumes()
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var jobId = await recruiter.NewJobAsync();
        var candidateId = await recruiter.NewCandidateAsync("jose@example.com", "José Núñez", jobId);
        using var first = await recruiter.UploadAsync(candidateId, "backend-engineer.docx");
        var resume = (await first.JsonAsync())["resume"]!;
        var screening = await recruiter.SettledAsync(first.Headers.Location!.OriginalString);
        using var second = await recruiter.UploadAsync(candidateId, "backend-engineer.libreoffice.pdf");
        var kept = (await second.JsonAsync())["resume"]!;
        var keptScreening = await recruiter.SettledAsync(second.Headers.Location!.OriginalString);
        var fileKey = (await _app.Services.GetRequiredService<IResumeStore>().FindAsync("acme", candidateId, (string)resume["id"]!, default))!.FileKey;

        using var deleted = await recruiter.DeleteAsync($"/api/candidates/{candidateId}/resumes/{resume["id"]}");

        await deleted.ExpectAsync(HttpStatusCode.NoContent);
        await (await recruiter.GetAsync($"/api/candidates/{candidateId}/resumes/{resume["id"]}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await recruiter.GetAsync((string)resume["fileUrl"]!)).ProblemAsync(HttpStatusCode.NotFound);
        await (await recruiter.GetAsync($"/api/screenings/{screening["id"]}")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Null(await _app.Services.GetRequiredService<IFileStore>().OpenReadAsync(fileKey, default));
        Assert.Equal([(string)kept["id"]!], (await recruiter.ListItemsAsync($"/api/candidates/{candidateId}/resumes")).Select(r => (string)r!["id"]!));
        Assert.Equal([(string)keptScreening["id"]!], (await recruiter.ListItemsAsync($"/api/jobs/{jobId}/screenings")).Select(s => (string)s!["id"]!));
        await (await recruiter.DeleteAsync($"/api/candidates/{candidateId}/resumes/{resume["id"]}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_delete_that_is_refused_answers_a_problem_and_leaves_the_resume_its_file_and_its_screening()
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var jobId = await recruiter.NewJobAsync();
        var candidateId = await recruiter.NewCandidateAsync(TestApp.AdaEmail, "Ada Lovelace", jobId);
        using var upload = await recruiter.UploadAsync(candidateId, "backend-engineer.docx");
        var resume = (await upload.JsonAsync())["resume"]!;
        var screening = await recruiter.SettledAsync(upload.Headers.Location!.OriginalString);
        var url = $"/api/candidates/{candidateId}/resumes/{resume["id"]}";

        var refusals = new (string Key, string Url, HttpStatusCode Status)[]
        {
            (TestApp.AcmeRecruiter, $"/api/candidates/{candidateId}/resumes/no-such-resume", HttpStatusCode.NotFound),
            (TestApp.AcmeRecruiter, $"/api/candidates/no-such-candidate/resumes/{resume["id"]}", HttpStatusCode.NotFound),
            (TestApp.AcmeRecruiter, $"/api/candidates/{candidateId}/resumes/{new string('x', 300)}", HttpStatusCode.NotFound),
            (TestApp.GlobexAdmin, url, HttpStatusCode.NotFound),
            // The candidate's own resume: its screenings are the hiring team's, so only admins and recruiters delete.
            (TestApp.AcmeCandidate, url, HttpStatusCode.Forbidden),
            (TestApp.AcmeInterviewer, url, HttpStatusCode.Forbidden),
        };
        foreach (var (key, target, status) in refusals)
        {
            using var response = await _app.ClientFor(key).DeleteAsync(target);
            await response.ProblemAsync(status);
        }
        using var anonymous = await _app.CreateClient().DeleteAsync(url);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await (await recruiter.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(ScreeningCalls.Fixture("backend-engineer.docx"), await (await recruiter.GetAsync((string)resume["fileUrl"]!)).Content.ReadAsByteArrayAsync());
        Assert.Equal("succeeded", (string)(await recruiter.GetFromJsonAsync<JsonObject>($"/api/screenings/{screening["id"]}"))!["status"]!);
    }
}
