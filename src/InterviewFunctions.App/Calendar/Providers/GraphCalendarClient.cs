using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using InterviewFunctions.Core.Calendar.Sync;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Calendar.Providers;

public sealed class CalendarProviderException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One page of a Graph calendar-view delta round: changed events and removals (<c>@removed</c>), then either the link to
/// the next page or the delta link that continues the round later. <see cref="RoundGone"/> when Graph no longer knows
/// the round (410, or a <c>syncStateNotFound</c> error): start a new one.
/// </summary>
public sealed record GraphDeltaPage(IReadOnlyList<JsonObject> Items, string? NextLink, string? DeltaLink, bool RoundGone)
{
    public static bool IsRemoval(JsonObject item) => item["@removed"] is not null;
}

/// <summary>
/// Microsoft Graph's REST API for calendar events and change-notification subscriptions, with an Entra ID token
/// (scope <c>https://graph.microsoft.com/.default</c>; the app needs Calendars.Read application permission). The Graph
/// SDK does not restore here; these few calls do not need it.
/// </summary>
public sealed class GraphCalendarClient(HttpClient http, TokenCredential credential, IOptions<CalendarOptions> options)
{
    public const string Scope = "https://graph.microsoft.com/.default";
    public const string HttpClientName = "graph";

    /// <summary>Events per delta page asked for (<c>Prefer: odata.maxpagesize</c>); Graph may send fewer.</summary>
    public const int DeltaPageSize = 50;

    private string BaseUrl => options.Value.GraphBaseUrl.TrimEnd('/');

    /// <summary>POST /subscriptions: created, updated and deleted events of the user's calendar, delivered to our webhook.</summary>
    public async Task<CalendarSubscription> CreateSubscriptionAsync(CalendarConnection connection, string notificationUrl, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var resource = $"users/{connection.GraphUserId}/events";
        var body = new JsonObject
        {
            ["changeType"] = "created,updated,deleted",
            ["notificationUrl"] = notificationUrl,
            ["lifecycleNotificationUrl"] = notificationUrl,
            ["resource"] = resource,
            ["expirationDateTime"] = Iso(expiresAt),
            ["clientState"] = connection.Secret,
        };
        using var response = await SendAsync(HttpMethod.Post, $"{BaseUrl}/subscriptions", body, cancellationToken);
        var created = await ReadAsync(response, "create the Graph subscription", cancellationToken);
        return new CalendarSubscription((string?)created["id"] ?? throw new CalendarProviderException("Graph answered a subscription without an id."),
            resource, ReadInstant(created, "expirationDateTime") ?? expiresAt, now);
    }

    /// <summary>PATCH /subscriptions/{id} with a later expiry.</summary>
    /// <returns>Null when Graph no longer knows the subscription (it must be created again).</returns>
    public async Task<CalendarSubscription?> RenewSubscriptionAsync(CalendarSubscription subscription, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Patch, $"{BaseUrl}/subscriptions/{Uri.EscapeDataString(subscription.Id)}", new JsonObject { ["expirationDateTime"] = Iso(expiresAt) }, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        var renewed = await ReadAsync(response, "renew the Graph subscription", cancellationToken);
        return subscription with { ExpiresAt = ReadInstant(renewed, "expirationDateTime") ?? expiresAt, RenewedAt = now };
    }

    /// <summary>DELETE /subscriptions/{id}: Graph stops notifying for it. One it no longer knows (404) is gone either way.</summary>
    public async Task DeleteSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"{BaseUrl}/subscriptions/{Uri.EscapeDataString(subscriptionId)}", null, cancellationToken);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
        {
            throw new CalendarProviderException($"Graph refused to delete the subscription: {(int)response.StatusCode}.");
        }
    }

    /// <summary>GET the event a notification names (its <c>resource</c>, e.g. <c>Users/{id}/Events/{id}</c>); null when it is gone.</summary>
    public async Task<JsonObject?> GetEventAsync(string resource, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, $"{BaseUrl}/{resource.TrimStart('/')}", null, cancellationToken);
        // Times in UTC; the event's own zone is still named in originalStartTimeZone.
        request.Headers.TryAddWithoutValidation("Prefer", "outlook.timezone=\"UTC\"");
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        return await ReadAsync(response, "read the changed event", cancellationToken);
    }

    /// <summary>Where a new delta round over the user's calendar view (their primary calendar, between the two instants) begins.</summary>
    public string CalendarViewDeltaUrl(string userId, DateTimeOffset start, DateTimeOffset end) =>
        $"{BaseUrl}/users/{Uri.EscapeDataString(userId)}/calendarView/delta?startDateTime={Uri.EscapeDataString(Iso(start))}&endDateTime={Uri.EscapeDataString(Iso(end))}";

    /// <summary>
    /// GET one page of a delta round: its first URL, an <c>@odata.nextLink</c> or a stored <c>@odata.deltaLink</c>. Links
    /// are followed only under <see cref="CalendarOptions.GraphBaseUrl"/>: the bearer token goes nowhere else.
    /// </summary>
    public async Task<GraphDeltaPage> GetDeltaPageAsync(string url, CancellationToken cancellationToken)
    {
        if (!url.StartsWith(BaseUrl + "/", StringComparison.OrdinalIgnoreCase))
        {
            throw new CalendarProviderException("Graph answered a delta link outside its own base URL; it is not followed.");
        }
        using var request = await RequestAsync(HttpMethod.Get, url, null, cancellationToken);
        request.Headers.TryAddWithoutValidation("Prefer", $"odata.maxpagesize={DeltaPageSize}");
        request.Headers.TryAddWithoutValidation("Prefer", "outlook.timezone=\"UTC\"");
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Gone || await IsSyncStateLostAsync(response, cancellationToken))
        {
            return new GraphDeltaPage([], null, null, RoundGone: true);
        }
        var page = await ReadAsync(response, "read the calendar's changes", cancellationToken);
        return new GraphDeltaPage(
            [.. (page["value"]?.AsArray() ?? []).OfType<JsonObject>()],
            (string?)page["@odata.nextLink"],
            (string?)page["@odata.deltaLink"],
            RoundGone: false);
    }

    /// <summary>Graph also ends a round it lost with a 400 or 404 naming the sync state (e.g. an expired delta token).</summary>
    private static async Task<bool> IsSyncStateLostAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.NotFound))
        {
            return false;
        }
        try
        {
            var code = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))?["error"]?["code"];
            return code is not null && (code.Equals("syncStateNotFound", StringComparison.OrdinalIgnoreCase) || code.Equals("resyncRequired", StringComparison.OrdinalIgnoreCase));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A Graph event resource as a provider-neutral event. Graph has no sequence; lastModifiedDateTime orders changes.</summary>
    public static CalendarEvent ToCalendarEvent(JsonObject e, string? calendarId)
    {
        static CalendarAttendee? Person(JsonNode? node, CalendarAttendeeRole role) =>
            node?["emailAddress"]?["address"]?.GetValue<string>() is { Length: > 0 } address
                ? new CalendarAttendee(address.ToLowerInvariant(), node["emailAddress"]?["name"]?.GetValue<string>(), role)
                : null;
        var zone = (string?)e["originalStartTimeZone"] is { } original ? IanaZone(original) : null;
        return new CalendarEvent
        {
            Provider = CalendarProvider.Microsoft365,
            EventId = (string?)e["id"] ?? throw new CalendarProviderException("The Graph event has no id."),
            Marker = new CalendarChangeMarker(0, ReadInstant(e, "lastModifiedDateTime") ?? DateTimeOffset.MinValue),
            Title = (string?)e["subject"],
            Start = GraphTime(e["start"]),
            End = GraphTime(e["end"]),
            TimeZone = zone,
            Attendees = [.. (e["attendees"]?.AsArray() ?? []).Select(a => Person(a, CalendarAttendeeRole.Attendee)).OfType<CalendarAttendee>()],
            Organizer = Person(e["organizer"], CalendarAttendeeRole.Organizer),
            Location = (string?)e["location"]?["displayName"] is { Length: > 0 } place ? place : null,
            MeetingUrl = (string?)e["onlineMeeting"]?["joinUrl"] ?? (string?)e["onlineMeetingUrl"],
            EventType = e["categories"]?.AsArray().Select(c => (string?)c).FirstOrDefault(c => !string.IsNullOrEmpty(c)),
            Cancelled = (bool?)e["isCancelled"] == true,
            Description = (string?)e["bodyPreview"],
            CalendarId = calendarId,
        };
    }

    /// <summary>Graph names zones the Windows way ("W. Europe Standard Time") unless set otherwise; interviews keep IANA names.</summary>
    public static string? IanaZone(string name) =>
        NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(name) is not null ? name
        : TimeZoneInfo.TryConvertWindowsIdToIanaId(name, out var iana) ? iana
        : null;

    private static DateTimeOffset GraphTime(JsonNode? node)
    {
        var text = (string?)node?["dateTime"] ?? throw new CalendarProviderException("The Graph event has no start or end.");
        var zone = (string?)node!["timeZone"] ?? "UTC";
        var local = DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);
        if (zone == "UTC")
        {
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Utc));
        }
        var tz = IanaZone(zone) is { } iana ? NodaTime.DateTimeZoneProviders.Tzdb[iana] : NodaTime.DateTimeZone.Utc;
        return NodaTime.LocalDateTime.FromDateTime(local).InZoneLeniently(tz).ToDateTimeOffset();
    }

    private static DateTimeOffset? ReadInstant(JsonNode node, string name) =>
        (string?)node[name] is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value.ToUniversalTime() : null;

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(method, url, body, cancellationToken);
        return await http.SendAsync(request, cancellationToken);
    }

    private Task<HttpRequestMessage> RequestAsync(HttpMethod method, string url, JsonObject? body, CancellationToken cancellationToken) =>
        ProviderRest.RequestAsync(credential, Scope, method, url, body, cancellationToken);

    private static Task<JsonObject> ReadAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken) =>
        ProviderRest.ReadObjectAsync(response, "Graph", what, cancellationToken);
}
