using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Hiring;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Screening.Pipeline;

/// <summary>Fixtures, bodies and calls the resume and screening API tests share.</summary>
internal static class ScreeningCalls
{
    private static readonly string Fixtures = Path.Combine(RepoPaths.Root, "tests", "InterviewFunctions.Tests", "Screening", "Fixtures");

    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(Fixtures, name));

    public static JsonObject BackendJob() => new()
    {
        ["title"] = "Senior Backend Engineer",
        ["domain"] = "backend",
        ["department"] = "Payments",
        ["description"] = "Design event-driven payment services in C# on Azure. At least 5 years of backend experience; a degree in computer science or engineering.",
        ["requiredSkills"] = new JsonArray("C#", "ASP.NET Core", "Kubernetes", "PostgreSQL"),
        ["niceToHaveSkills"] = new JsonArray("Kafka", "Terraform"),
        ["experience"] = new JsonObject { ["minYears"] = 5 },
        ["location"] = "Madrid",
        ["status"] = "open",
    };

    public static MultipartFormDataContent Form(byte[] bytes, string fileName, string? jobId = null, string contentType = "application/octet-stream")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        if (jobId is not null)
        {
            form.Add(new StringContent(jobId), "jobId");
        }
        return form;
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string candidateId, string fixture, string? jobId = null) =>
        client.PostAsync($"/api/candidates/{candidateId}/resumes", Form(Fixture(fixture), fixture, jobId));

    /// <summary>A candidate applying to the jobs, and their id.</summary>
    public static async Task<string> NewCandidateAsync(this HttpClient client, string email, string name, params string[] jobIds) =>
        (string)(await client.CreateCandidateAsync(HiringCalls.CandidateBody(email, name, jobIds)))["id"]!;

    public static async Task<string> NewJobAsync(this HttpClient client, JsonObject? body = null) =>
        (string)(await client.CreateJobAsync(body ?? BackendJob()))["id"]!;

    /// <summary>Polls the screening until it settles, as a client would after the 202.</summary>
    public static async Task<JsonObject> SettledAsync(this HttpClient client, string url)
    {
        JsonObject? screening = null;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await client.GetAsync(url);
            await response.ExpectAsync(HttpStatusCode.OK);
            screening = await response.JsonAsync();
            return (string)screening["status"]! is "succeeded" or "failed";
        }, $"{url} settles");
        return screening!;
    }

    public static Task<HttpResponseMessage> ScreenAsync(this HttpClient client, string jobId, params string[] candidateIds) =>
        client.PostAsJsonAsync($"/api/jobs/{jobId}/screenings", new JsonObject { ["candidateIds"] = new JsonArray([.. candidateIds.Select(c => (JsonNode)c)]) });
}
