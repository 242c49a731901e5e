using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Identity;
using InterviewFunctions.App.Calendar;
using InterviewFunctions.App.Calendar.Providers;
using InterviewFunctions.Tests.Reminders;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.Tests.Calendar;

/// <summary>
/// Workload identity federation from Azure to Google: the credential against a fake STS and IAM Credentials service that
/// record the exact requests, and the app's Google sync going through it end to end.
/// </summary>
public sealed class GoogleWorkloadIdentityTests : IAsyncLifetime, IDisposable
{
    private const string Audience = "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/azure-pool/providers/interview-functions";
    private const string EntraScope = "api://interview-functions-google/.default";
    private const string CalendarScope = "https://www.googleapis.com/auth/calendar.readonly";

    private readonly FakeClock _clock = new();
    private readonly FakeEntraCredential _entra = new();
    private readonly FakeGoogleIdentityServer _identity;
    private readonly HttpClient _http = new();

    public GoogleWorkloadIdentityTests() => _identity = new FakeGoogleIdentityServer(_clock.GetUtcNow);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _identity.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private CalendarOptions Options(string? serviceAccount = FakeGoogleIdentityServer.ServiceAccount, string entraScope = EntraScope) => new()
    {
        GoogleWorkloadIdentityAudience = Audience,
        GoogleEntraScope = entraScope,
        GoogleServiceAccountEmail = serviceAccount ?? "",
        GoogleStsUrl = _identity.StsUrl,
        GoogleIamCredentialsBaseUrl = _identity.IamCredentialsBaseUrl,
    };

    private GoogleWorkloadIdentityCredential Credential(CalendarOptions options) =>
        new(_http, _entra, Microsoft.Extensions.Options.Options.Create(options), _clock, NullLogger<GoogleWorkloadIdentityCredential>.Instance);

    private static ValueTask<AccessToken> CalendarTokenAsync(GoogleWorkloadIdentityCredential credential) =>
        credential.GetTokenAsync(new TokenRequestContext([CalendarScope]), CancellationToken.None);

    [Fact]
    public async Task The_Entra_token_is_exchanged_at_STS_and_the_federated_token_impersonates_the_service_account()
    {
        using var credential = Credential(Options());

        var token = await CalendarTokenAsync(credential);

        Assert.Equal(FakeGoogleIdentityServer.ImpersonatedToken(1), token.Token);
        Assert.Equal(_clock.GetUtcNow().AddHours(1), token.ExpiresOn);
        Assert.Equal([EntraScope], _entra.Scopes);

        var exchange = Assert.Single(_identity.Exchanges);
        Assert.Equal("POST", exchange.Method);
        Assert.StartsWith("application/x-www-form-urlencoded", exchange.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.False(exchange.Headers.ContainsKey("Authorization"), "STS must be called without an Authorization header");
        Assert.Equal(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["audience"] = Audience,
            ["scope"] = "https://www.googleapis.com/auth/cloud-platform",
            ["requested_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
            ["subject_token"] = FakeEntraCredential.Token(1),
        }, FakeGoogleIdentityServer.Form(exchange.Body));

        var impersonation = Assert.Single(_identity.Impersonations);
        Assert.Equal("POST", impersonation.Method);
        Assert.Equal($"Bearer {FakeGoogleIdentityServer.FederatedToken(1)}", impersonation.Headers["Authorization"]);
        Assert.StartsWith("application/json", impersonation.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(
            new JsonObject { ["scope"] = new JsonArray(CalendarScope), ["lifetime"] = "3600s" },
            JsonNode.Parse(impersonation.Body)), impersonation.Body);
        Assert.Equal(2, _identity.RequestCount);
    }

    [Fact]
    public async Task Without_a_service_account_the_federated_token_is_used_directly_for_the_scopes_asked()
    {
        _identity.StsExpiresIn = 1800;
        using var credential = Credential(Options(serviceAccount: null));

        var token = await CalendarTokenAsync(credential);

        Assert.Equal(FakeGoogleIdentityServer.FederatedToken(1), token.Token);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(1800), token.ExpiresOn);
        Assert.Equal(CalendarScope, FakeGoogleIdentityServer.Form(Assert.Single(_identity.Exchanges).Body)["scope"]);
        Assert.Empty(_identity.Impersonations);
    }

    [Fact]
    public async Task A_token_is_reused_until_five_minutes_before_it_expires_and_then_exchanged_anew()
    {
        using var credential = Credential(Options());
        var first = await CalendarTokenAsync(credential);

        _clock.Advance(TimeSpan.FromMinutes(54));
        var reused = await CalendarTokenAsync(credential);
        Assert.Equal(first.Token, reused.Token);
        Assert.Equal(2, _identity.RequestCount);

        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var renewed = await CalendarTokenAsync(credential);

        Assert.Equal(FakeGoogleIdentityServer.ImpersonatedToken(2), renewed.Token);
        Assert.Equal(2, _identity.Exchanges.Count);
        Assert.Equal(2, _identity.Impersonations.Count);
        // A fresh Entra token for the second exchange, not the first one again.
        Assert.Equal(FakeEntraCredential.Token(2), FakeGoogleIdentityServer.Form(_identity.Exchanges[1].Body)["subject_token"]);
        Assert.Equal(_clock.GetUtcNow().AddHours(1), renewed.ExpiresOn);
    }

    [Fact]
    public async Task Callers_arriving_during_an_exchange_share_it()
    {
        using var credential = Credential(Options());
        _identity.HoldSts();

        // Each call runs until it waits: the first on STS, the others on the exchange under way.
        var calls = Enumerable.Range(0, 8).Select(_ => CalendarTokenAsync(credential).AsTask()).ToList();
        await ReminderTestKit.UntilAsync(() => Task.FromResult(_identity.Exchanges.Count), n => n == 1, "the first caller's exchange to reach STS");
        Assert.All(calls, c => Assert.False(c.IsCompleted));
        _identity.ReleaseSts();
        var tokens = await Task.WhenAll(calls);

        Assert.All(tokens, t => Assert.Equal(FakeGoogleIdentityServer.ImpersonatedToken(1), t.Token));
        Assert.Single(_identity.Exchanges);
        Assert.Single(_identity.Impersonations);
        Assert.Single(_entra.Scopes);
    }

    [Fact]
    public async Task An_STS_refusal_is_a_clear_error_that_keeps_nothing_and_the_next_call_tries_again()
    {
        _identity.StsRefusal = FakeGoogleIdentityServer.Json(400, new JsonObject
        {
            ["error"] = "invalid_grant",
            ["error_description"] = "The audience in ID Token [api://someone-else] does not match the expected audience.",
        });
        using var credential = Credential(Options());

        var refused = await Assert.ThrowsAsync<CalendarProviderException>(() => CalendarTokenAsync(credential).AsTask());

        Assert.Contains("Google STS refused to exchange the Entra ID token: 400 invalid_grant: The audience in ID Token", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeEntraCredential.Token(1), refused.Message, StringComparison.Ordinal);
        Assert.Empty(_identity.Impersonations);

        _identity.StsRefusal = null;
        var token = await CalendarTokenAsync(credential);

        Assert.Equal(FakeGoogleIdentityServer.ImpersonatedToken(1), token.Token);
        Assert.Equal(2, _identity.Exchanges.Count);
    }

    [Fact]
    public async Task A_refused_impersonation_names_the_service_account_and_Google_s_reason()
    {
        _identity.IamRefusal = FakeGoogleIdentityServer.Json(403, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = 403,
                ["message"] = "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).",
                ["status"] = "PERMISSION_DENIED",
            },
        });
        using var credential = Credential(Options());

        var refused = await Assert.ThrowsAsync<CalendarProviderException>(() => CalendarTokenAsync(credential).AsTask());

        Assert.Equal(
            $"Google IAM Credentials refused to let the federated identity impersonate {FakeGoogleIdentityServer.ServiceAccount}: 403 PERMISSION_DENIED: "
            + "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).",
            refused.Message);
        Assert.DoesNotContain(FakeGoogleIdentityServer.FederatedToken(1), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_Entra_token_there_is_a_clear_error_and_no_call_to_Google()
    {
        _entra.Failure = new CredentialUnavailableException("ManagedIdentityCredential authentication unavailable. No Managed Identity endpoint found.");
        using var credential = Credential(Options());

        var failed = await Assert.ThrowsAsync<CalendarProviderException>(() => CalendarTokenAsync(credential).AsTask());

        Assert.StartsWith($"No Entra ID token for {EntraScope}, so none to exchange with Google: ManagedIdentityCredential", failed.Message, StringComparison.Ordinal);
        Assert.IsType<CredentialUnavailableException>(failed.InnerException);
        Assert.Equal(0, _identity.RequestCount);
    }

    [Fact]
    public async Task A_missing_Entra_scope_is_named_before_anything_is_asked()
    {
        using var credential = Credential(Options(entraScope: " "));

        var failed = await Assert.ThrowsAsync<CalendarProviderException>(() => CalendarTokenAsync(credential).AsTask());

        Assert.Contains("Calendar__GoogleEntraScope is not set", failed.Message, StringComparison.Ordinal);
        Assert.Empty(_entra.Scopes);
        Assert.Equal(0, _identity.RequestCount);
    }

    private const string CalendarId = "recruiting@acme.test";

    /// <summary>The Google Calendar API: a watch opens a channel, events.list answers the fixture page.</summary>
    private static RecordingHttpServer GoogleCalendarApi() => new(request =>
    {
        var path = request.PathAndQuery.Split('?')[0];
        if (request.Method == "POST" && path == $"/calendar/v3/calendars/{Uri.EscapeDataString(CalendarId)}/events/watch")
        {
            var body = JsonNode.Parse(request.Body)!;
            return FakeGoogleIdentityServer.Json(200, new JsonObject
            {
                ["kind"] = "api#channel",
                ["id"] = (string?)body["id"],
                ["resourceId"] = "o3hgv1538sdjfh",
                ["token"] = (string?)body["token"],
                ["expiration"] = (string?)body["expiration"],
            });
        }
        if (request.Method == "GET" && path == $"/calendar/v3/calendars/{Uri.EscapeDataString(CalendarId)}/events")
        {
            return FakeGoogleIdentityServer.Json(200, JsonNode.Parse(File.ReadAllBytes(
                Path.Combine(RepoPaths.Root, "tests", "InterviewFunctions.Tests", "Calendar", "Fixtures", "google-events-page.json")))!);
        }
        return new RecordingHttpServer.Reply(400, "{}");
    });

    /// <summary>The real app configured as infra configures it in Azure, with the managed identity's Entra ID credential faked.</summary>
    private TestApp FederatedApp(RecordingHttpServer googleApi) => new(new Dictionary<string, string?>
    {
        ["Calendar:GoogleBaseUrl"] = $"{googleApi.BaseUri}calendar/v3",
        ["Calendar:PublicBaseUrl"] = "https://interviews.example.com",
        ["Calendar:GoogleWorkloadIdentityAudience"] = Audience,
        ["Calendar:GoogleEntraScope"] = EntraScope,
        ["Calendar:GoogleServiceAccountEmail"] = FakeGoogleIdentityServer.ServiceAccount,
        ["Calendar:GoogleStsUrl"] = _identity.StsUrl,
        ["Calendar:GoogleIamCredentialsBaseUrl"] = _identity.IamCredentialsBaseUrl,
    }, clock: _clock)
    {
        TestServices = services => services.AddSingleton<TokenCredential>(_entra),
    };

    private static async Task<string> ConnectAsync(HttpClient admin)
    {
        using var created = await admin.PostJsonAsync("/api/calendar/connections", new JsonObject
        {
            ["provider"] = "google",
            ["company"] = "Acme",
            ["role"] = "Data Scientist",
            ["googleCalendarId"] = CalendarId,
            ["internalDomains"] = new JsonArray("acme.test"),
            ["titleKeywords"] = new JsonArray(new JsonObject { ["keyword"] = "panel", ["type"] = "panel" }),
        });
        await created.ExpectAsync(HttpStatusCode.Created);
        return (string)(await created.JsonAsync())["id"]!;
    }

    [Fact]
    public async Task The_app_s_Google_watch_and_sync_carry_the_impersonated_token()
    {
        await using var googleApi = GoogleCalendarApi();
        using var app = FederatedApp(googleApi);
        using var admin = app.ClientFor(TestApp.AcmeAdmin);
        using var provider = app.CreateClient();
        var id = await ConnectAsync(admin);

        using (var watched = await admin.PostAsync($"/api/calendar/connections/{id}/subscription", null))
        {
            await watched.ExpectAsync(HttpStatusCode.OK);
        }
        var watch = JsonNode.Parse(Assert.Single(googleApi.Requests).Body)!;
        using var push = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/google?connection={id}");
        push.Headers.Add("X-Goog-Channel-ID", (string)watch["id"]!);
        push.Headers.Add("X-Goog-Channel-Token", (string)watch["token"]!);
        push.Headers.Add("X-Goog-Resource-ID", "o3hgv1538sdjfh");
        push.Headers.Add("X-Goog-Resource-State", "exists");
        push.Headers.Add("X-Goog-Message-Number", "2");
        using (var pushed = await provider.SendAsync(push))
        {
            await pushed.ExpectAsync(HttpStatusCode.Accepted);
        }
        await ReminderTestKit.UntilAsync(() => admin.ListItemsAsync("/api/interviews?pageSize=200"), i => i.Count == 1, "the synced panel interview");

        var calls = googleApi.Requests.ToList();
        Assert.Equal(["POST", "GET"], calls.Select(c => c.Method));
        Assert.All(calls, c => Assert.Equal($"Bearer {FakeGoogleIdentityServer.ImpersonatedToken(1)}", c.Headers["Authorization"]));
        // One exchange served both calls; the Entra credential was asked only for the pool provider's scope.
        Assert.Single(_identity.Exchanges);
        Assert.Single(_identity.Impersonations);
        Assert.Equal([EntraScope], _entra.Scopes);
        Assert.Equal(FakeEntraCredential.Token(1), FakeGoogleIdentityServer.Form(_identity.Exchanges[0].Body)["subject_token"]);
    }

    [Fact]
    public async Task A_refused_exchange_when_watching_is_a_502_problem_that_names_it_and_calls_no_calendar()
    {
        _identity.StsRefusal = FakeGoogleIdentityServer.Json(400, new JsonObject
        {
            ["error"] = "invalid_request",
            ["error_description"] = "Invalid value for \"audience\". This value should be the full resource name of the Identity Provider.",
        });
        await using var googleApi = GoogleCalendarApi();
        using var app = FederatedApp(googleApi);
        using var admin = app.ClientFor(TestApp.AcmeAdmin);
        var id = await ConnectAsync(admin);

        using var watched = await admin.PostAsync($"/api/calendar/connections/{id}/subscription", null);

        var problem = await watched.ProblemAsync(HttpStatusCode.BadGateway);
        Assert.StartsWith("Google STS refused to exchange the Entra ID token: 400 invalid_request", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Empty(googleApi.Requests);
        using var connection = await admin.GetAsync($"/api/calendar/connections/{id}");
        Assert.Null((await connection.JsonAsync())["subscription"]);
    }
}
