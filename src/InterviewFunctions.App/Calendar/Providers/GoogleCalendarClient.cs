using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using InterviewFunctions.Core.Calendar.Sync;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Calendar.Providers;

/// <summary>One page of changes from <c>events.list</c>; <see cref="SyncTokenGone"/> when Google answered 410 (resync fully).</summary>
public sealed record GoogleEventPage(IReadOnlyList<JsonObject> Items, string? NextPageToken, string? NextSyncToken, bool SyncTokenGone);

/// <summary>
/// Google Calendar API v3 over REST: <c>events.watch</c> channels, <c>channels.stop</c>, and <c>events.list</c> with sync
/// tokens. The Google client library does not restore here. The token comes from the injected credential with the
/// calendar read-only scope: <see cref="GoogleWorkloadIdentityCredential"/> when Calendar__GoogleWorkloadIdentityAudience is
/// set (Azure), otherwise the registered TokenCredential.
/// </summary>
public sealed class GoogleCalendarClient(HttpClient http, TokenCredential credential, IOptions<CalendarOptions> options)
{
    public const string Scope = "https://www.googleapis.com/auth/calendar.readonly";
    public const string HttpClientName = "google";

    private string BaseUrl => options.Value.GoogleBaseUrl.TrimEnd('/');

    public async Task<CalendarSubscription> WatchAsync(CalendarConnection connection, string address, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["id"] = Guid.CreateVersion7(now).ToString(),
            ["type"] = "web_hook",
            ["address"] = address,
            ["token"] = connection.Secret,
            ["expiration"] = expiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        };
        using var response = await SendAsync(HttpMethod.Post, $"{BaseUrl}/calendars/{Uri.EscapeDataString(connection.GoogleCalendarId!)}/events/watch", body, cancellationToken);
        var channel = await ReadAsync(response, "watch the calendar", cancellationToken);
        var expiration = (string?)channel["expiration"] is { } ms && long.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var millis)
            ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
            : expiresAt;
        return new CalendarSubscription((string?)channel["id"] ?? (string)body["id"]!, (string?)channel["resourceId"], expiration, now);
    }

    /// <summary>POST channels/stop with the channel's id and resource id, all Google needs (the channel token is optional there, so none is kept to stop one later).</summary>
    public async Task StopAsync(CalendarSubscription channel, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"{BaseUrl}/channels/stop",
            new JsonObject { ["id"] = channel.Id, ["resourceId"] = channel.ResourceId }, cancellationToken);
        // A channel that already lapsed is gone either way.
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
        {
            throw new CalendarProviderException($"Google refused to stop channel: {(int)response.StatusCode}.");
        }
    }

    /// <summary>One page of <c>events.list</c>: changes since <paramref name="syncToken"/>, or everything when it is null.</summary>
    public async Task<GoogleEventPage> ListAsync(string calendarId, string? syncToken, string? pageToken, CancellationToken cancellationToken)
    {
        var query = new List<string> { "maxResults=250", "showDeleted=true" };
        if (syncToken is not null)
        {
            query.Add("syncToken=" + Uri.EscapeDataString(syncToken));
        }
        if (pageToken is not null)
        {
            query.Add("pageToken=" + Uri.EscapeDataString(pageToken));
        }
        using var response = await SendAsync(HttpMethod.Get, $"{BaseUrl}/calendars/{Uri.EscapeDataString(calendarId)}/events?{string.Join('&', query)}", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Gone)
        {
            return new GoogleEventPage([], null, null, SyncTokenGone: true);
        }
        var page = await ReadAsync(response, "list events", cancellationToken);
        return new GoogleEventPage(
            [.. (page["items"]?.AsArray() ?? []).OfType<JsonObject>()],
            (string?)page["nextPageToken"],
            (string?)page["nextSyncToken"],
            SyncTokenGone: false);
    }

    /// <summary>A Google event as a provider-neutral event: SEQUENCE then <c>updated</c> order its changes.</summary>
    /// <returns>Null for an all-day event (not an interview) that is not a cancellation.</returns>
    public static CalendarEvent? ToCalendarEvent(JsonObject e, string calendarId, DateTimeOffset now)
    {
        var cancelled = (string?)e["status"] == "cancelled";
        var start = Time(e["start"]);
        var end = Time(e["end"]);
        if (!cancelled && (start is null || end is null))
        {
            return null;
        }
        static CalendarAttendee? Person(JsonNode? node, CalendarAttendeeRole role) =>
            (string?)node?["email"] is { Length: > 0 } email ? new CalendarAttendee(email.ToLowerInvariant(), (string?)node!["displayName"], role) : null;
        var updated = (string?)e["updated"] is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var u) ? u.ToUniversalTime() : now;
        return new CalendarEvent
        {
            Provider = CalendarProvider.Google,
            EventId = (string?)e["id"] ?? throw new CalendarProviderException("A Google event has no id."),
            Marker = new CalendarChangeMarker((long?)e["sequence"] ?? 0, updated),
            Title = (string?)e["summary"],
            Start = start ?? now,
            End = end ?? now,
            TimeZone = (string?)e["start"]?["timeZone"],
            Attendees = [.. (e["attendees"]?.AsArray() ?? []).Where(a => (bool?)a?["resource"] != true)
                .Select(a => Person(a, (bool?)a?["organizer"] == true ? CalendarAttendeeRole.Organizer : CalendarAttendeeRole.Attendee)).OfType<CalendarAttendee>()],
            Organizer = Person(e["organizer"], CalendarAttendeeRole.Organizer),
            Location = (string?)e["location"],
            MeetingUrl = (string?)e["hangoutLink"],
            Cancelled = cancelled,
            Description = (string?)e["description"],
            CalendarId = calendarId,
        };
    }

    private static DateTimeOffset? Time(JsonNode? node) =>
        (string?)node?["dateTime"] is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value.ToUniversalTime() : null;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = await ProviderRest.RequestAsync(credential, Scope, method, url, body, cancellationToken);
        return await http.SendAsync(request, cancellationToken);
    }

    private static Task<JsonObject> ReadAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken) =>
        ProviderRest.ReadObjectAsync(response, "Google", what, cancellationToken);
}

/// <summary>A Google push only says "something changed": sync the calendar incrementally from the stored token and apply each change.</summary>
public sealed class GoogleWork(GoogleCalendarClient google, CalendarEventApplier applier, ICalendarStore store, TimeProvider clock) : ICalendarProviderWork
{
    private const int MaxPages = 100;

    public bool CanRun(string kind) => kind is CalendarQueueMessage.SyncGoogle;

    public async Task<IReadOnlyList<(string? EventId, CalendarApplyResult Result)>> RunAsync(CalendarConnection connection, CalendarQueueMessage message, CancellationToken cancellationToken)
    {
        var calendarId = connection.GoogleCalendarId ?? throw new CalendarProviderException("The connection names no Google calendar.");
        var results = new List<(string?, CalendarApplyResult)>();
        var syncToken = connection.SyncToken;
        string? pageToken = null;
        for (var pages = 0; pages < MaxPages; pages++)
        {
            var page = await google.ListAsync(calendarId, syncToken, pageToken, cancellationToken);
            if (page.SyncTokenGone)
            {
                // 410: the token expired or was invalidated. Start over with a full sync; applied changes stay idempotent.
                results.Add((null, new CalendarApplyResult(CalendarApplyOutcome.Unchanged, null, "Sync token gone (410): full resync.")));
                syncToken = null;
                pageToken = null;
                continue;
            }
            foreach (var item in page.Items)
            {
                if (GoogleCalendarClient.ToCalendarEvent(item, calendarId, clock.GetUtcNow()) is { } calendarEvent)
                {
                    results.Add((calendarEvent.EventId, await applier.ApplyAsync(connection, calendarEvent, cancellationToken)));
                }
            }
            if (page.NextPageToken is { } next)
            {
                pageToken = next;
                continue;
            }
            if (page.NextSyncToken is { } nextSync)
            {
                await SyncPositions.SaveAsync(store, connection, c => c with { SyncToken = nextSync }, clock, cancellationToken);
            }
            break;
        }
        return results;
    }
}
