using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace InterviewFunctions.Tests.Support;

/// <summary>Small helpers that keep the API tests about behaviour rather than HTTP plumbing.</summary>
public static class ApiCalls
{
    public static JsonObject NewInterviewBody(
        string scheduledStart = "2026-12-01T10:00:00+01:00",
        string type = "technical",
        string company = "Acme",
        string candidateEmail = TestApp.AdaEmail,
        string interviewerEmail = TestApp.BobEmail,
        string? jobId = null) => new()
    {
        ["candidate"] = new JsonObject { ["name"] = "Ada Lovelace", ["email"] = candidateEmail, ["timeZone"] = "Europe/London" },
        ["company"] = company,
        ["role"] = "Backend Engineer",
        ["jobId"] = jobId,
        ["type"] = type,
        ["scheduledStart"] = scheduledStart,
        ["timeZone"] = "Europe/Berlin",
        ["durationMinutes"] = 45,
        ["interviewers"] = new JsonArray(new JsonObject { ["name"] = "Bob Builder", ["email"] = interviewerEmail }),
        ["meetingLink"] = "https://meet.example.com/abc",
    };

    public static async Task<JsonObject> CreateAsync(this HttpClient client, JsonObject? body = null)
    {
        using var response = await client.PostAsJsonAsync("/api/interviews", body ?? NewInterviewBody());
        await response.ExpectAsync(HttpStatusCode.Created);
        return await response.JsonAsync();
    }

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static async Task ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            Assert.Fail($"Expected {(int)status} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Asserts a problem+json answer with the status, and returns it.</summary>
    public static async Task<JsonObject> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        await response.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal((int)status, (int)problem["status"]!);
        return problem;
    }

    /// <summary>Asserts a 400 validation problem that names the field, and returns its messages.</summary>
    public static async Task<string> FieldErrorAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors?.ContainsKey(field) == true, $"Expected an error for '{field}' in {problem.ToJsonString()}");
        return string.Join(" ", errors![field]!.AsArray().Select(e => (string)e!));
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, JsonNode body) =>
        client.PostAsync(url, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, JsonNode body, string? ifMatch = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, contentType) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    public static async Task<JsonArray> ListItemsAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ExpectAsync(HttpStatusCode.OK);
        return (await response.JsonAsync())["items"]!.AsArray();
    }
}
