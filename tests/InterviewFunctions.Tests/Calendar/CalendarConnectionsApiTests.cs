using System.Net;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Calendar;

public sealed class CalendarConnectionsApiTests : IDisposable
{
    private readonly TestApp _app = new();

    public void Dispose() => _app.Dispose();

    public static JsonObject CalcomConnectionBody(string secret = "whsec_calcom_0123456789") => new()
    {
        ["provider"] = "calcom",
        ["name"] = "Recruiting Cal.com",
        ["company"] = "Acme",
        ["role"] = "Backend Engineer",
        ["eventTypes"] = new JsonArray("technical-interview", "Phone Screen"),
        ["eventTypeMapping"] = new JsonObject { ["technical-interview"] = "technical", ["Phone Screen"] = "phone_screen" },
        ["titleKeywords"] = new JsonArray(new JsonObject { ["keyword"] = "on-site", ["type"] = "on_site" }),
        ["defaultType"] = "video_interview",
        ["candidateRule"] = "invitee",
        ["internalDomains"] = new JsonArray("acme.test"),
        ["defaultTimeZone"] = "Europe/Berlin",
        ["secret"] = secret,
    };

    [Fact]
    public async Task An_admin_creates_lists_reads_and_deletes_a_connection_whose_secret_is_never_answered()
    {
        using var admin = _app.ClientFor(TestApp.AcmeAdmin);
        using var created = await admin.PostJsonAsync("/api/calendar/connections", CalcomConnectionBody());
        await created.ExpectAsync(HttpStatusCode.Created);
        var body = await created.Content.ReadAsStringAsync();
        var connection = JsonNode.Parse(body)!.AsObject();
        var id = (string)connection["id"]!;

        Assert.DoesNotContain("whsec_calcom_0123456789", body, StringComparison.Ordinal);
        Assert.True((bool)connection["secret"]!["set"]!);
        Assert.Equal($"http://localhost:7071/api/webhooks/calcom?connection={id}", (string)connection["webhookUrl"]!);
        Assert.Equal("technical", (string)connection["eventTypeMapping"]!["technical-interview"]!);
        Assert.Equal($"/api/calendar/connections/{id}", created.Headers.Location!.ToString());

        var listed = await admin.ListItemsAsync("/api/calendar/connections");
        Assert.Equal([id], listed.Select(c => (string)c!["id"]!));
        Assert.DoesNotContain("whsec_calcom_0123456789", listed.ToJsonString(), StringComparison.Ordinal);
        using var read = await admin.GetAsync($"/api/calendar/connections/{id}");
        await read.ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain("whsec_calcom_0123456789", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var globex = _app.ClientFor(TestApp.GlobexAdmin);
        using var otherTenant = await globex.GetAsync($"/api/calendar/connections/{id}");
        await otherTenant.ProblemAsync(HttpStatusCode.NotFound);

        using var deleted = await admin.DeleteAsync($"/api/calendar/connections/{id}");
        await deleted.ExpectAsync(HttpStatusCode.NoContent);
        using var gone = await admin.GetAsync($"/api/calendar/connections/{id}");
        await gone.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(TestApp.AcmeRecruiter)]
    [InlineData(TestApp.AcmeInterviewer)]
    [InlineData(TestApp.AcmeCandidate)]
    public async Task Only_admins_manage_connections(string key)
    {
        using var client = _app.ClientFor(key);
        using var create = await client.PostJsonAsync("/api/calendar/connections", CalcomConnectionBody());
        using var list = await client.GetAsync("/api/calendar/connections");

        await create.ProblemAsync(HttpStatusCode.Forbidden);
        await list.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Anonymous_callers_are_refused()
    {
        using var anonymous = _app.CreateClient();
        using var response = await anonymous.GetAsync("/api/calendar/connections");
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("provider", "outlook")]
    [InlineData("secret", "no-secret-provided")]
    [InlineData("secret", "short")]
    [InlineData("defaultTimeZone", "Mars/Olympus")]
    [InlineData("defaultType", "tea_break")]
    [InlineData("candidateRule", "loudest")]
    public async Task Invalid_fields_are_answered_by_field_path(string field, string value)
    {
        using var admin = _app.ClientFor(TestApp.AcmeAdmin);
        var body = CalcomConnectionBody();
        body[field] = value;

        using var response = await admin.PostJsonAsync("/api/calendar/connections", body);

        await response.FieldErrorAsync(field);
        Assert.Empty(await admin.ListItemsAsync("/api/calendar/connections"));
    }

    [Fact]
    public async Task Nested_errors_name_their_path_and_provider_specific_fields_are_required()
    {
        using var admin = _app.ClientFor(TestApp.AcmeAdmin);
        var body = CalcomConnectionBody();
        body["eventTypeMapping"] = new JsonObject { ["technical-interview"] = "coffee" };
        body["titleKeywords"] = new JsonArray(new JsonObject { ["keyword"] = "", ["type"] = "panel" });
        using var nested = await admin.PostJsonAsync("/api/calendar/connections", body);
        var problem = await nested.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["eventTypeMapping.technical-interview"]);
        Assert.NotNull(problem["errors"]!["titleKeywords[0].keyword"]);

        using var graph = await admin.PostJsonAsync("/api/calendar/connections", new JsonObject { ["provider"] = "microsoft365", ["company"] = "Acme", ["role"] = "Engineer", ["internalDomains"] = new JsonArray("acme.test") });
        await graph.FieldErrorAsync("graphUserId");

        using var unknownField = await admin.PostJsonAsync("/api/calendar/connections", new JsonObject { ["provider"] = "calcom", ["sekret"] = "x" });
        await unknownField.ProblemAsync(HttpStatusCode.BadRequest);
    }
}
