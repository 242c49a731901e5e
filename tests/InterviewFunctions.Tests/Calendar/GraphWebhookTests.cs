using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using InterviewFunctions.App.Calendar;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Tests.Reminders;
using InterviewFunctions.Core.Calendar.Sync;
using InterviewFunctions.Core.Queues;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.Tests.Calendar;

/// <summary>Microsoft Graph change notifications through the real app, with a fake Graph on loopback that records what it was asked.</summary>
public sealed class GraphWebhookTests : IAsyncLifetime, IDisposable
{
    private const string EventId = "AAMkAGI1AAAt9AHjAAA=";
    private const string PublicBase = "https://interviews.example.com";

    private readonly ConcurrentDictionary<string, JsonObject> _events = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Calendar-view delta pages by the token that asks for them (<c>$skiptoken</c> or <c>$deltatoken</c>); the empty key
    /// is the first page of a new round. A delta token with no page answers 410 Gone, as Graph does for a lost round.
    /// </summary>
    private readonly ConcurrentDictionary<string, JsonObject> _deltaPages = new(StringComparer.Ordinal);
    private readonly RecordingHttpServer _graph;
    private readonly RecordingCredential _credential = new();
    private readonly TestApp _app;
    private readonly HttpClient _admin;
    private readonly HttpClient _provider;
    private int _subscriptions;

    /// <summary>How many of the next delta requests (or subscription renewals) Graph answers 503, as it does when throttled or busy.</summary>
    private int _deltaFailuresLeft;
    private int _renewalFailuresLeft;

    /// <summary>Runs as Graph creates a subscription: lets a test make another writer change the connection meanwhile.</summary>
    private Action? _whileSubscribing;

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
            _whileSubscribing?.Invoke();
            return Json(201, new JsonObject { ["id"] = id, ["resource"] = (string?)body["resource"], ["expirationDateTime"] = (string?)body["expirationDateTime"], ["clientState"] = (string?)body["clientState"] });
        }
        if (request.Method == "PATCH" && path.StartsWith("/v1.0/subscriptions/", StringComparison.Ordinal))
        {
            var id = path["/v1.0/subscriptions/".Length..];
            if (Interlocked.Decrement(ref _renewalFailuresLeft) >= 0)
            {
                return Json(503, new JsonObject { ["error"] = new JsonObject { ["code"] = "serviceNotAvailable" } });
            }
            return id == "sub-gone"
                ? Json(404, new JsonObject { ["error"] = new JsonObject { ["code"] = "ResourceNotFound" } })
                : Json(200, new JsonObject { ["id"] = id, ["expirationDateTime"] = (string?)JsonNode.Parse(request.Body)!["expirationDateTime"] });
        }
        if (request.Method == "DELETE" && path.StartsWith("/v1.0/subscriptions/", StringComparison.Ordinal))
        {
            return new RecordingHttpServer.Reply(204);
        }
        if (request.Method == "GET" && Uri.UnescapeDataString(path) == "/v1.0/users/bob@acme.test/calendarView/delta")
        {
            if (Interlocked.Decrement(ref _deltaFailuresLeft) >= 0)
            {
                return Json(503, new JsonObject { ["error"] = new JsonObject { ["code"] = "serviceNotAvailable", ["message"] = "Service unavailable." } });
            }
            var parameters = request.PathAndQuery.Split('?') is [_, var query]
                ? query.Split('&').Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : ""), StringComparer.Ordinal)
                : [];
            if (parameters.TryGetValue("$deltatoken", out var deltaToken))
            {
                return _deltaPages.TryGetValue(deltaToken, out var page)
                    ? Json(200, page)
                    : Json(410, new JsonObject { ["error"] = new JsonObject { ["code"] = "syncStateNotFound", ["message"] = "The sync state generation is not found." } });
            }
            if (parameters.TryGetValue("$skiptoken", out var skipToken))
            {
                return _deltaPages.TryGetValue(skipToken, out var page) ? Json(200, page) : Json(400, new JsonObject { ["error"] = new JsonObject { ["code"] = "BadRequest" } });
            }
            return parameters.ContainsKey("startDateTime") && parameters.ContainsKey("endDateTime")
                ? Json(200, _deltaPages.TryGetValue("", out var first) ? first : DeltaPage(deltaToken: "empty-round"))
                : Json(400, new JsonObject { ["error"] = new JsonObject { ["code"] = "ErrorInvalidParameter", ["message"] = "startDateTime and endDateTime are required." } });
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

    /// <summary>A delta page as Graph shapes it: changed events, then a next link (more pages) or a delta link (round done).</summary>
    private JsonObject DeltaPage(string? skipToken = null, string? deltaToken = null, params JsonNode[] items)
    {
        var page = new JsonObject
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#Collection(event)",
            ["value"] = new JsonArray([.. items.Select(i => i.DeepClone())]),
        };
        var link = $"{_graph.BaseUri}v1.0/users/bob@acme.test/calendarView/delta?";
        if (skipToken is not null)
        {
            page["@odata.nextLink"] = link + "$skiptoken=" + skipToken;
        }
        if (deltaToken is not null)
        {
            page["@odata.deltaLink"] = link + "$deltatoken=" + deltaToken;
        }
        return page;
    }

    private static JsonObject Removed(string eventId) => new() { ["@odata.type"] = "#microsoft.graph.event", ["id"] = eventId, ["@removed"] = new JsonObject { ["reason"] = "deleted" } };

    private static JsonObject GraphEvent(DateTimeOffset? start = null, DateTimeOffset? modified = null, bool cancelled = false, string id = EventId, string? candidate = null)
    {
        var e = JsonNode.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "InterviewFunctions.Tests", "Calendar", "Fixtures", "graph-event.json")))!.AsObject();
        e["id"] = id;
        if (candidate is not null)
        {
            e["attendees"]![1]!["emailAddress"]!["address"] = candidate;
        }
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

    private Task<HttpResponseMessage> NotifyAsync(string connection, params JsonNode[] notifications) =>
        _provider.PostAsync($"/api/webhooks/graph?connection={connection}",
            new StringContent(new JsonObject { ["value"] = new JsonArray(notifications) }.ToJsonString(), Encoding.UTF8, "application/json"));

    private static JsonObject Change(string subscriptionId, string clientState, string changeType, string eventId = EventId) => new()
    {
        ["subscriptionId"] = subscriptionId,
        ["subscriptionExpirationDateTime"] = "2026-11-24T07:00:00.0000000Z",
        ["changeType"] = changeType,
        ["resource"] = $"Users/bob@acme.test/Events/{eventId}",
        ["resourceData"] = new JsonObject
        {
            ["@odata.type"] = "#Microsoft.Graph.Event",
            ["@odata.id"] = $"Users/bob@acme.test/Events/{eventId}",
            ["@odata.etag"] = "W/\"DwAAABYAAAAYrxaUmlfJR6pdKbBVE5B8AAAJsH1e\"",
            ["id"] = eventId,
        },
        ["clientState"] = clientState,
        ["tenantId"] = "bb8775a4-4d8c-42cf-a1d4-4d58c2bb668f",
    };

    private Task<JsonArray> InterviewsAsync() => _admin.ListItemsAsync("/api/interviews?pageSize=200");

    private static JsonObject Lifecycle(string subscriptionId, string clientState, string lifecycleEvent) => new()
    {
        ["subscriptionId"] = subscriptionId,
        ["subscriptionExpirationDateTime"] = "2026-11-24T07:00:00.0000000Z",
        ["tenantId"] = "bb8775a4-4d8c-42cf-a1d4-4d58c2bb668f",
        ["clientState"] = clientState,
        ["lifecycleEvent"] = lifecycleEvent,
    };

    private Task<HttpResponseMessage> LifecycleNotifyAsync(string connection, string subscriptionId, string clientState, string lifecycleEvent) =>
        NotifyAsync(connection, Lifecycle(subscriptionId, clientState, lifecycleEvent));

    private async Task<JsonObject?> SubscriptionOfAsync(string connection)
    {
        using var read = await _admin.GetAsync($"/api/calendar/connections/{connection}");
        return (await read.JsonAsync())["subscription"]?.AsObject();
    }

    private int SubscriptionsCreated() => _graph.Requests.Count(r => r.Method == "POST" && r.PathAndQuery == "/v1.0/subscriptions");

    /// <summary>The delivery log's details for Graph lifecycle work done from the queue.</summary>
    private async Task<List<string>> LifecycleDetailsAsync(string connection) =>
        [.. (await DeliveriesAsync(connection)).Where(d => (string?)d!["kind"] == "graph-lifecycle").Select(d => (string?)d!["detail"] ?? "")];

    private async Task MissedAsync(string connection, string subscriptionId, string clientState)
    {
        using var missed = await LifecycleNotifyAsync(connection, subscriptionId, clientState, "missed");
        await missed.ExpectAsync(HttpStatusCode.Accepted);
    }

    /// <summary>Waits until <paramref name="count"/> resyncs have finished (each logs its summary last, once its delta link is stored).</summary>
    private async Task<List<string>> ResyncedAsync(string connection, int count) =>
        await ReminderTestKit.UntilAsync(async () =>
        {
            using var log = await _admin.GetAsync($"/api/calendar/connections/{connection}/deliveries");
            return (await log.JsonAsync())["items"]!.AsArray().Select(d => (string?)d!["detail"] ?? "").Where(d => d.StartsWith("Delta resync", StringComparison.Ordinal)).ToList();
        }, summaries => summaries.Count >= count, $"{count} delta resyncs to finish");

    private async Task<JsonArray> DeliveriesAsync(string connection)
    {
        using var log = await _admin.GetAsync($"/api/calendar/connections/{connection}/deliveries");
        return (await log.JsonAsync())["items"]!.AsArray();
    }

    /// <summary>The delta requests the fake received, unescaped, in order.</summary>
    private List<string> DeltaRequests() =>
        [.. _graph.Requests.Where(r => r.PathAndQuery.Contains("/calendarView/delta", StringComparison.Ordinal)).Select(r => Uri.UnescapeDataString(r.PathAndQuery))];

    private static (DateTimeOffset Start, DateTimeOffset End) Window(string deltaRequest)
    {
        var query = deltaRequest.Split('?')[1].Split('&').Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        return (DateTimeOffset.Parse(query["startDateTime"], CultureInfo.InvariantCulture), DateTimeOffset.Parse(query["endDateTime"], CultureInfo.InvariantCulture));
    }

    private static JsonObject ByCandidate(JsonArray interviews, string email) =>
        interviews.Single(i => (string?)i!["candidate"]!["email"] == email)!.AsObject();

    private static DateTimeOffset ScheduledStart(JsonObject interview) => DateTimeOffset.Parse((string)interview["scheduledStart"]!, CultureInfo.InvariantCulture);

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
        // Changes made while no subscription existed are caught up with a delta round, read after the new subscription exists.
        await ResyncedAsync(id, 1);
        var requests = _graph.Requests.ToList();
        Assert.True(requests.FindLastIndex(r => r.Method == "POST") < requests.FindIndex(r => r.PathAndQuery.Contains("/calendarView/delta", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_missed_notification_rereads_the_calendar_view_page_by_page_and_creates_moves_and_cancels_interviews()
    {
        const string Dropped = "AAMkAGI1AAAt9AHkAAA=";
        const string Added = "AAMkAGI1AAAt9AHlAAA=";
        var (id, clientState, subscriptionId) = await ConnectAndSubscribeAsync();
        _events[EventId] = GraphEvent();
        _events[Dropped] = GraphEvent(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero), id: Dropped, candidate: "linus@example.org");
        foreach (var eventId in new[] { EventId, Dropped })
        {
            using var created = await NotifyAsync(id, Change(subscriptionId, clientState, "created", eventId));
            await created.ExpectAsync(HttpStatusCode.Accepted);
        }
        await ReminderTestKit.UntilAsync(InterviewsAsync, i => i.Count == 2, "the two notified events' interviews");

        // Meanwhile, unnotified: one event moved, one deleted, one added. Graph reads them out in two pages.
        var later = new DateTimeOffset(2026, 12, 9, 13, 0, 0, TimeSpan.Zero);
        var addedStart = new DateTimeOffset(2026, 12, 10, 8, 0, 0, TimeSpan.Zero);
        _events[EventId] = GraphEvent(later, FakeClock.DefaultStart.AddMinutes(1));
        _events.TryRemove(Dropped, out _);
        _events[Added] = GraphEvent(addedStart, id: Added, candidate: "margaret@example.org");
        _deltaPages[""] = DeltaPage("page-2", null, _events[EventId], _events[Added]);
        _deltaPages["page-2"] = DeltaPage(null, "round-1", Removed(Dropped));
        var resyncedAt = _app.Clock.GetUtcNow();

        await MissedAsync(id, subscriptionId, clientState);

        Assert.Contains("full", Assert.Single(await ResyncedAsync(id, 1)), StringComparison.Ordinal);
        var interviews = await InterviewsAsync();
        Assert.Equal(3, interviews.Count);
        var moved = ByCandidate(interviews, "grace@example.org");
        Assert.Equal("rescheduled", (string)moved["status"]!);
        Assert.Equal(later, ScheduledStart(moved));
        var added = ByCandidate(interviews, "margaret@example.org");
        Assert.Equal(addedStart, ScheduledStart(added));
        Assert.Equal("technical", (string)added["type"]!);
        // The deletion takes the same path as a notified one: held for the pairing window, then cancelled.
        Assert.NotEqual("cancelled", (string)ByCandidate(interviews, "linus@example.org")["status"]!);
        Assert.Contains(await DeliveriesAsync(id), d => (string?)d!["eventId"] == Dropped && (string?)d["outcome"] == "cancel_held");
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await ReminderTestKit.UntilAsync(InterviewsAsync, i => (string)ByCandidate(i, "linus@example.org")["status"]! == "cancelled", "the removed event's interview to be cancelled");

        var delta = DeltaRequests();
        Assert.Equal(2, delta.Count);
        Assert.StartsWith("/v1.0/users/bob@acme.test/calendarView/delta?startDateTime=", delta[0], StringComparison.Ordinal);
        Assert.Equal((resyncedAt.AddDays(-1), resyncedAt.AddDays(90)), Window(delta[0]));
        Assert.Equal("/v1.0/users/bob@acme.test/calendarView/delta?$skiptoken=page-2", delta[1]);
        var first = _graph.Requests.First(r => r.PathAndQuery.Contains("/calendarView/delta", StringComparison.Ordinal));
        Assert.Contains("odata.maxpagesize=50", first.Headers["Prefer"], StringComparison.Ordinal);
        Assert.Contains("outlook.timezone=\"UTC\"", first.Headers["Prefer"], StringComparison.Ordinal);
        Assert.Equal("Bearer test-token", first.Headers["Authorization"]);
        // A removal is checked against the event itself: gone (404) means deleted.
        Assert.Single(_graph.Requests, r => r.Method == "GET" && Uri.UnescapeDataString(r.PathAndQuery) == $"/v1.0/users/bob@acme.test/events/{Dropped}");
    }

    [Fact]
    public async Task Later_resyncs_follow_the_stored_delta_link_a_lost_round_restarts_and_nothing_is_applied_twice()
    {
        const string Second = "AAMkAGI1AAAt9AHmAAA=";
        var (id, clientState, subscriptionId) = await ConnectAndSubscribeAsync();
        var second = GraphEvent(new DateTimeOffset(2026, 12, 10, 8, 0, 0, TimeSpan.Zero), id: Second, candidate: "margaret@example.org");
        _deltaPages[""] = DeltaPage(null, "round-1", GraphEvent(), second);
        await MissedAsync(id, subscriptionId, clientState);
        await ResyncedAsync(id, 1);
        Assert.Equal(2, (await InterviewsAsync()).Count);

        // Second resync: only what changed since round-1, read from its delta link.
        var later = new DateTimeOffset(2026, 12, 9, 13, 0, 0, TimeSpan.Zero);
        var moved = GraphEvent(later, FakeClock.DefaultStart.AddMinutes(1));
        _deltaPages["round-1"] = DeltaPage(null, "round-2", moved);
        await MissedAsync(id, subscriptionId, clientState);
        Assert.Contains(await ResyncedAsync(id, 2), s => s.Contains("incremental", StringComparison.Ordinal));
        Assert.Equal(["/v1.0/users/bob@acme.test/calendarView/delta?$deltatoken=round-1"], DeltaRequests().Skip(1));
        var interviews = await InterviewsAsync();
        Assert.Equal(2, interviews.Count);
        var graceId = (string)ByCandidate(interviews, "grace@example.org")["id"]!;
        Assert.Equal(later, ScheduledStart(ByCandidate(interviews, "grace@example.org")));
        Assert.Equal(2, (int)(await _admin.PlanAsync(graceId))["scheduleVersion"]!);

        // Third: Graph lost round-2 (410). A new round re-reads the whole window, all of it applied before.
        _deltaPages[""] = DeltaPage(null, "round-3", moved, second);
        await MissedAsync(id, subscriptionId, clientState);
        await ResyncedAsync(id, 3);
        var delta = DeltaRequests();
        Assert.Equal(4, delta.Count);
        Assert.Equal("/v1.0/users/bob@acme.test/calendarView/delta?$deltatoken=round-2", delta[2]);
        Assert.StartsWith("/v1.0/users/bob@acme.test/calendarView/delta?startDateTime=", delta[3], StringComparison.Ordinal);
        Assert.Contains(await DeliveriesAsync(id), d => ((string?)d!["detail"] ?? "").Contains("410", StringComparison.Ordinal));
        interviews = await InterviewsAsync();
        Assert.Equal(2, interviews.Count);
        Assert.Equal(later, ScheduledStart(ByCandidate(interviews, "grace@example.org")));
        Assert.Equal(2, (int)(await _admin.PlanAsync(graceId))["scheduleVersion"]!);
        Assert.Equal(2, (await DeliveriesAsync(id)).Count(d => (string?)d!["kind"] == "graph-lifecycle" && (string?)d["outcome"] == "duplicate"));

        // The restarted round's link is the one stored: the next resync follows it.
        _deltaPages["round-3"] = DeltaPage(null, "round-4");
        await MissedAsync(id, subscriptionId, clientState);
        await ResyncedAsync(id, 4);
        Assert.Equal("/v1.0/users/bob@acme.test/calendarView/delta?$deltatoken=round-3", DeltaRequests()[4]);
        Assert.Equal(2, (await InterviewsAsync()).Count);
    }

    [Fact]
    public async Task A_stored_round_is_followed_while_half_its_look_ahead_remains_then_restarted_over_a_fresh_window()
    {
        var (id, clientState, subscriptionId) = await ConnectAndSubscribeAsync();
        _deltaPages[""] = DeltaPage(null, "round-1");
        _deltaPages["round-1"] = DeltaPage(null, "round-2");
        await MissedAsync(id, subscriptionId, clientState);
        await ResyncedAsync(id, 1);

        _app.Clock.Advance(TimeSpan.FromDays(44));
        await MissedAsync(id, subscriptionId, clientState);
        await ResyncedAsync(id, 2);
        Assert.Equal("/v1.0/users/bob@acme.test/calendarView/delta?$deltatoken=round-1", DeltaRequests()[1]);

        _app.Clock.Advance(TimeSpan.FromDays(2));
        var now = _app.Clock.GetUtcNow();
        await MissedAsync(id, subscriptionId, clientState);
        await ResyncedAsync(id, 3);
        var delta = DeltaRequests();
        Assert.Equal(3, delta.Count);
        Assert.Equal((now.AddDays(-1), now.AddDays(90)), Window(delta[2]));
    }

    [Fact]
    public async Task A_removal_of_an_event_that_still_exists_applies_the_event_instead_of_cancelling()
    {
        var (id, clientState, subscriptionId) = await ConnectAndSubscribeAsync();
        _deltaPages[""] = DeltaPage(null, "round-1", GraphEvent());
        await MissedAsync(id, subscriptionId, clientState);
        await ResyncedAsync(id, 1);

        // Moved beyond the window: the calendar view reports it removed, but the event is there, half a year on.
        var farLater = new DateTimeOffset(2027, 6, 1, 9, 0, 0, TimeSpan.Zero);
        _events[EventId] = GraphEvent(farLater, FakeClock.DefaultStart.AddMinutes(1));
        _deltaPages["round-1"] = DeltaPage(null, "round-2", Removed(EventId));
        await MissedAsync(id, subscriptionId, clientState);
        await ResyncedAsync(id, 2);

        var interview = Assert.Single(await InterviewsAsync())!.AsObject();
        Assert.Equal("rescheduled", (string)interview["status"]!);
        Assert.Equal(farLater, ScheduledStart(interview));
        Assert.DoesNotContain(await DeliveriesAsync(id), d => (string?)d!["outcome"] == "cancel_held");
    }

    [Fact]
    public async Task A_removal_whose_resync_fails_is_retried_by_the_queue_without_subscribing_again()
    {
        var (id, clientState, subscriptionId) = await ConnectAndSubscribeAsync();
        _events[EventId] = GraphEvent();
        _deltaPages[""] = DeltaPage(null, "round-1", _events[EventId]);
        Volatile.Write(ref _deltaFailuresLeft, 1);

        using (var removed = await LifecycleNotifyAsync(id, subscriptionId, clientState, "subscriptionRemoved"))
        {
            await removed.ExpectAsync(HttpStatusCode.Accepted);
        }

        await ResyncedAsync(id, 1);
        // The first attempt subscribed, then Graph answered the delta read 503; the retry read it again and subscribed no more.
        Assert.Equal(2, DeltaRequests().Count);
        Assert.Equal(2, SubscriptionsCreated());
        Assert.DoesNotContain(_graph.Requests, r => r.Method == "DELETE");
        Assert.Equal("sub-2", (string?)(await SubscriptionOfAsync(id))?["id"]);
        Assert.Contains(await LifecycleDetailsAsync(id), d => d == $"Subscription {subscriptionId} removed by Graph; the connection carries sub-2 already, so none was created.");
        Assert.Single(await InterviewsAsync());

        // The retried resync stored its delta link: the next one continues from it.
        _deltaPages["round-1"] = DeltaPage(null, "round-2");
        await MissedAsync(id, "sub-2", clientState);
        await ResyncedAsync(id, 2);
        Assert.Equal("/v1.0/users/bob@acme.test/calendarView/delta?$deltatoken=round-1", DeltaRequests()[2]);
    }

    [Fact]
    public async Task The_same_removal_delivered_twice_creates_one_subscription()
    {
        var (id, clientState, subscriptionId) = await ConnectAndSubscribeAsync();
        var removal = Lifecycle(subscriptionId, clientState, "subscriptionRemoved");

        // Both copies in one delivery: the webhook reads the connection once, so both reach the queue.
        using (var twice = await NotifyAsync(id, removal, removal.DeepClone()))
        {
            await twice.ExpectAsync(HttpStatusCode.Accepted);
        }

        await ResyncedAsync(id, 2);
        Assert.Equal(2, SubscriptionsCreated());
        Assert.DoesNotContain(_graph.Requests, r => r.Method == "DELETE");
        Assert.Equal("sub-2", (string?)(await SubscriptionOfAsync(id))?["id"]);
        var details = await LifecycleDetailsAsync(id);
        Assert.Single(details, d => d == $"Subscription {subscriptionId} removed by Graph; replaced by sub-2.");
        Assert.Single(details, d => d == $"Subscription {subscriptionId} removed by Graph; the connection carries sub-2 already, so none was created.");

        // A third copy, later, names a subscription the connection no longer carries: the webhook ignores it.
        using (var late = await NotifyAsync(id, removal.DeepClone()))
        {
            await late.ExpectAsync(HttpStatusCode.Accepted);
        }
        Assert.Contains(await DeliveriesAsync(id), d => (string?)d!["kind"] == "subscriptionRemoved" && (string?)d["outcome"] == "ignored");
        Assert.Equal(2, SubscriptionsCreated());
    }

    [Fact]
    public async Task A_replacement_that_another_writer_recorded_first_is_deleted_at_graph_and_theirs_is_kept()
    {
        var (id, clientState, subscriptionId) = await ConnectAndSubscribeAsync();
        var store = _app.Services.GetRequiredService<ICalendarStore>();
        // Another instance handling the same notification records its replacement while Graph creates this one's.
        _whileSubscribing = () =>
        {
            var connection = store.FindConnectionByIdAsync(id, CancellationToken.None).GetAwaiter().GetResult()!;
            store.ReplaceConnectionAsync(connection with { Subscription = connection.Subscription! with { Id = "sub-elsewhere" } }, CancellationToken.None).GetAwaiter().GetResult();
        };

        using (var removed = await LifecycleNotifyAsync(id, subscriptionId, clientState, "subscriptionRemoved"))
        {
            await removed.ExpectAsync(HttpStatusCode.Accepted);
        }

        await ResyncedAsync(id, 1);
        var delete = Assert.Single(_graph.Requests, r => r.Method == "DELETE");
        Assert.Equal("/v1.0/subscriptions/sub-2", delete.PathAndQuery);
        Assert.Equal("Bearer test-token", delete.Headers["Authorization"]);
        Assert.Equal("sub-elsewhere", (string?)(await SubscriptionOfAsync(id))?["id"]);
        Assert.Contains(await LifecycleDetailsAsync(id), d => d == $"Subscription {subscriptionId} removed by Graph; the connection carries sub-elsewhere already, so none was created.");
    }

    [Fact]
    public async Task A_replacement_for_a_connection_deleted_meanwhile_is_deleted_at_graph()
    {
        var (id, clientState, subscriptionId) = await ConnectAndSubscribeAsync();
        var store = _app.Services.GetRequiredService<ICalendarStore>();
        Task<HttpResponseMessage>? deletion = null;
        _whileSubscribing = () =>
        {
            // The fake answers one request at a time, and the deletion asks Graph to delete the connection's subscription: it
            // runs alongside, and this answer waits only until the record is gone.
            deletion = _admin.DeleteAsync($"/api/calendar/connections/{id}");
            Assert.True(SpinWait.SpinUntil(() => store.FindConnectionByIdAsync(id, CancellationToken.None).GetAwaiter().GetResult() is null, TimeSpan.FromSeconds(20)));
        };

        using (var removed = await LifecycleNotifyAsync(id, subscriptionId, clientState, "subscriptionRemoved"))
        {
            await removed.ExpectAsync(HttpStatusCode.Accepted);
        }

        await Eventually.TrueAsync(() => deletion is not null, "the connection to be deleted while Graph creates the replacement");
        using (var deleted = await deletion!)
        {
            await deleted.ExpectAsync(HttpStatusCode.NoContent);
        }
        await Eventually.TrueAsync(() => _graph.Requests.Count(r => r.Method == "DELETE") == 2, "the unrecorded subscription to be deleted at Graph");
        // The deletion stops what the record carried (Graph removed it already: 404 or not, it is gone); the replacement, recorded nowhere, is deleted too.
        Assert.Equal([$"/v1.0/subscriptions/{subscriptionId}", "/v1.0/subscriptions/sub-2"], _graph.Requests.Where(r => r.Method == "DELETE").Select(r => r.PathAndQuery).Order(StringComparer.Ordinal));
        Assert.Equal(2, SubscriptionsCreated());
        using var read = await _admin.GetAsync($"/api/calendar/connections/{id}");
        await read.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_reauthorization_worked_after_its_subscription_was_replaced_renews_nothing()
    {
        var (id, clientState, subscriptionId) = await ConnectAndSubscribeAsync();
        using (var removed = await LifecycleNotifyAsync(id, subscriptionId, clientState, "subscriptionRemoved"))
        {
            await removed.ExpectAsync(HttpStatusCode.Accepted);
        }
        await ResyncedAsync(id, 1);

        // Accepted by the webhook while the old subscription was current, worked by the queue after it was replaced.
        var connection = (await _app.Services.GetRequiredService<ICalendarStore>().FindConnectionByIdAsync(id, CancellationToken.None))!;
        await _app.Services.GetRequiredService<IMessageQueues>().SendAsync(
            _app.Services.GetRequiredService<IOptions<CalendarOptions>>().Value.QueueName,
            new CalendarQueueMessage
            {
                Kind = CalendarQueueMessage.GraphLifecycle,
                TenantId = connection.TenantId,
                ConnectionId = id,
                ChangeType = "reauthorizationRequired",
                SubscriptionId = subscriptionId,
            }.ToJson(), TimeSpan.Zero, null, CancellationToken.None);

        await ReminderTestKit.UntilAsync(() => LifecycleDetailsAsync(id), d => d.Contains($"Subscription {subscriptionId} is no longer the connection's: nothing to reauthorize."), "the stale reauthorization to be worked");
        Assert.DoesNotContain(_graph.Requests, r => r.Method == "PATCH");
        Assert.Equal(2, SubscriptionsCreated());
        Assert.Equal("sub-2", (string?)(await SubscriptionOfAsync(id))?["id"]);
    }

    [Fact]
    public async Task A_reauthorization_graph_refuses_once_is_retried_and_renews_the_same_subscription()
    {
        var (id, clientState, subscriptionId) = await ConnectAndSubscribeAsync();
        _app.Clock.Advance(TimeSpan.FromHours(1));
        var renewedTo = _app.Clock.GetUtcNow().AddMinutes(4200);
        Volatile.Write(ref _renewalFailuresLeft, 1);

        using (var reauthorize = await LifecycleNotifyAsync(id, subscriptionId, clientState, "reauthorizationRequired"))
        {
            await reauthorize.ExpectAsync(HttpStatusCode.Accepted);
        }

        await ReminderTestKit.UntilAsync(() => LifecycleDetailsAsync(id), d => d.Count == 1, "the reauthorization to succeed");
        Assert.Equal($"Subscription {subscriptionId} reauthorized until {renewedTo:O}.", Assert.Single(await LifecycleDetailsAsync(id)));
        var patches = _graph.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.Equal(2, patches.Count);
        Assert.All(patches, p => Assert.Equal($"/v1.0/subscriptions/{subscriptionId}", p.PathAndQuery));
        Assert.Equal(1, SubscriptionsCreated());
        var subscription = await SubscriptionOfAsync(id);
        Assert.Equal(subscriptionId, (string?)subscription?["id"]);
        Assert.Equal(renewedTo, DateTimeOffset.Parse((string)subscription!["expiresAt"]!, CultureInfo.InvariantCulture));
    }
}
