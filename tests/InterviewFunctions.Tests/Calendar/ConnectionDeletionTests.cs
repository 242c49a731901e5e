using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using InterviewFunctions.App.Calendar;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Calendar.Sync;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Calendar;

/// <summary>
/// Deleting a connection stops what the provider runs for it, through the real app against one recording fake that
/// answers both as Microsoft Graph (<c>/v1.0</c>) and as the Google Calendar API (<c>/calendar/v3</c>).
/// </summary>
public sealed class ConnectionDeletionTests : IAsyncLifetime, IDisposable
{
    private const string GoogleCalendarId = "recruiting@acme.test";
    private const string GoogleResourceId = "o3hgv1538sdjfh";

    private readonly RecordingHttpServer _providers;
    private readonly TestApp _app;
    private readonly HttpClient _admin;
    private int _subscriptions;

    /// <summary>How many of the next subscription deletions (Graph) or channel stops (Google) the fake answers 503.</summary>
    private int _stopFailuresLeft;

    /// <summary>Runs as Graph renews a subscription, with its id: lets a test change the store while a renewal run is under way.</summary>
    private Action<string>? _whileRenewing;

    public ConnectionDeletionTests()
    {
        _providers = new RecordingHttpServer(Answer);
        _app = new TestApp(new Dictionary<string, string?>
        {
            ["Calendar:GraphBaseUrl"] = $"{_providers.BaseUri}v1.0",
            ["Calendar:GoogleBaseUrl"] = $"{_providers.BaseUri}calendar/v3",
            ["Calendar:PublicBaseUrl"] = "https://interviews.example.com",
        })
        {
            TestServices = services => services.AddSingleton<TokenCredential>(new RecordingCredential()),
        };
        _admin = _app.ClientFor(TestApp.AcmeAdmin);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _providers.DisposeAsync();

    public void Dispose()
    {
        _admin.Dispose();
        _app.Dispose();
    }

    private RecordingHttpServer.Reply Answer(RecordingHttpServer.Recorded request)
    {
        var path = request.PathAndQuery.Split('?')[0];
        var stopping = (request.Method == "DELETE" && path.StartsWith("/v1.0/subscriptions/", StringComparison.Ordinal))
            || (request.Method == "POST" && path == "/calendar/v3/channels/stop");
        if (stopping)
        {
            return Interlocked.Decrement(ref _stopFailuresLeft) >= 0
                ? Json(503, new JsonObject { ["error"] = new JsonObject { ["code"] = "serviceNotAvailable", ["message"] = "Service unavailable." } })
                : new RecordingHttpServer.Reply(204);
        }
        if (request.Method == "POST" && path == "/v1.0/subscriptions")
        {
            var body = JsonNode.Parse(request.Body)!;
            return Json(201, new JsonObject
            {
                ["id"] = $"sub-{Interlocked.Increment(ref _subscriptions)}",
                ["resource"] = (string?)body["resource"],
                ["expirationDateTime"] = (string?)body["expirationDateTime"],
            });
        }
        if (request.Method == "PATCH" && path.StartsWith("/v1.0/subscriptions/", StringComparison.Ordinal))
        {
            var id = path["/v1.0/subscriptions/".Length..];
            _whileRenewing?.Invoke(id);
            return Json(200, new JsonObject { ["id"] = id, ["expirationDateTime"] = (string?)JsonNode.Parse(request.Body)!["expirationDateTime"] });
        }
        if (request.Method == "POST" && path == $"/calendar/v3/calendars/{Uri.EscapeDataString(GoogleCalendarId)}/events/watch")
        {
            var body = JsonNode.Parse(request.Body)!;
            return Json(200, new JsonObject
            {
                ["kind"] = "api#channel",
                ["id"] = (string?)body["id"],
                ["resourceId"] = GoogleResourceId,
                ["token"] = (string?)body["token"],
                ["expiration"] = (string?)body["expiration"],
            });
        }
        return new RecordingHttpServer.Reply(400, "{}");
    }

    private static RecordingHttpServer.Reply Json(int status, JsonNode body) =>
        new(status, body.ToJsonString(), new Dictionary<string, string> { ["Content-Type"] = "application/json" });

    private static JsonObject ConnectionBody(string provider) => provider switch
    {
        "microsoft365" => new JsonObject
        {
            ["provider"] = provider, ["company"] = "Acme", ["role"] = "Platform Engineer",
            ["graphUserId"] = "bob@acme.test", ["internalDomains"] = new JsonArray("acme.test"),
        },
        "google" => new JsonObject
        {
            ["provider"] = provider, ["company"] = "Acme", ["role"] = "Data Scientist",
            ["googleCalendarId"] = GoogleCalendarId, ["internalDomains"] = new JsonArray("acme.test"),
        },
        _ => CalendarConnectionsApiTests.CalcomConnectionBody(),
    };

    /// <summary>A connection of the provider, subscribed when the provider has subscriptions; answers its id and subscription id.</summary>
    private async Task<(string Id, string? SubscriptionId)> ConnectAsync(string provider)
    {
        using var created = await _admin.PostJsonAsync("/api/calendar/connections", ConnectionBody(provider));
        await created.ExpectAsync(HttpStatusCode.Created);
        var id = (string)(await created.JsonAsync())["id"]!;
        if (provider is "calcom")
        {
            return (id, null);
        }
        using var subscribed = await _admin.PostAsync($"/api/calendar/connections/{id}/subscription", null);
        await subscribed.ExpectAsync(HttpStatusCode.OK);
        return (id, (string)(await subscribed.JsonAsync())["subscription"]!["id"]!);
    }

    private async Task DeleteAsync(string id)
    {
        using var deleted = await _admin.DeleteAsync($"/api/calendar/connections/{id}");
        await deleted.ExpectAsync(HttpStatusCode.NoContent);
    }

    private async Task GoneAsync(string id)
    {
        using var read = await _admin.GetAsync($"/api/calendar/connections/{id}");
        await read.ProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(await _admin.ListItemsAsync("/api/calendar/connections"), c => (string?)c!["id"] == id);
    }

    private List<RecordingHttpServer.Recorded> Stops() =>
        [.. _providers.Requests.Where(r => r.Method == "DELETE" || r.PathAndQuery == "/calendar/v3/channels/stop")];

    [Fact]
    public async Task Deleting_a_graph_connection_deletes_its_subscription_at_graph_once()
    {
        var (id, subscriptionId) = await ConnectAsync("microsoft365");

        await DeleteAsync(id);

        var delete = Assert.Single(Stops());
        Assert.Equal("DELETE", delete.Method);
        Assert.Equal($"/v1.0/subscriptions/{subscriptionId}", delete.PathAndQuery);
        Assert.Equal("Bearer test-token", delete.Headers["Authorization"]);
        await GoneAsync(id);
    }

    [Fact]
    public async Task Deleting_a_google_connection_stops_its_channel_by_channel_and_resource_id()
    {
        var (id, channelId) = await ConnectAsync("google");

        await DeleteAsync(id);

        var stop = Assert.Single(Stops());
        Assert.Equal("POST", stop.Method);
        var body = JsonNode.Parse(stop.Body)!.AsObject();
        Assert.Equal(channelId, (string?)body["id"]);
        Assert.Equal(GoogleResourceId, (string?)body["resourceId"]);
        // The channel token is the connection's secret and Google does not need it to stop the channel.
        Assert.False(body.ContainsKey("token"));
        Assert.Equal("Bearer test-token", stop.Headers["Authorization"]);
        await GoneAsync(id);
    }

    [Theory]
    [InlineData("microsoft365")]
    [InlineData("google")]
    public async Task A_stop_the_provider_refuses_still_deletes_the_connection_and_is_retried_from_the_queue(string provider)
    {
        var (id, subscriptionId) = await ConnectAsync(provider);
        Volatile.Write(ref _stopFailuresLeft, 1);

        await DeleteAsync(id);

        await GoneAsync(id);
        var refused = Assert.Single(Stops());
        // The retry waits in the queue, invisible until its delay passes.
        _app.Clock.Advance(CalendarSubscriptions.StopRetryDelay(2));
        await Eventually.TrueAsync(() => Stops().Count == 2, "the queued stop to be retried");
        var retried = Stops()[1];
        Assert.Equal(refused.Method, retried.Method);
        Assert.Equal(refused.PathAndQuery, retried.PathAndQuery);
        Assert.Equal(refused.Body, retried.Body);
        Assert.Contains(subscriptionId!, provider == "google" ? retried.Body : retried.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stop_refused_again_and_again_is_retried_until_the_provider_accepts()
    {
        var (id, subscriptionId) = await ConnectAsync("microsoft365");
        Volatile.Write(ref _stopFailuresLeft, 3);

        await DeleteAsync(id);

        await GoneAsync(id);
        // Each retry is queued only after the one before failed: time moves on a minute at a time until the fourth try.
        await Eventually.TrueAsync(() =>
        {
            _app.Clock.Advance(TimeSpan.FromMinutes(1));
            return Stops().Count >= 4;
        }, "the stop to be tried until Graph accepts it");
        Assert.All(Stops(), s => Assert.Equal($"/v1.0/subscriptions/{subscriptionId}", s.PathAndQuery));
    }

    [Fact]
    public void Retries_of_a_stop_wait_longer_each_time_up_to_six_hours()
    {
        Assert.Equal(
            [1, 4, 16, 64, 256, 360, 360],
            Enumerable.Range(2, 7).Select(attempt => CalendarSubscriptions.StopRetryDelay(attempt).TotalMinutes));
    }

    [Fact]
    public async Task A_queued_stop_for_a_subscription_that_lapsed_meanwhile_asks_the_provider_nothing()
    {
        var subscriptions = _app.Services.GetRequiredService<CalendarSubscriptions>();
        var now = _app.Clock.GetUtcNow();

        await subscriptions.RetryStopAsync("acme", "deleted-connection", CalendarProvider.Microsoft365,
            new CalendarSubscription("sub-lapsed", "users/bob@acme.test/events", now, now.AddDays(-3)), 5, CancellationToken.None);

        Assert.Empty(_providers.Requests);
    }

    [Fact]
    public async Task Deleting_a_calcom_connection_calls_no_provider()
    {
        var (id, _) = await ConnectAsync("calcom");

        await DeleteAsync(id);

        await GoneAsync(id);
        Assert.Empty(_providers.Requests);
    }

    [Fact]
    public async Task Deleting_an_unknown_or_another_tenants_connection_is_not_found_and_stops_nothing()
    {
        var (id, subscriptionId) = await ConnectAsync("microsoft365");

        using (var unknown = await _admin.DeleteAsync("/api/calendar/connections/no-such-connection"))
        {
            await unknown.ProblemAsync(HttpStatusCode.NotFound);
        }
        using (var globex = _app.ClientFor(TestApp.GlobexAdmin))
        using (var otherTenant = await globex.DeleteAsync($"/api/calendar/connections/{id}"))
        {
            await otherTenant.ProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Empty(Stops());
        using var read = await _admin.GetAsync($"/api/calendar/connections/{id}");
        await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(subscriptionId, (string?)(await read.JsonAsync())["subscription"]?["id"]);
    }

    [Fact]
    public async Task A_renewal_run_does_not_renew_a_connection_deleted_while_it_ran()
    {
        var (first, firstSubscription) = await ConnectAsync("microsoft365");
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (second, secondSubscription) = await ConnectAsync("microsoft365");
        var deletions = new ConcurrentQueue<Task<HttpResponseMessage>>();
        var store = _app.Services.GetRequiredService<ICalendarStore>();
        _whileRenewing = renewing =>
        {
            if (renewing == firstSubscription && deletions.IsEmpty)
            {
                // The run listed both before it renewed the first. The fake answers one request at a time and the deletion
                // asks Graph to delete the second's subscription: it runs alongside, and this answer waits until the record is gone.
                deletions.Enqueue(_admin.DeleteAsync($"/api/calendar/connections/{second}"));
                Assert.True(SpinWait.SpinUntil(() => store.FindConnectionByIdAsync(second, CancellationToken.None).GetAwaiter().GetResult() is null, TimeSpan.FromSeconds(20)));
            }
        };
        var timer = _app.Services.GetServices<ITimerFunction>().Single(f => f.FunctionName == CalendarSubscriptionRenewalFunction.Name);

        // Both lapse within the renewal margin.
        _app.Clock.Set(FakeClock.DefaultStart.AddMinutes(4200) - TimeSpan.FromHours(11));
        await timer.RunAsync(new TimerTrigger(false, null, null), default);

        Assert.True(deletions.TryPeek(out var deletion));
        using (var deleted = await deletion)
        {
            await deleted.ExpectAsync(HttpStatusCode.NoContent);
        }
        var patch = Assert.Single(_providers.Requests, r => r.Method == "PATCH");
        Assert.Equal($"/v1.0/subscriptions/{firstSubscription}", patch.PathAndQuery);
        Assert.Equal($"/v1.0/subscriptions/{secondSubscription}", Assert.Single(Stops()).PathAndQuery);
        Assert.Equal(2, _providers.Requests.Count(r => r.Method == "POST"));
        await GoneAsync(second);
        using var read = await _admin.GetAsync($"/api/calendar/connections/{first}");
        await read.ExpectAsync(HttpStatusCode.OK);
    }
}
