using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Hiring;

/// <summary>Bodies and calls the jobs and candidates API tests share.</summary>
internal static class HiringCalls
{
    public static JsonObject JobBody(string title = "Site Engineer", string? status = null, string domain = "civil-engineering") => new()
    {
        ["title"] = title,
        ["domain"] = domain,
        ["department"] = "Infrastructure",
        ["description"] = "Supervise earthworks and concrete pours.",
        ["requiredSkills"] = new JsonArray("AutoCAD", "Site safety"),
        ["niceToHaveSkills"] = new JsonArray("Revit"),
        ["experience"] = new JsonObject { ["minYears"] = 3, ["maxYears"] = 8 },
        ["location"] = "Leeds",
        ["workplace"] = "onsite",
        ["status"] = status,
    };

    public static JsonObject CandidateBody(string email = "grace@example.com", string name = "Grace Hopper", params string[] jobIds) => new()
    {
        ["name"] = name,
        ["email"] = email,
        ["phone"] = "+1 (415) 555-0100",
        ["links"] = new JsonArray("https://www.linkedin.com/in/example", "https://grace.example.com"),
        ["location"] = "New York",
        ["jobIds"] = new JsonArray([.. jobIds.Select(id => (JsonNode)id)]),
        ["notes"] = "Referred by the platform team.",
    };

    public static async Task<JsonObject> CreateJobAsync(this HttpClient client, JsonObject? body = null)
    {
        using var response = await client.PostAsJsonAsync("/api/jobs", body ?? JobBody());
        await response.ExpectAsync(HttpStatusCode.Created);
        return await response.JsonAsync();
    }

    public static async Task<JsonObject> CreateCandidateAsync(this HttpClient client, JsonObject? body = null)
    {
        using var response = await client.PostAsJsonAsync("/api/candidates", body ?? CandidateBody());
        await response.ExpectAsync(HttpStatusCode.Created);
        return await response.JsonAsync();
    }

    public static Task<HttpResponseMessage> MergePatchAsync(this HttpClient client, string url, JsonNode body, string? ifMatch = null) =>
        client.SendJsonAsync(HttpMethod.Patch, url, body, ifMatch, "application/merge-patch+json");

    public static Task<HttpResponseMessage> DeleteAsync(this HttpClient client, string url, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, url);
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostWithKeyAsync(this HttpClient client, string url, JsonNode body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    /// <summary>Every id of a listing, read page by page to the end; also how many pages it took.</summary>
    public static async Task<(List<string> Ids, int Pages)> ReadAllPagesAsync(this HttpClient client, string url)
    {
        var ids = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var separator = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            using var response = await client.GetAsync(token is null ? url : $"{url}{separator}continuationToken={Uri.EscapeDataString(token)}");
            await response.ExpectAsync(HttpStatusCode.OK);
            var body = await response.JsonAsync();
            ids.AddRange(body["items"]!.AsArray().Select(i => (string)i!["id"]!));
            token = (string?)body["continuationToken"];
            pages++;
        }
        while (token is not null && pages < 50);
        return (ids, pages);
    }
}
