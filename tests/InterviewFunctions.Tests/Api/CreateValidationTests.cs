using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Api;

/// <summary>Every kind of bad create request gets a 4xx problem naming what is wrong, and stores nothing.</summary>
public sealed class CreateValidationTests : IDisposable
{
    private readonly TestApp _app = new();
    private readonly HttpClient _recruiter;

    public CreateValidationTests() => _recruiter = _app.ClientFor(TestApp.AcmeRecruiter);

    public void Dispose() => _app.Dispose();

    public static TheoryData<string, string, string> BadFields => new()
    {
        { "type", "\"coffee_chat\"", "must be one of" },
        { "type", "null", "is required" },
        { "scheduledStart", "\"2026-12-01T10:00:00\"", "UTC offset" },
        { "scheduledStart", "\"next tuesday\"", "UTC offset" },
        { "scheduledStart", "\"2026-11-20T10:00:00Z\"", "in the past" },
        { "scheduledStart", "\"2030-01-01T10:00:00Z\"", "days ahead" },
        { "timeZone", "\"Mars/Olympus_Mons\"", "IANA time zone" },
        { "candidate.timeZone", "\"CEST\"", "IANA time zone" },
        { "candidate.email", "\"ada-at-example.com\"", "email address" },
        { "candidate.email", "\"ada@example\"", "email address" },
        { "candidate.name", "\"\"", "is required" },
        { "company", "\"" + new string('x', 201) + "\"", "at most 200" },
        { "role", "\"" + new string('x', 201) + "\"", "at most 200" },
        { "notes", "\"" + new string('x', 10_001) + "\"", "at most 10000" },
        { "durationMinutes", "2", "between 5 and 480" },
        { "durationMinutes", "\"sixty\"", "wrong type" },
        { "meetingLink", "\"javascript:alert(1)\"", "http or https" },
        { "interviewers[0].email", "[{\"name\":\"Bob\",\"email\":\"bob\"}]", "email address" },
        { "unexpected", "true", "not a field" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_answers_400_naming_it_and_stores_nothing(string field, string json, string message)
    {
        var body = ApiCalls.NewInterviewBody();
        var path = field.Replace("[0]", "", StringComparison.Ordinal).Split('.');
        var target = path.Length == 2 && path[0] != "interviewers" ? body[path[0]]!.AsObject() : body;
        target[path.Length == 2 && path[0] != "interviewers" ? path[1] : path[0]] = JsonNode.Parse(json);

        using var response = await _recruiter.PostJsonAsync("/api/interviews", body);

        Assert.Contains(message, await response.FieldErrorAsync(field), StringComparison.Ordinal);
        Assert.Empty(await _recruiter.ListItemsAsync("/api/interviews"));
    }

    [Fact]
    public async Task Several_bad_fields_are_all_named_at_once()
    {
        var body = ApiCalls.NewInterviewBody();
        body["type"] = "lunch";
        body["timeZone"] = "Nowhere/Town";
        body["candidate"]!["email"] = "nope";

        using var response = await _recruiter.PostJsonAsync("/api/interviews", body);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("type") && errors.ContainsKey("timeZone") && errors.ContainsKey("candidate.email"), errors.ToJsonString());
    }

    [Theory]
    [InlineData("{\"company\": ", "company")]
    [InlineData("[1,2,3]", "body")]
    [InlineData("\"just a string\"", "body")]
    public async Task Malformed_json_answers_400(string json, string field)
    {
        using var response = await _recruiter.PostAsync("/api/interviews", new StringContent(json, Encoding.UTF8, "application/json"));

        await response.FieldErrorAsync(field);
        Assert.Empty(await _recruiter.ListItemsAsync("/api/interviews"));
    }

    [Fact]
    public async Task A_missing_body_answers_400()
    {
        using var response = await _recruiter.PostAsync("/api/interviews", new StringContent("", Encoding.UTF8, "application/json"));

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_json_answers_415()
    {
        using var response = await _recruiter.PostAsync("/api/interviews", new StringContent("company=Acme", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_answers_413_before_it_is_read()
    {
        var body = ApiCalls.NewInterviewBody();
        body["notes"] = new string('x', 300 * 1024);

        using var response = await _recruiter.PostJsonAsync("/api/interviews", body);

        var problem = await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("at most", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Empty(await _recruiter.ListItemsAsync("/api/interviews"));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\tinside")]
    [InlineData("LONG")]
    public async Task A_malformed_idempotency_key_answers_400(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/interviews") { Content = new StringContent(ApiCalls.NewInterviewBody().ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key == "LONG" ? new string('k', 201) : key);

        using var response = await _recruiter.SendAsync(request);

        await response.FieldErrorAsync("Idempotency-Key");
    }

    [Fact]
    public async Task Unknown_routes_and_methods_answer_with_problems()
    {
        using var missing = await _recruiter.GetAsync("/api/nothing-here");
        using var wrongMethod = await _recruiter.PutAsync("/api/interviews", new StringContent("{}", Encoding.UTF8, "application/json"));

        await missing.ProblemAsync(HttpStatusCode.NotFound);
        await wrongMethod.ProblemAsync(HttpStatusCode.MethodNotAllowed);
    }
}
