using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Hiring;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Screening.Pipeline;

/// <summary>
/// Upload to ranking through the real app: embedded SQLite, the data-directory file store, the embedded queue and its
/// standalone listener running ScreenResume with the offline engine.
/// </summary>
public sealed class ScreeningPipelineTests : IDisposable
{
    private readonly TestApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("backend-engineer.libreoffice.pdf", "pdf", "application/pdf")]
    [InlineData("backend-engineer.docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    public async Task An_upload_is_screened_for_the_candidates_job_and_its_evidence_quotes_real_lines_of_the_resume(string fixture, string format, string contentType)
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var jobId = await recruiter.NewJobAsync();
        var candidateId = await recruiter.NewCandidateAsync("jose@example.com", "José Núñez", jobId);

        using var upload = await recruiter.UploadAsync(candidateId, fixture);
        await upload.ExpectAsync(HttpStatusCode.Accepted);
        var body = await upload.JsonAsync();
        var resume = body["resume"]!;
        var queued = Assert.Single(body["screenings"]!.AsArray())!;
        Assert.Equal($"/api/screenings/{queued["id"]}", upload.Headers.Location?.OriginalString);
        Assert.Equal("queued", (string)queued["status"]!);
        Assert.Equal(jobId, (string)queued["jobId"]!);
        Assert.Equal(format, (string)resume["format"]!);
        Assert.Equal(contentType, (string)resume["contentType"]!);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(ScreeningCalls.Fixture(fixture))), (string)resume["sha256"]!);
        Assert.True((bool)resume["readable"]!);

        var screening = await recruiter.SettledAsync((string)queued["url"]!);

        Assert.Equal("succeeded", (string)screening["status"]!);
        Assert.Equal(1, (int)screening["attempts"]!);
        Assert.Equal("José Núñez", (string)screening["candidateName"]!);
        Assert.InRange((int)screening["scores"]!["overall"]!, 1, 100);
        Assert.Equal("offline", (string)screening["engine"]!);
        var detail = await recruiter.GetFromJsonAsync<JsonObject>($"/api/candidates/{candidateId}/resumes/{resume["id"]}");
        var lines = ((string)detail!["visibleText"]!).Split('\n');
        var quotes = screening["requirements"]!.AsArray().SelectMany(r => r!["evidence"]!.AsArray()).ToList();
        Assert.NotEmpty(quotes);
        Assert.All(quotes, q => Assert.Contains(((string)q!["text"]!).TrimEnd('…').TrimEnd(), lines[(int)q["line"]! - 1], StringComparison.Ordinal));
        Assert.Contains(quotes, q => ((string)q!["text"]!).Contains("Kubernetes", StringComparison.Ordinal));
        Assert.Equal("screening", (string)(await recruiter.GetFromJsonAsync<JsonObject>($"/api/candidates/{candidateId}"))!["status"]!);
    }

    [Fact]
    public async Task The_original_downloads_as_uploaded_with_its_type_judged_by_content_and_as_an_attachment()
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var candidateId = await recruiter.NewCandidateAsync("jose@example.com", "José Núñez");
        var bytes = ScreeningCalls.Fixture("registered-nurse.docx");

        using var upload = await recruiter.PostAsync($"/api/candidates/{candidateId}/resumes", ScreeningCalls.Form(bytes, "Zoë CV.bin", contentType: "image/png"));
        await upload.ExpectAsync(HttpStatusCode.Created);
        var resume = (await upload.JsonAsync())["resume"]!;
        Assert.Empty((await upload.JsonAsync())["screenings"]!.AsArray());
        Assert.Equal($"/api/candidates/{candidateId}/resumes/{resume["id"]}", upload.Headers.Location?.OriginalString);
        using var file = await recruiter.GetAsync((string)resume["fileUrl"]!);

        await file.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(bytes, await file.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("Zoë CV.bin", file.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("new", (string)(await recruiter.GetFromJsonAsync<JsonObject>($"/api/candidates/{candidateId}"))!["status"]!);
    }

    [Fact]
    public async Task A_strong_and_a_weak_resume_for_one_job_rank_strong_first_with_names_scores_and_recommendations()
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var jobId = await recruiter.NewJobAsync();
        var weak = await recruiter.NewCandidateAsync("zoe@example.com", "Zoë Łukasiewicz");
        var strong = await recruiter.NewCandidateAsync("jose@example.com", "José Núñez");
        // Uploaded with no job, then screened on request: the request takes each candidate's latest resume.
        (await recruiter.UploadAsync(weak, "registered-nurse.libreoffice.pdf")).Dispose();
        (await recruiter.UploadAsync(strong, "backend-engineer.pdfsharp-identity-h.pdf")).Dispose();

        using var queued = await recruiter.ScreenAsync(jobId, weak, strong);
        await queued.ExpectAsync(HttpStatusCode.Accepted);
        var items = (await queued.JsonAsync())["items"]!.AsArray();
        Assert.Equal([weak, strong], items.Select(i => (string)i!["candidateId"]!));
        foreach (var item in items)
        {
            Assert.Equal("succeeded", (string)(await recruiter.SettledAsync((string)item!["url"]!))["status"]!);
        }

        var ranking = await recruiter.ListItemsAsync($"/api/jobs/{jobId}/screenings?orderBy=overall");

        Assert.Equal([strong, weak], ranking.Select(s => (string)s!["candidateId"]!));
        Assert.Equal(["José Núñez", "Zoë Łukasiewicz"], ranking.Select(s => (string)s!["candidateName"]!));
        Assert.True((int)ranking[0]!["scores"]!["overall"]! > (int)ranking[1]!["scores"]!["overall"]! + 20, ranking.ToJsonString());
        Assert.Equal("no", (string)ranking[1]!["recommendation"]!);
        Assert.Contains((string)ranking[0]!["recommendation"]!, new[] { "strong_yes", "yes" });
        Assert.All(ranking, s => Assert.Null(s!["requirements"]));
        var byQueue = await recruiter.ListItemsAsync($"/api/jobs/{jobId}/screenings?orderBy=queuedAt&status=succeeded");
        Assert.Equal(2, byQueue.Count);
        Assert.Empty(await recruiter.ListItemsAsync($"/api/jobs/{jobId}/screenings?status=failed"));
    }

    [Fact]
    public async Task Queueing_again_returns_the_standing_screening_and_rescreen_makes_a_new_one()
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var jobId = await recruiter.NewJobAsync();
        var candidateId = await recruiter.NewCandidateAsync("jose@example.com", "José Núñez", jobId);
        using var upload = await recruiter.UploadAsync(candidateId, "backend-engineer.docx");
        var first = (string)(await upload.JsonAsync())["screenings"]![0]!["id"]!;
        var settled = await recruiter.SettledAsync($"/api/screenings/{first}");

        using var again = await recruiter.ScreenAsync(jobId, candidateId, candidateId);
        await again.ExpectAsync(HttpStatusCode.Accepted);
        using var forced = await recruiter.PostAsync($"/api/jobs/{jobId}/screenings?rescreen=true",
            new StringContent($$"""{"candidateIds":["{{candidateId}}"]}""", Encoding.UTF8, "application/json"));
        await forced.ExpectAsync(HttpStatusCode.Accepted);
        var rescreened = (string)(await forced.JsonAsync())["items"]![0]!["id"]!;
        var second = await recruiter.SettledAsync($"/api/screenings/{rescreened}");

        Assert.Equal(first, (string)Assert.Single((await again.JsonAsync())["items"]!.AsArray())!["id"]!);
        Assert.NotEqual(first, rescreened);
        // The same resume against the same job: the same score, the same input hash.
        Assert.Equal(settled["scores"]!.ToJsonString(), second["scores"]!.ToJsonString());
        Assert.Equal((string)settled["inputHash"]!, (string)second["inputHash"]!);
        Assert.Equal(2, (await recruiter.ListItemsAsync($"/api/jobs/{jobId}/screenings")).Count);
    }

    [Theory]
    [InlineData("corrupt-truncated.pdf", "corrupt")]
    [InlineData("encrypted-user-password.pdf", "encrypted")]
    public async Task A_file_that_cannot_be_read_is_kept_and_its_screening_fails_with_the_reason(string fixture, string code)
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var jobId = await recruiter.NewJobAsync();
        var candidateId = await recruiter.NewCandidateAsync("jose@example.com", "José Núñez", jobId);

        using var upload = await recruiter.UploadAsync(candidateId, fixture);
        await upload.ExpectAsync(HttpStatusCode.Accepted);
        var resume = (await upload.JsonAsync())["resume"]!;
        var screening = await recruiter.SettledAsync(upload.Headers.Location!.OriginalString);

        Assert.False((bool)resume["readable"]!);
        Assert.Equal(code, (string)resume["failureCode"]!);
        Assert.Equal("pdf", (string)resume["format"]!);
        Assert.Equal("failed", (string)screening["status"]!);
        Assert.Contains((string)resume["failureMessage"]!, (string)screening["error"]!, StringComparison.Ordinal);
        Assert.Contains(fixture, (string)screening["error"]!, StringComparison.Ordinal);
        Assert.Null(screening["scores"]);
        using var file = await recruiter.GetAsync((string)resume["fileUrl"]!);
        Assert.Equal(ScreeningCalls.Fixture(fixture), await file.Content.ReadAsByteArrayAsync());
        // A failed screening does not stand in the way of another try.
        using var retry = await recruiter.ScreenAsync(jobId, candidateId);
        Assert.NotEqual((string)screening["id"]!, (string)(await retry.JsonAsync())["items"]![0]!["id"]!);
    }

    [Fact]
    public async Task Hidden_text_and_an_injection_are_flagged_on_the_resume_and_the_screening()
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var jobId = await recruiter.NewJobAsync();
        var candidateId = await recruiter.NewCandidateAsync("jose@example.com", "José Núñez", jobId);

        using var upload = await recruiter.UploadAsync(candidateId, "hidden-text.pdf");
        var resume = (await upload.JsonAsync())["resume"]!;
        var screening = await recruiter.SettledAsync(upload.Headers.Location!.OriginalString);
        var detail = (await recruiter.GetFromJsonAsync<JsonObject>($"/api/candidates/{candidateId}/resumes/{resume["id"]}"))!;

        Assert.True((bool)resume["flagged"]!);
        Assert.NotEmpty(detail["hiddenText"]!.AsArray());
        Assert.NotEmpty(detail["injections"]!.AsArray());
        Assert.NotNull(detail["text"]);
        Assert.Equal("succeeded", (string)screening["status"]!);
        var kinds = screening["flags"]!.AsArray().Select(f => (string)f!["kind"]!).ToList();
        Assert.Contains("hidden_text", kinds);
        Assert.Contains("prompt_injection", kinds);
        var list = await recruiter.ListItemsAsync($"/api/candidates/{candidateId}/resumes");
        Assert.Null(Assert.Single(list)!["text"]);
    }

    [Fact]
    public async Task A_plain_text_resume_uploaded_for_a_named_job_is_screened_for_that_job_only()
    {
        var recruiter = _app.ClientFor(TestApp.AcmeRecruiter);
        var listed = await recruiter.NewJobAsync();
        var named = await recruiter.NewJobAsync(HiringCalls.JobBody());
        var candidateId = await recruiter.NewCandidateAsync("jose@example.com", "José Núñez", listed);
        var text = "José Núñez\nSite Engineer\n\nExperience\nSite Engineer, Costain\nJan 2018 – Present\nAutoCAD drawings for earthworks; site safety inspections.\n"u8.ToArray();

        using var upload = await recruiter.PostAsync($"/api/candidates/{candidateId}/resumes", ScreeningCalls.Form(text, "cv.txt", named));
        await upload.ExpectAsync(HttpStatusCode.Accepted);
        var screening = await recruiter.SettledAsync(upload.Headers.Location!.OriginalString);

        Assert.Equal("text", (string)(await upload.JsonAsync())["resume"]!["format"]!);
        Assert.Equal(named, (string)screening["jobId"]!);
        Assert.Equal("succeeded", (string)screening["status"]!);
        Assert.Empty(await recruiter.ListItemsAsync($"/api/jobs/{listed}/screenings"));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_resume_and_screening_endpoints()
    {
        var document = (await _app.CreateClient().GetFromJsonAsync<JsonObject>("/api/openapi.json"))!["paths"]!.AsObject();

        Assert.True(document.ContainsKey("/api/candidates/{id}/resumes"));
        Assert.NotNull(document["/api/candidates/{id}/resumes"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]);
        Assert.True(document.ContainsKey("/api/candidates/{id}/resumes/{resumeId}/file"));
        Assert.True(document.ContainsKey("/api/jobs/{jobId}/screenings"));
        Assert.True(document.ContainsKey("/api/screenings/{id}"));
    }
}
