using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Screening.Pipeline;

/// <summary>Bad uploads and bad screening requests get a 4xx problem that says what is wrong, and change nothing.</summary>
public sealed class ScreeningInputTests : IDisposable
{
    private const long Limit = 100_000;
    private readonly TestApp _app = new(new Dictionary<string, string?> { ["Screening:MaxUploadBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public void Dispose() => _app.Dispose();

    private HttpClient Recruiter => _app.ClientFor(TestApp.AcmeRecruiter);

    private async Task<string> CandidateAsync(string email = "jose@example.com", params string[] jobIds) =>
        await Recruiter.NewCandidateAsync(email, "José Núñez", jobIds);

    private async Task AssertNothingStoredAsync(string candidateId) =>
        Assert.Empty(await Recruiter.ListItemsAsync($"/api/candidates/{candidateId}/resumes"));

    [Fact]
    public async Task A_form_without_a_file_part_names_the_part()
    {
        var candidateId = await CandidateAsync();
        using var form = new MultipartFormDataContent { { new StringContent("not a file"), "resume" } };

        using var response = await Recruiter.PostAsync($"/api/candidates/{candidateId}/resumes", form);

        Assert.Contains("'file'", await response.FieldErrorAsync("file"), StringComparison.Ordinal);
        await AssertNothingStoredAsync(candidateId);
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var candidateId = await CandidateAsync();

        using var response = await Recruiter.PostAsync($"/api/candidates/{candidateId}/resumes", ScreeningCalls.Form([], "cv.pdf"));

        Assert.Contains("empty", await response.FieldErrorAsync("file"), StringComparison.Ordinal);
        await AssertNothingStoredAsync(candidateId);
    }

    [Theory]
    [InlineData(Limit + 1)]
    // Beyond the body limit too: refused before the body is read.
    [InlineData(Limit * 3)]
    public async Task A_file_over_the_configured_limit_is_413(long size)
    {
        var candidateId = await CandidateAsync();
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Backend engineer, C# and Kubernetes.\n", (int)(size / 37) + 1)))[..(int)size];

        using var response = await Recruiter.PostAsync($"/api/candidates/{candidateId}/resumes", ScreeningCalls.Form(bytes, "cv.txt"));

        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingStoredAsync(candidateId);
    }

    [Fact]
    public async Task A_body_far_above_the_api_limit_is_accepted_for_an_upload_within_the_resume_limit()
    {
        // Above the API's general 256 KB body limit: the upload endpoint's own limit applies.
        using var app = new TestApp(new Dictionary<string, string?> { ["Screening:MaxUploadBytes"] = "600000" });
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Backend engineer, C# and Kubernetes.\n", 13_000)));
        var recruiter = app.ClientFor(TestApp.AcmeRecruiter);
        var id = await recruiter.NewCandidateAsync("jose@example.com", "José Núñez");

        using var response = await recruiter.PostAsync($"/api/candidates/{id}/resumes", ScreeningCalls.Form(bytes, "cv.txt"));

        Assert.True(bytes.Length > 256 * 1024);
        await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(bytes.Length, (long)(await response.JsonAsync())["resume"]!["sizeBytes"]!);
    }

    [Theory]
    [InlineData("photo-renamed.pdf")]
    [InlineData("not-a-docx.zip")]
    public async Task A_file_that_is_not_a_resume_whatever_its_name_is_415(string fixture)
    {
        var candidateId = await CandidateAsync();

        using var response = await Recruiter.UploadAsync(candidateId, fixture);

        var problem = await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
        await AssertNothingStoredAsync(candidateId);
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_415()
    {
        var candidateId = await CandidateAsync();
        using var content = new ByteArrayContent(ScreeningCalls.Fixture("backend-engineer.docx"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");

        using var response = await Recruiter.PostAsync($"/api/candidates/{candidateId}/resumes", content);

        Assert.Contains("multipart/form-data", (string)(await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType))["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_candidate_or_job_is_named()
    {
        var candidateId = await CandidateAsync();

        using var noCandidate = await Recruiter.UploadAsync("no-such-candidate", "backend-engineer.docx");
        using var noJob = await Recruiter.UploadAsync(candidateId, "backend-engineer.docx", jobId: "no-such-job");
        using var screenNoJob = await Recruiter.ScreenAsync("no-such-job", candidateId);

        await noCandidate.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("no-such-job", await noJob.FieldErrorAsync("jobId"), StringComparison.Ordinal);
        await screenNoJob.ProblemAsync(HttpStatusCode.NotFound);
        await AssertNothingStoredAsync(candidateId);
    }

    [Fact]
    public async Task Another_tenants_candidate_and_screening_are_not_found()
    {
        var jobId = await Recruiter.NewJobAsync();
        var candidateId = await CandidateAsync("jose@example.com", jobId);
        using var upload = await Recruiter.UploadAsync(candidateId, "backend-engineer.docx");
        var globex = _app.ClientFor(TestApp.GlobexAdmin);
        var globexJob = await globex.NewJobAsync();

        using var foreignUpload = await globex.UploadAsync(candidateId, "backend-engineer.docx");
        using var foreignList = await globex.GetAsync($"/api/candidates/{candidateId}/resumes");
        using var foreignScreen = await globex.ScreenAsync(globexJob, candidateId);
        using var foreignScreening = await globex.GetAsync(upload.Headers.Location!.OriginalString);
        using var foreignRanking = await globex.GetAsync($"/api/jobs/{jobId}/screenings");

        await foreignUpload.ProblemAsync(HttpStatusCode.NotFound);
        await foreignList.ProblemAsync(HttpStatusCode.NotFound);
        var problem = await foreignScreen.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(candidateId, (string)problem["missingCandidateIds"]![0]!);
        await foreignScreening.ProblemAsync(HttpStatusCode.NotFound);
        await foreignRanking.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_screening_request_names_each_candidate_it_cannot_take()
    {
        var jobId = await Recruiter.NewJobAsync();
        var withResume = await CandidateAsync("jose@example.com");
        var without = await CandidateAsync("zoe@example.com");
        (await Recruiter.UploadAsync(withResume, "backend-engineer.docx")).Dispose();

        using var noResume = await Recruiter.ScreenAsync(jobId, withResume, without);
        using var unknown = await Recruiter.ScreenAsync(jobId, withResume, "ghost-1", without, "ghost-2");
        using var none = await Recruiter.ScreenAsync(jobId);
        using var tooMany = await Recruiter.ScreenAsync(jobId, [.. Enumerable.Range(0, 101).Select(i => $"c-{i}")]);
        using var blank = await Recruiter.PostAsJsonAsync($"/api/jobs/{jobId}/screenings", new JsonObject { ["candidateIds"] = new JsonArray("", withResume) });
        using var unknownField = await Recruiter.PostAsJsonAsync($"/api/jobs/{jobId}/screenings", new JsonObject { ["candidates"] = new JsonArray(withResume) });

        Assert.Contains("no resume", await noResume.FieldErrorAsync("candidateIds[1]"), StringComparison.Ordinal);
        var problem = await unknown.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(["ghost-1", "ghost-2"], problem["missingCandidateIds"]!.AsArray().Select(m => (string)m!));
        Assert.Contains("1 to 100", await none.FieldErrorAsync("candidateIds"), StringComparison.Ordinal);
        Assert.Contains("it has 101", await tooMany.FieldErrorAsync("candidateIds"), StringComparison.Ordinal);
        await blank.FieldErrorAsync("candidateIds[0]");
        await unknownField.ProblemAsync(HttpStatusCode.BadRequest);
        // Nothing was queued by any of them.
        Assert.Empty(await Recruiter.ListItemsAsync($"/api/jobs/{jobId}/screenings"));
    }

    [Fact]
    public async Task Ranking_parameters_are_checked()
    {
        var jobId = await Recruiter.NewJobAsync();

        using var order = await Recruiter.GetAsync($"/api/jobs/{jobId}/screenings?orderBy=name");
        using var status = await Recruiter.GetAsync($"/api/jobs/{jobId}/screenings?status=done");
        using var size = await Recruiter.GetAsync($"/api/jobs/{jobId}/screenings?pageSize=0");
        using var token = await Recruiter.GetAsync($"/api/jobs/{jobId}/screenings?continuationToken=not!base64");

        await order.FieldErrorAsync("orderBy");
        await status.FieldErrorAsync("status");
        await size.FieldErrorAsync("pageSize");
        await token.FieldErrorAsync("continuationToken");
    }

    [Fact]
    public async Task Interviewers_get_403_and_a_candidate_handles_only_their_own_resumes()
    {
        var jobId = await Recruiter.NewJobAsync();
        var ada = await CandidateAsync(TestApp.AdaEmail, jobId);
        var other = await CandidateAsync("grace@example.com", jobId);
        var interviewer = _app.ClientFor(TestApp.AcmeInterviewer);
        var candidate = _app.ClientFor(TestApp.AcmeCandidate);

        using var byInterviewer = await interviewer.UploadAsync(ada, "backend-engineer.docx");
        using var forSomeoneElse = await candidate.UploadAsync(other, "backend-engineer.docx");
        using var readSomeoneElse = await candidate.GetAsync($"/api/candidates/{other}/resumes");
        using var own = await candidate.UploadAsync(ada, "backend-engineer.docx");
        using var ranking = await candidate.GetAsync($"/api/jobs/{jobId}/screenings");
        using var interviewerRanking = await interviewer.GetAsync($"/api/jobs/{jobId}/screenings");

        await byInterviewer.ProblemAsync(HttpStatusCode.Forbidden);
        await forSomeoneElse.ProblemAsync(HttpStatusCode.Forbidden);
        await readSomeoneElse.ProblemAsync(HttpStatusCode.Forbidden);
        await own.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Single(await candidate.ListItemsAsync($"/api/candidates/{ada}/resumes"));
        await ranking.ProblemAsync(HttpStatusCode.Forbidden);
        await interviewerRanking.ProblemAsync(HttpStatusCode.Forbidden);
        await AssertNothingStoredAsync(other);
    }
}
