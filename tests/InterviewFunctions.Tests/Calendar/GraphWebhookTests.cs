using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using InterviewFunctions.App.Calendar;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Tests.Reminders;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Calendar;

/// <summary>Microsoft Graph change notifications through the real app, with a fake Graph on loopback that records what it was asked.</summary>
public sealed class GraphWebhookTests : IAsyncLifetime, IDisposable
{
    private const string EventId = "AAMkAGI1AAAt9AHjAAA=";
    private const string PublicBase = "https://interviews.example.com";

    private readonly ConcurrentDictionary<string, JsonObject> _events = new(StringComparer.OrdinalIgnoreCase);
    private readonly RecordingHttpServer _graph;
    private readonly RecordingCredential _credential = new();
    private readonly TestApp _app;
    private readonly HttpClient _admin;
    private readonly HttpClient _provider;
    private int _subscriptions;

    public GraphWebhookTests()
    {
        _graph = new RecordingHttpServer(Answer);
        _app = new TestApp(new Dictionary<string, string?>
        {
            ["Calendar:GraphBaseUrl"] = $"{_graph.BaseUri}v1.0",
            ["Calendar:PublicBaseUrl"] = PublicBase,
        })
        {
            TestServices = services => services.AddSingleton<TokenCredential>(_credential),
        };
        _admin = _app.ClientFor(TestApp.AcmeAdmin);
        _provider = _app.CreateClient();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _graph.DisposeAsync();

    public void Dispose()
    {
        _admin.Dispose();
        _provider.Dispose();
        _app.Dispose();
    }

    /// <summary>The fake Graph: subscriptions are created and renewed for what was asked; events are served from <see cref="_events"/>.</summary>
    private RecordingHttpServer.Reply Answer(RecordingHttpServer.Recorded request)
    {
        var path = request.PathAndQuery.Split('?')[0];
        if (request.Method == "POST" && path == "/v1.0/subscriptions")
        {
            var body = JsonNode.Parse(request.Body)!;
            var id = $"sub-{Interlocked.Increment(ref _subscriptions)}";
            return Json(201, new JsonObject { ["id"] = id, ["resource"] = (string?)body["resource"], ["expirationDateTime"] = (string?)body["expirationDateTime"], ["clientState"] = (string?)body["clientState"] });
        }
        if (request.Method == "PATCH" && path.StartsWith("/v1.0/subscriptions/", StringComparison.Ordinal))
        {
            var id = path["/v1.0/subscriptions/".Length..];
            return id == "sub-gone"
                ? Json(404, new JsonObject { ["error"] = new JsonObject { ["code"] = "ResourceNotFound" } })
                : Json(200, new JsonObject { ["id"] = id, ["expirationDateTime"] = (string?)JsonNode.Parse(request.Body)!["expirationDateTime"] });
        }
        if (request.Method == "GET" && path.Contains("/events/", StringComparison.OrdinalIgnoreCase))
        {
            var id = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
            return _events.TryGetValue(id, out var e) ? Json(200, e) : Json(404, new JsonObject { ["error"] = new JsonObject { ["code"] = "ErrorItemNotFound" } });
        }
        return new RecordingHttpServer.Reply(400, "{}");
    }

    private static RecordingHttpServer.Reply Json(int status, JsonNode body) =>
        new(status, body.ToJsonString(), new Dictionary<string, string> { ["Content-Type"] = "application/json" });

    private static JsonObject GraphEvent(DateTimeOffset? start = null, DateTimeOffset? modified = null, bool cancelled = false)
    {
        var e = JsonNode.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "InterviewFunctions.Tests", "Calendar", "Fixtures", "graph-event.json")))!.AsObject();
        if (start is { } s)
        {
            e["start"] = new JsonObject { ["dateTime"] = s.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture), ["timeZone"] = "UTC" };
            e["end"] = new JsonObject { ["dateTime"] = s.UtcDateTime.AddMinutes(90).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture), ["timeZone"] = "UTC" };
        }
        if (modified is { } m)
        {
            e["lastModifiedDateTime"] = m.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        }
        e["isCancelled"] = cancelled;
        return e;
    }

    /// <summary>A connection with its subscription; answers the connection id and the client state Graph was given.</summary>
    private async Task<(string Id, string ClientState, string SubscriptionId)> ConnectAndSubscribeAsync()
    {
        using var created = await _admin.PostJsonAsync("/api/calendar/connections", new JsonObject
        {
            ["provider"] = "microsoft365",
            ["company"] = "Acme",
            ["role"] = "Platform Engineer",
            ["graphUserId"] = "bob@acme.test",
            ["internalDomains"] = new JsonArray("acme.test"),
            ["eventTypeMapping"] = new JsonObject { ["Interview"] = "technical" },
            ["defaultTimeZone"] = "Europe/Berlin",
        });
        await created.ExpectAsync(HttpStatusCode.Created);
        var id = (string)(await created.JsonAsync())["id"]!;
        using var subscribed = await _admin.PostAsync($"/api/calendar/connections/{id}/subscription", null);
        await subscribed.ExpectAsync(HttpStatusCode.OK);
        var subscription = (await subscribed.JsonAsync())["subscription"]!;
        var request = _graph.Requests.Last(r => r.Method == "POST");
        return (id, (string)JsonNode.Parse(request.Body)!["clientState"]!, (string)subscription["id"]!);
    }

    private Task<HttpResponseMessage> NotifyAsync(string connection, JsonObject notification) =>
        _provider.PostAsync($"/api/webhooks/graph?connection={connection}",
            new StringContent(new JsonObject { ["value"] = new JsonArray(notification) }.ToJsonString(), Encoding.UTF8, "application/json"));

    private static JsonObject Change(string subscriptionId, string clientState, string changeType) => new()
    {
        ["subscriptionId"] = subscriptionId,
        ["subscriptionExpirationDateTime"] = "2026-11-24T07:00:00.0000000Z",
        ["changeType"] = changeType,
        ["resource"] = $"Users/bob@acme.test/Events/{EventId}",
        ["resourceData"] = new JsonObject
        {
            ["@odata.type"] = "#Microsoft.Graph.Event",
            ["@odata.id"] = $"Users/bob@acme.test/Events/{EventId}",
            ["@odata.etag"] = "W/\"DwAAABYAAAAYrxaUmlfJR6pdKbBVE5B8AAAJsH1e\"",
            ["id"] = EventId,
        },
        ["clientState"] = clientState,
        ["tenantId"] = "bb8775a4-4d8c-42cf-a1d4-4d58c2bb668f",
    };

    private Task<JsonArray> InterviewsAsync() => _admin.ListItemsAsync("/api/interviews?pageSize=200");

    [Fact]
    public async Task The_validation_handshake_echoes_the_token_as_plain_text()
    {
        using var response = await _provider.PostAsync("/api/webhooks/graph?validationToken=Validation%3A%20Testing%20client%20application%20reachability%20for%20subscription%20Request-Id%3A%2025f2b4e5", null);

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Validation: Testing client application reachability for subscription Request-Id: 25f2b4e5", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_subscription_is_created_for_the_users_events_with_a_token_for_graph()
    {
        var (id, clientState, subscriptionId) = await ConnectAndSubscribeAsync();

        var request = Assert.Single(_graph.Requests, r => r.Method == "POST");
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("/v1.0/subscriptions", request.PathAndQuery);
        Assert.Equal("Bearer test-token", request.Headers["Authorization"]);
        Assert.Contains("https://graph.microsoft.com/.default", _credential.Scopes);
        Assert.Equal("created,updated,deleted", (string)body["changeType"]!);
        Assert.Equal("users/bob@acme.test/events", (string)body["resource"]!);
        Assert.Equal($"{PublicBase}/api/webhooks/graph?connection={id}", (string)body["notificationUrl"]!);
        Assert.Equal($"{PublicBase}/api/webhooks/graph?connection={id}", (string)body["lifecycleNotificationUrl"]!);
        Assert.Equal(FakeClock.DefaultStart.AddMinutes(4200), DateTimeOffset.Parse((string)body["expirationDateTime"]!, CultureInfo.InvariantCulture));
        Assert.True(clientState.Length >= 32);
        Assert.Equal("sub-1", subscriptionId);
        // The generated client state is a secret like any other: never answered.
        using var read = await _admin.GetAsync($"/api/calendar/connections/{id}");
        Assert.DoesNotContain(clientState, await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notification_is_acknowledged_then_the_event_is_fetched_and_becomes_an_interview()
    {
        var (id, clientState, subscriptionId) = await ConnectAndSubscribeAsync();
        _events[EventId] = GraphEvent();

        using var response = await NotifyAsync(id, Change(subscriptionId, clientState, "created"));

        await response.ExpectAsync(HttpStatusCode.Accepted);
        var interview = (await ReminderTestKit.UntilAsync(InterviewsAsync, i => i.Count == 1, "the event's interview"))[0]!;
        Assert.Equal("grace@example.org", (string)interview["candidate"]!["email"]!);
        Assert.Equal("technical", (string)interview["type"]!);
        Assert.Equal("Europe/Berlin", (string)interview["timeZone"]!);
        Assert.Equal(90, (int)interview["durationMinutes"]!);
        Assert.Equal(["bob@acme.test", "eve@acme.test"], interview["interviewers"]!.AsArray().Select(i => (string)i!["email"]!).Order(StringComparer.Ordinal));
        var fetch = Assert.Single(_graph.Requests, r => r.Method == "GET");
        Assert.Equal($"/v1.0/Users/bob@acme.test/Events/{EventId}", Uri.UnescapeDataString(fetch.PathAndQuery));
        Assert.Equal("outlook.timezone=\"UTC\"", fetch.Headers["Prefer"]);
        Assert.Equal("Bearer test-token", fetch.Headers["Authorization"]);
    }

    [Fact]
    public async Task A_notification_with_another_client_state_is_refused_and_nothing_is_fetched()
    {
        var (id, _, subscriptionId) = await ConnectAndSubscribeAsync();
        _events[EventId] = GraphEvent();

        using var response = await NotifyAsync(id, Change(subscriptionId, "guessed-client-state", "created"));
        using var missing = await NotifyAsync(id, Change(subscriptionId, clientState: null!, "created"));

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        await missing.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(_graph.Requests, r => r.Method == "GET");
        Assert.Empty(await InterviewsAsync());
    }

    [Fact]
    public async Task Updates_move_the_interview_and_a_deletion_cancels_it_after_the_window()
    {
        var (id, clientState, subscriptionId) = await ConnectAndSubscribeAsync();
        _events[EventId] = GraphEvent();
        using (var created = await NotifyAsync(id, Change(subscriptionId, clientState, "created")))
        {
            await created.ExpectAsync(HttpStatusCode.Accepted);
        }
        var interviewId = (string)(await ReminderTestKit.UntilAsync(InterviewsAsync, i => i.Count == 1, "the event's interview"))[0]!["id"]!;

        var later = new DateTimeOffset(2026, 12, 9, 13, 0, 0, TimeSpan.Zero);
        _events[EventId] = GraphEvent(later, FakeClock.DefaultStart.AddMinutes(1));
        using (var updated = await NotifyAsync(id, Change(subscriptionId, clientState, "updated")))
        {
            await updated.ExpectAsync(HttpStatusCode.Accepted);
        }
        await ReminderTestKit.UntilAsync(InterviewsAsync, i => (string)i[0]!["status"]! == "rescheduled", "the move");
        Assert.Equal(later, DateTimeOffset.Parse((string)(await InterviewsAsync())[0]!["scheduledStart"]!, CultureInfo.InvariantCulture));
        Assert.Equal(2, (int)(await _admin.PlanAsync(interviewId))["scheduleVersion"]!);

        _events.TryRemove(EventId, out _);
        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        using (var deleted = await NotifyAsync(id, Change(subscriptionId, clientState, "deleted")))
        {
            await deleted.ExpectAsync(HttpStatusCode.Accepted);
        }
        await ReminderTestKit.UntilAsync(async () => (await _admin.GetAsync($"/api/calendar/connections/{id}/deliveries")).Content.ReadAsStringAsync().Result,
            log => log.Contains("cancel_held", StringComparison.Ordinal), "the deletion to be held");
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await ReminderTestKit.UntilAsync(InterviewsAsync, i => (string)i[0]!["status"]! == "cancelled", "the deletion to cancel");
    }

    [Fact]
    public async Task The_timer_renews_a_subscription_only_within_the_renewal_margin()
    {
        var (id, _, subscriptionId) = await ConnectAndSubscribeAsync();
        var expiry = FakeClock.DefaultStart.AddMinutes(4200);
        var timer = _app.Services.GetServices<ITimerFunction>().Single(f => f.FunctionName == CalendarSubscriptionRenewalFunction.Name);

        _app.Clock.Set(expiry - TimeSpan.FromHours(12) - TimeSpan.FromMinutes(1));
        await timer.RunAsync(new TimerTrigger(false, null, null), default);
        Assert.DoesNotContain(_graph.Requests, r => r.Method == "PATCH");

        _app.Clock.Set(expiry - TimeSpan.FromHours(12) + TimeSpan.FromMinutes(1));
        await timer.RunAsync(new TimerTrigger(false, null, null), default);

        var patch = Assert.Single(_graph.Requests, r => r.Method == "PATCH");
        Assert.Equal($"/v1.0/subscriptions/{subscriptionId}", patch.PathAndQuery);
        var renewedTo = _app.Clock.GetUtcNow().AddMinutes(4200);
        Assert.Equal(renewedTo, DateTimeOffset.Parse((string)JsonNode.Parse(patch.Body)!["expirationDateTime"]!, CultureInfo.InvariantCulture));
        using var read = await _admin.GetAsync($"/api/calendar/connections/{id}");
        Assert.Equal(renewedTo, DateTimeOffset.Parse((string)(await read.JsonAsync())["subscription"]!["expiresAt"]!, CultureInfo.InvariantCulture));

        // Renewed: the next run finds nothing due.
        await timer.RunAsync(new TimerTrigger(false, null, null), default);
        Assert.Single(_graph.Requests, r => r.Method == "PATCH");
    }

    [Fact]
    public async Task Lifecycle_notifications_reauthorize_or_replace_the_subscription()
    {
        var (id, clientState, subscriptionId) = await ConnectAndSubscribeAsync();

        using (var reauthorize = await NotifyAsync(id, new JsonObject
        {
            ["subscriptionId"] = subscriptionId,
            ["subscriptionExpirationDateTime"] = "2026-11-24T07:00:00.0000000Z",
            ["tenantId"] = "bb8775a4-4d8c-42cf-a1d4-4d58c2bb668f",
            ["clientState"] = clientState,
            ["lifecycleEvent"] = "reauthorizationRequired",
        }))
        {
            await reauthorize.ExpectAsync(HttpStatusCode.Accepted);
        }
        await Eventually.TrueAsync(() => _graph.Requests.Any(r => r.Method == "PATCH"), "the reauthorization to renew the subscription");

        using (var removed = await NotifyAsync(id, new JsonObject
        {
            ["subscriptionId"] = subscriptionId,
            ["tenantId"] = "bb8775a4-4d8c-42cf-a1d4-4d58c2bb668f",
            ["clientState"] = clientState,
            ["lifecycleEvent"] = "subscriptionRemoved",
        }))
        {
            await removed.ExpectAsync(HttpStatusCode.Accepted);
        }
        await Eventually.TrueAsync(() => _graph.Requests.Count(r => r.Method == "POST") == 2, "a new subscription to replace the removed one");
        await Eventually.TrueAsync(async () =>
        {
            using var read = await _admin.GetAsync($"/api/calendar/connections/{id}");
            return (string?)(await read.JsonAsync())["subscription"]?["id"] == "sub-2";
        }, "the connection to carry the new subscription");
    }
}
