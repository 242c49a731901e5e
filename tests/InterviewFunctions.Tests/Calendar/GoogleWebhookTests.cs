using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using InterviewFunctions.App.Calendar;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Tests.Reminders;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Calendar;

/// <summary>Google Calendar push notifications and incremental sync through the real app, against a recording fake Calendar API.</summary>
public sealed class GoogleWebhookTests : IAsyncLifetime, IDisposable
{
    private const string CalendarId = "recruiting@acme.test";
    private const string FirstSyncToken = "CPDAlvWDx70CEPDAlvWDx70CGAU=";
    private const string PanelEventId = "4mt6j0c2hsv6kqvbl6k3d1k0ku";

    private readonly RecordingHttpServer _google;
    private readonly RecordingCredential _credential = new();
    private readonly TestApp _app;
    private readonly HttpClient _admin;
    private readonly HttpClient _provider;

    /// <summary>What the fake answers to events.list with a given sync token; absent tokens answer 410 Gone.</summary>
    private readonly ConcurrentDictionary<string, JsonObject> _pagesBySyncToken = new(StringComparer.Ordinal);

    public GoogleWebhookTests()
    {
        _google = new RecordingHttpServer(Answer);
        _app = new TestApp(new Dictionary<string, string?>
        {
            ["Calendar:GoogleBaseUrl"] = $"{_google.BaseUri}calendar/v3",
            ["Calendar:PublicBaseUrl"] = "https://interviews.example.com",
        })
        {
            TestServices = services => services.AddSingleton<TokenCredential>(_credential),
        };
        _admin = _app.ClientFor(TestApp.AcmeAdmin);
        _provider = _app.CreateClient();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _google.DisposeAsync();

    public void Dispose()
    {
        _admin.Dispose();
        _provider.Dispose();
        _app.Dispose();
    }

    private static JsonObject FullPage() =>
        JsonNode.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "InterviewFunctions.Tests", "Calendar", "Fixtures", "google-events-page.json")))!.AsObject();

    private RecordingHttpServer.Reply Answer(RecordingHttpServer.Recorded request)
    {
        var (path, query) = request.PathAndQuery.Split('?') is [var p, var q] ? (p, q) : (request.PathAndQuery, "");
        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : ""));
        var calendarPath = $"/calendar/v3/calendars/{Uri.EscapeDataString(CalendarId)}";
        if (request.Method == "POST" && path == $"{calendarPath}/events/watch")
        {
            var body = JsonNode.Parse(request.Body)!;
            return Json(200, new JsonObject
            {
                ["kind"] = "api#channel",
                ["id"] = (string?)body["id"],
                ["resourceId"] = "o3hgv1538sdjfh",
                ["resourceUri"] = $"https://www.googleapis.com/calendar/v3/calendars/{CalendarId}/events?alt=json",
                ["token"] = (string?)body["token"],
                ["expiration"] = (string?)body["expiration"],
            });
        }
        if (request.Method == "POST" && path == "/calendar/v3/channels/stop")
        {
            return new RecordingHttpServer.Reply(204);
        }
        if (request.Method == "GET" && path == $"{calendarPath}/events")
        {
            if (!parameters.TryGetValue("syncToken", out var token))
            {
                return Json(200, FullPage());
            }
            return _pagesBySyncToken.TryGetValue(token, out var page)
                ? Json(200, page)
                : Json(410, new JsonObject { ["error"] = new JsonObject { ["code"] = 410, ["message"] = "Sync token is no longer valid, a full sync is required." } });
        }
        return new RecordingHttpServer.Reply(400, "{}");
    }

    private static RecordingHttpServer.Reply Json(int status, JsonNode body) =>
        new(status, body.ToJsonString(), new Dictionary<string, string> { ["Content-Type"] = "application/json" });

    private async Task<(string Id, string Token, string ChannelId)> ConnectAndWatchAsync()
    {
        using var created = await _admin.PostJsonAsync("/api/calendar/connections", new JsonObject
        {
            ["provider"] = "google",
            ["company"] = "Acme",
            ["role"] = "Data Scientist",
            ["googleCalendarId"] = CalendarId,
            ["internalDomains"] = new JsonArray("acme.test"),
            ["titleKeywords"] = new JsonArray(new JsonObject { ["keyword"] = "panel", ["type"] = "panel" }),
        });
        await created.ExpectAsync(HttpStatusCode.Created);
        var id = (string)(await created.JsonAsync())["id"]!;
        using var watched = await _admin.PostAsync($"/api/calendar/connections/{id}/subscription", null);
        await watched.ExpectAsync(HttpStatusCode.OK);
        var watch = JsonNode.Parse(_google.Requests.Last(r => r.PathAndQuery.EndsWith("/events/watch", StringComparison.Ordinal)).Body)!;
        return (id, (string)watch["token"]!, (string)watch["id"]!);
    }

    private Task<HttpResponseMessage> PushAsync(string connection, string? channelId, string? token, string state, int number = 1)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/google?connection={connection}");
        void Header(string name, string? value)
        {
            if (value is not null)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        Header("X-Goog-Channel-ID", channelId);
        Header("X-Goog-Channel-Token", token);
        Header("X-Goog-Channel-Expiration", "Sat, 28 Nov 2026 09:00:00 GMT");
        Header("X-Goog-Resource-ID", "o3hgv1538sdjfh");
        Header("X-Goog-Resource-URI", $"https://www.googleapis.com/calendar/v3/calendars/{CalendarId}/events?alt=json");
        Header("X-Goog-Resource-State", state);
        Header("X-Goog-Message-Number", number.ToString(CultureInfo.InvariantCulture));
        return _provider.SendAsync(request);
    }

    private async Task SyncLoggedAsync(string connection, string outcome) =>
        await ReminderTestKit.UntilAsync(async () =>
        {
            using var log = await _admin.GetAsync($"/api/calendar/connections/{connection}/deliveries");
            return (await log.JsonAsync())["items"]!.ToJsonString();
        }, log => log.Contains($"\"kind\":\"google-sync\",\"outcome\":\"{outcome}\"", StringComparison.Ordinal), $"the sync's '{outcome}' in the log");

    private List<RecordingHttpServer.Recorded> Lists() => [.. _google.Requests.Where(r => r.Method == "GET")];

    private Task<JsonArray> InterviewsAsync() => _admin.ListItemsAsync("/api/interviews?pageSize=200");

    [Fact]
    public async Task Watching_opens_a_web_hook_channel_to_our_webhook_with_the_connection_token()
    {
        var (id, token, channelId) = await ConnectAndWatchAsync();

        var watch = Assert.Single(_google.Requests);
        var body = JsonNode.Parse(watch.Body)!;
        Assert.Equal("web_hook", (string)body["type"]!);
        Assert.Equal($"https://interviews.example.com/api/webhooks/google?connection={id}", (string)body["address"]!);
        Assert.Equal(FakeClock.DefaultStart.AddDays(7).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), (string)body["expiration"]!);
        Assert.Equal("Bearer test-token", watch.Headers["Authorization"]);
        Assert.Contains("https://www.googleapis.com/auth/calendar.readonly", _credential.Scopes);
        Assert.False(string.IsNullOrEmpty(token));
        Assert.False(string.IsNullOrEmpty(channelId));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public async Task A_push_with_a_wrong_or_missing_channel_or_token_is_refused(bool rightChannel, bool rightToken)
    {
        var (id, token, channelId) = await ConnectAndWatchAsync();

        using var wrong = await PushAsync(id, rightChannel ? channelId : "another-channel", rightToken ? token : "guessed", "exists");
        using var missing = await PushAsync(id, null, null, "exists");

        await wrong.ProblemAsync(HttpStatusCode.Unauthorized);
        await missing.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(Lists());
    }

    [Fact]
    public async Task The_sync_message_is_acknowledged_without_reading_the_calendar()
    {
        var (id, token, channelId) = await ConnectAndWatchAsync();

        using var response = await PushAsync(id, channelId, token, "sync", 1);

        await response.ExpectAsync(HttpStatusCode.Accepted);
        using var log = await _admin.GetAsync($"/api/calendar/connections/{id}/deliveries");
        Assert.Equal("sync:accepted", (await log.JsonAsync())["items"]!.AsArray().Select(d => $"{d!["kind"]}:{d["outcome"]}").Single());
        Assert.Empty(Lists());
    }

    [Fact]
    public async Task Changes_are_read_incrementally_with_the_stored_sync_token_and_a_410_means_a_full_resync()
    {
        var (id, token, channelId) = await ConnectAndWatchAsync();

        // First change: no token yet, so a full sync; the all-day event is no interview.
        using (var first = await PushAsync(id, channelId, token, "exists", 2))
        {
            await first.ExpectAsync(HttpStatusCode.Accepted);
        }
        var interview = (await ReminderTestKit.UntilAsync(InterviewsAsync, i => i.Count == 1, "the panel's interview"))[0]!;
        // The sync token is stored once the whole sync is done, which the delivery log shows.
        await SyncLoggedAsync(id, "created");
        Assert.Equal("katherine@example.net", (string)interview["candidate"]!["email"]!);
        Assert.Equal("panel", (string)interview["type"]!);
        Assert.Equal("Europe/Berlin", (string)interview["timeZone"]!);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 13, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse((string)interview["scheduledStart"]!, CultureInfo.InvariantCulture));
        Assert.Equal(["bob@acme.test", "recruiting@acme.test"], interview["interviewers"]!.AsArray().Select(i => (string)i!["email"]!).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("syncToken", Assert.Single(Lists()).PathAndQuery, StringComparison.Ordinal);

        // Second change: the stored token asks only for what changed: the panel moved (sequence 1).
        var moved = FullPage();
        var changed = moved["items"]![0]!.AsObject();
        changed["sequence"] = 1;
        changed["updated"] = "2026-11-21T09:05:00.000Z";
        changed["start"] = new JsonObject { ["dateTime"] = "2026-12-08T10:00:00+01:00", ["timeZone"] = "Europe/Berlin" };
        changed["end"] = new JsonObject { ["dateTime"] = "2026-12-08T11:30:00+01:00", ["timeZone"] = "Europe/Berlin" };
        _pagesBySyncToken[FirstSyncToken] = new JsonObject { ["kind"] = "calendar#events", ["items"] = new JsonArray(changed.DeepClone()), ["nextSyncToken"] = "sync-2" };
        using (var second = await PushAsync(id, channelId, token, "exists", 3))
        {
            await second.ExpectAsync(HttpStatusCode.Accepted);
        }
        await ReminderTestKit.UntilAsync(InterviewsAsync, i => (string)i[0]!["status"]! == "rescheduled", "the move to apply");
        await SyncLoggedAsync(id, "rescheduled");
        Assert.Contains($"syncToken={Uri.EscapeDataString(FirstSyncToken)}", Lists()[1].PathAndQuery, StringComparison.Ordinal);

        // Third change: Google has dropped "sync-2" (410): a full resync, in which the older version is ignored as stale.
        using (var third = await PushAsync(id, channelId, token, "not_exists", 4))
        {
            await third.ExpectAsync(HttpStatusCode.Accepted);
        }
        await ReminderTestKit.UntilAsync(() => Task.FromResult(string.Join(" | ", Lists().Select(r => r.PathAndQuery))), _ => Lists().Count == 4, "the 410 and the full resync");
        Assert.Contains("syncToken=sync-2", Lists()[2].PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("syncToken", Lists()[3].PathAndQuery, StringComparison.Ordinal);
        var after = (await ReminderTestKit.UntilAsync(async () =>
        {
            using var log = await _admin.GetAsync($"/api/calendar/connections/{id}/deliveries");
            return (await log.JsonAsync())["items"]!.AsArray();
        }, d => d.Any(x => (string?)x!["outcome"] == "stale"), "the resync's stale outcome"));
        Assert.Single(await InterviewsAsync());
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse((string)(await InterviewsAsync())[0]!["scheduledStart"]!, CultureInfo.InvariantCulture));
        Assert.NotEmpty(after);
    }

    [Fact]
    public async Task The_timer_replaces_a_channel_before_it_lapses_and_stops_the_old_one()
    {
        var (id, _, channelId) = await ConnectAndWatchAsync();
        var timer = _app.Services.GetServices<ITimerFunction>().Single(f => f.FunctionName == CalendarSubscriptionRenewalFunction.Name);

        _app.Clock.Set(FakeClock.DefaultStart.AddDays(7) - TimeSpan.FromHours(13));
        await timer.RunAsync(new TimerTrigger(false, null, null), default);
        Assert.Single(_google.Requests);

        _app.Clock.Set(FakeClock.DefaultStart.AddDays(7) - TimeSpan.FromHours(11));
        await timer.RunAsync(new TimerTrigger(false, null, null), default);

        var watches = _google.Requests.Where(r => r.PathAndQuery.EndsWith("/events/watch", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, watches.Count);
        var stop = Assert.Single(_google.Requests, r => r.PathAndQuery == "/calendar/v3/channels/stop");
        Assert.Equal(channelId, (string)JsonNode.Parse(stop.Body)!["id"]!);
        Assert.Equal("o3hgv1538sdjfh", (string)JsonNode.Parse(stop.Body)!["resourceId"]!);
        using var read = await _admin.GetAsync($"/api/calendar/connections/{id}");
        var subscription = (await read.JsonAsync())["subscription"]!;
        Assert.Equal((string)JsonNode.Parse(watches[1].Body)!["id"]!, (string)subscription["id"]!);
        Assert.NotEqual(channelId, (string)subscription["id"]!);
    }
}
