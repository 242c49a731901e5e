using System.Net;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Preparation;

/// <summary>POST /api/jobs/{jobId}/interview-questions through the real app, offline.</summary>
public sealed class JobInterviewQuestionsTests : IDisposable
{
    private const string Title = "Senior Backend Engineer (Platform)";
    private readonly TestApp _app = new();
    private readonly HttpClient _recruiter;

    public JobInterviewQuestionsTests() => _recruiter = _app.ClientFor(TestApp.AcmeRecruiter);

    public void Dispose()
    {
        _recruiter.Dispose();
        _app.Dispose();
    }

    private async Task<string> CreateJobAsync(string? description, string? domain = "backend")
    {
        using var response = await _recruiter.PostJsonAsync("/api/jobs", new JsonObject
        {
            ["title"] = Title,
            ["domain"] = domain,
            ["description"] = description,
            ["requiredSkills"] = new JsonArray("Go", "Kubernetes", "Terraform"),
            ["niceToHaveSkills"] = new JsonArray("Kafka"),
        });
        await response.ExpectAsync(HttpStatusCode.Created);
        return (string)(await response.JsonAsync())["id"]!;
    }

    [Fact]
    public async Task Questions_follow_the_stored_job_exactly_as_the_generator_does_for_its_title_description_and_skills()
    {
        var id = await CreateJobAsync(QuestionGenerationTests.Kubernetes);

        using var response = await _recruiter.PostJsonAsync($"/api/jobs/{id}/interview-questions", new JsonObject { ["company"] = "Parcelly", ["count"] = 8 });
        await response.ExpectAsync(HttpStatusCode.OK);
        var result = await response.JsonAsync();

        Assert.Equal("offline", (string)result["engine"]!);
        Assert.Equal("backend", (string)result["domains"]![0]!["id"]!);
        Assert.Equal(8, result["questions"]!.AsArray().Count);
        // Terraform is only in the job's skill list, not in its description: the job's fields are all used.
        Assert.Contains(result["skills"]!.AsArray(), s => (string)s!["asWritten"]! == "Terraform");
        var composed = Title + "\n\n" + QuestionGenerationTests.Kubernetes.Trim() + "\n\nRequired skills: Go, Kubernetes, Terraform.\nNice to have: Kafka.";
        using var direct = await _recruiter.PostJsonAsync("/api/questions/generate", new JsonObject
        {
            ["jobDescription"] = composed, ["company"] = "Parcelly", ["count"] = 8, ["domain"] = "backend",
        });
        await direct.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((await direct.JsonAsync())["questions"]!.ToJsonString(), result["questions"]!.ToJsonString());

        // Without a body the generator's defaults apply.
        using var defaults = await _recruiter.PostAsync($"/api/jobs/{id}/interview-questions", null);
        await defaults.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(10, (await defaults.JsonAsync())["questions"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_unknown_job_is_404_and_another_tenants_job_too()
    {
        using var unknown = await _recruiter.PostJsonAsync("/api/jobs/no-such-job/interview-questions", new JsonObject());
        await unknown.ProblemAsync(HttpStatusCode.NotFound);

        var id = await CreateJobAsync(QuestionGenerationTests.Kubernetes);
        using var globex = _app.ClientFor(TestApp.GlobexAdmin);
        using var other = await globex.PostJsonAsync($"/api/jobs/{id}/interview-questions", new JsonObject());
        await other.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_job_whose_description_is_too_short_or_missing_is_refused_with_400_naming_the_description()
    {
        var shortId = await CreateJobAsync("Backend engineer for our platform. Go and Kubernetes.");
        var noneId = await CreateJobAsync(null);

        using var tooShort = await _recruiter.PostJsonAsync($"/api/jobs/{shortId}/interview-questions", new JsonObject());
        var message = await tooShort.FieldErrorAsync("description");
        Assert.Contains("too short", message, StringComparison.Ordinal);
        Assert.Contains($"PATCH /api/jobs/{shortId}", message, StringComparison.Ordinal);
        using var missing = await _recruiter.PostJsonAsync($"/api/jobs/{noneId}/interview-questions", new JsonObject());
        await missing.FieldErrorAsync("description");

        var id = await CreateJobAsync(QuestionGenerationTests.Kubernetes);
        using var badCount = await _recruiter.PostJsonAsync($"/api/jobs/{id}/interview-questions", new JsonObject { ["count"] = 0 });
        await badCount.FieldErrorAsync("count");
    }

    [Fact]
    public async Task Candidates_may_not_generate_from_a_stored_job()
    {
        var id = await CreateJobAsync(QuestionGenerationTests.Kubernetes);
        using var candidate = _app.ClientFor(TestApp.AcmeCandidate);
        using var response = await candidate.PostJsonAsync($"/api/jobs/{id}/interview-questions", new JsonObject());
        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }
}
