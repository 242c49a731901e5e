using System.Security.Cryptography;
using System.Text.Json.Serialization;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Calendar.Sync;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Calendar;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TitleKeywordInput(string? Keyword, string? Type);

/// <summary>A new calendar connection. The secret is written here and never read back.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CalendarConnectionRequest(
    string? Provider,
    string? Name,
    string? Company,
    string? Role,
    IReadOnlyList<string?>? Calendars,
    IReadOnlyList<string?>? EventTypes,
    IReadOnlyDictionary<string, string?>? EventTypeMapping,
    IReadOnlyList<TitleKeywordInput?>? TitleKeywords,
    string? DefaultType,
    string? CandidateRule,
    IReadOnlyList<string?>? InternalDomains,
    string? DefaultTimeZone,
    string? Secret,
    string? GraphUserId,
    string? GoogleCalendarId);

public sealed record SecretState(bool Set);

public sealed record CalendarSubscriptionResource(string Id, DateTimeOffset ExpiresAt, DateTimeOffset RenewedAt);

public sealed record CalendarConnectionResource(
    string Id,
    string Provider,
    string? Name,
    string Company,
    string Role,
    IReadOnlyList<string> Calendars,
    IReadOnlyList<string> EventTypes,
    IReadOnlyDictionary<string, string> EventTypeMapping,
    IReadOnlyList<TitleKeywordInput> TitleKeywords,
    string DefaultType,
    string CandidateRule,
    IReadOnlyList<string> InternalDomains,
    string DefaultTimeZone,
    SecretState Secret,
    string WebhookUrl,
    string? GraphUserId,
    string? GoogleCalendarId,
    CalendarSubscriptionResource? Subscription,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static CalendarConnectionResource From(CalendarConnection c, CalendarOptions options) => new(
        c.Id,
        c.Provider.ToWire(),
        c.Name,
        c.Company,
        c.Role,
        c.Calendars,
        c.EventTypes,
        c.EventTypeMapping.ToDictionary(m => m.Key, m => m.Value.ToWire()),
        [.. c.TitleKeywords.Select(k => new TitleKeywordInput(k.Keyword, k.Type.ToWire()))],
        c.DefaultType.ToWire(),
        c.CandidateRule.ToWire(),
        c.InternalDomains,
        c.DefaultTimeZone,
        new SecretState(c.Secret.Length > 0),
        CalendarConnectionsApi.WebhookUrl(c, options),
        c.GraphUserId,
        c.GoogleCalendarId,
        c.Subscription is { } s ? new CalendarSubscriptionResource(s.Id, s.ExpiresAt, s.RenewedAt) : null,
        c.CreatedAt,
        c.UpdatedAt);
}

public sealed record CalendarConnectionList(IReadOnlyList<CalendarConnectionResource> Items);

public sealed record CalendarDeliveryList(IReadOnlyList<CalendarDelivery> Items);

/// <summary>
/// A tenant's calendar connections: which calendar or booking account drives interviews, and how. Admins only: a
/// connection holds a signing secret and decides what creates interviews for the whole tenant.
/// </summary>
public static class CalendarConnectionsApi
{
    /// <summary>What Cal.com sends in place of a signature when no secret is set: never a usable secret.</summary>
    public const string CalcomNoSecret = "no-secret-provided";
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 128;
    private const int MaxListItems = 50;

    public static RouteGroupBuilder MapCalendarConnections(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/calendar/connections").WithTags("Calendar");
        group.MapPost("", Create);
        group.MapGet("", List);
        group.MapGet("/{id}", Get);
        group.MapDelete("/{id}", Delete);
        group.MapGet("/{id}/deliveries", Deliveries);
        group.MapPost("/{id}/subscription", Subscribe);
        return group;
    }

    /// <summary>Where the provider delivers for this connection: the connection id rides in the query, the only thing a delivery must name.</summary>
    public static string WebhookUrl(CalendarConnection connection, CalendarOptions options)
    {
        var path = connection.Provider switch
        {
            CalendarProvider.Microsoft365 => "graph",
            CalendarProvider.Google => "google",
            CalendarProvider.Calcom => "calcom",
            CalendarProvider.Calendly => "calendly",
            _ => connection.Provider.ToWire(),
        };
        return $"{options.PublicBaseUrl.TrimEnd('/')}/api/webhooks/{path}?connection={Uri.EscapeDataString(connection.Id)}";
    }

    private static async Task<Results<Created<CalendarConnectionResource>, ValidationProblem, ProblemHttpResult>> Create(
        CalendarConnectionRequest request, HttpContext http, ICalendarStore store, TimeProvider clock, IOptions<CalendarOptions> options, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (caller.Role is not CallerRole.Admin)
        {
            return Problem.Forbidden("Only admins manage calendar connections.");
        }
        var now = clock.GetUtcNow();
        var (connection, errors) = Read(request, caller.TenantId, Guid.CreateVersion7(now).ToString("N"), now);
        if (connection is null)
        {
            return Problem.Invalid(errors);
        }
        var stored = await store.CreateConnectionAsync(connection, cancellationToken);
        return TypedResults.Created($"/api/calendar/connections/{stored.Id}", CalendarConnectionResource.From(stored, options.Value));
    }

    private static async Task<Results<Ok<CalendarConnectionList>, ProblemHttpResult>> List(
        HttpContext http, ICalendarStore store, IOptions<CalendarOptions> options, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (caller.Role is not CallerRole.Admin)
        {
            return Problem.Forbidden("Only admins manage calendar connections.");
        }
        var connections = await store.ListConnectionsAsync(caller.TenantId, cancellationToken);
        return TypedResults.Ok(new CalendarConnectionList([.. connections.Select(c => CalendarConnectionResource.From(c, options.Value))]));
    }

    private static async Task<Results<Ok<CalendarConnectionResource>, ProblemHttpResult>> Get(
        string id, HttpContext http, ICalendarStore store, IOptions<CalendarOptions> options, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (caller.Role is not CallerRole.Admin)
        {
            return Problem.Forbidden("Only admins manage calendar connections.");
        }
        return await store.FindConnectionAsync(caller.TenantId, id, cancellationToken) is { } connection
            ? TypedResults.Ok(CalendarConnectionResource.From(connection, options.Value))
            : Problem.NotFound($"Calendar connection '{id}'");
    }

    /// <summary>
    /// Deletes the connection and stops its Graph subscription or Google channel. Answers 204 once the record is gone,
    /// whatever the provider says: a stop it refuses is retried from the calendar queue until done or lapsed.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, HttpContext http, CalendarSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (caller.Role is not CallerRole.Admin)
        {
            return Problem.Forbidden("Only admins manage calendar connections.");
        }
        return await subscriptions.DeleteConnectionAsync(caller.TenantId, id, cancellationToken) is not null
            ? TypedResults.NoContent()
            : Problem.NotFound($"Calendar connection '{id}'");
    }

    private static async Task<Results<Ok<CalendarDeliveryList>, ProblemHttpResult>> Deliveries(
        string id, HttpContext http, ICalendarStore store, IOptions<CalendarOptions> options, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (caller.Role is not CallerRole.Admin)
        {
            return Problem.Forbidden("Only admins manage calendar connections.");
        }
        if (await store.FindConnectionAsync(caller.TenantId, id, cancellationToken) is null)
        {
            return Problem.NotFound($"Calendar connection '{id}'");
        }
        return TypedResults.Ok(new CalendarDeliveryList(await store.ListDeliveriesAsync(caller.TenantId, id, options.Value.DeliveryLogPageSize, cancellationToken)));
    }

    /// <summary>Creates (or replaces) the Graph subscription or Google channel that makes the provider call our webhook.</summary>
    private static async Task<Results<Ok<CalendarConnectionResource>, ProblemHttpResult>> Subscribe(
        string id, HttpContext http, ICalendarStore store, CalendarSubscriptions subscriptions, IOptions<CalendarOptions> options, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (caller.Role is not CallerRole.Admin)
        {
            return Problem.Forbidden("Only admins manage calendar connections.");
        }
        if (await store.FindConnectionAsync(caller.TenantId, id, cancellationToken) is not { } connection)
        {
            return Problem.NotFound($"Calendar connection '{id}'");
        }
        if (!CalendarSubscriptions.Supports(connection.Provider))
        {
            return Problem.Conflict($"{connection.Provider.ToWire()} connections need no subscription: set the webhook URL in the provider's settings.");
        }
        try
        {
            var subscribed = connection.Subscription is null
                ? await subscriptions.SubscribeAsync(connection, cancellationToken)
                : await subscriptions.RenewAsync(connection, cancellationToken);
            return TypedResults.Ok(CalendarConnectionResource.From(subscribed, options.Value));
        }
        catch (Providers.CalendarProviderException e)
        {
            return Problem.Of(StatusCodes.Status502BadGateway, "The calendar provider refused", e.Message);
        }
    }

    /// <summary>Validates the request into a connection, every error keyed by its field path.</summary>
    public static (CalendarConnection? Connection, IDictionary<string, string[]> Errors) Read(CalendarConnectionRequest request, string tenantId, string id, DateTimeOffset now)
    {
        var v = new Validation();
        var provider = v.Enum<CalendarProvider>("provider", request.Provider);
        if (provider is CalendarProvider.Ics)
        {
            v.Add("provider", "ICS files are imported through /api/calendar/import, not connected.");
        }
        var name = v.Optional("name", request.Name);
        var company = v.Required("company", request.Company);
        var role = v.Required("role", request.Role);
        var calendars = TextList(v, "calendars", request.Calendars);
        var eventTypes = TextList(v, "eventTypes", request.EventTypes);
        var mapping = new Dictionary<string, InterviewType>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in request.EventTypeMapping ?? new Dictionary<string, string?>())
        {
            var field = $"eventTypeMapping.{key}";
            if (string.IsNullOrWhiteSpace(key) || key.Length > Validation.ShortText)
            {
                v.Add("eventTypeMapping", "Event type names must be 1 to 200 characters.");
            }
            else if (v.Enum<InterviewType>(field, value) is { } type)
            {
                mapping[key.Trim()] = type;
            }
        }
        var keywords = new List<TitleKeyword>();
        var keywordInputs = request.TitleKeywords ?? [];
        if (keywordInputs.Count > MaxListItems)
        {
            v.Add("titleKeywords", $"At most {MaxListItems} keywords.");
        }
        for (var i = 0; i < Math.Min(keywordInputs.Count, MaxListItems); i++)
        {
            var keyword = v.Required($"titleKeywords[{i}].keyword", keywordInputs[i]?.Keyword, 100);
            var type = v.Enum<InterviewType>($"titleKeywords[{i}].type", keywordInputs[i]?.Type);
            if (keyword is not null && type is not null)
            {
                keywords.Add(new TitleKeyword(keyword, type.Value));
            }
        }
        var defaultType = request.DefaultType is null ? InterviewType.VideoInterview : v.Enum<InterviewType>("defaultType", request.DefaultType);
        var candidateRule = request.CandidateRule is null
            ? (provider is CalendarProvider.Calcom or CalendarProvider.Calendly ? CandidateRule.Invitee : CandidateRule.ExternalAttendee)
            : v.Enum<CandidateRule>("candidateRule", request.CandidateRule);
        var domains = TextList(v, "internalDomains", request.InternalDomains).Select(d => d.TrimStart('@').ToLowerInvariant()).ToList();
        if (candidateRule is CandidateRule.ExternalAttendee && domains.Count == 0)
        {
            v.Add("internalDomains", "The external-attendee rule needs the tenant's own email domains, to tell the candidate from colleagues.");
        }
        var zone = request.DefaultTimeZone is null ? "UTC" : v.TimeZone("defaultTimeZone", request.DefaultTimeZone);
        var secret = ReadSecret(v, provider, request.Secret);
        var graphUser = v.Optional("graphUserId", request.GraphUserId, 320);
        var googleCalendar = v.Optional("googleCalendarId", request.GoogleCalendarId, 320);
        if (provider is CalendarProvider.Microsoft365 && graphUser is null)
        {
            v.Add("graphUserId", "'graphUserId' is required for microsoft365: the user (id or principal name) whose calendar is watched.");
        }
        if (provider is CalendarProvider.Google && googleCalendar is null)
        {
            v.Add("googleCalendarId", "'googleCalendarId' is required for google: the calendar watched, e.g. an email address or 'primary'.");
        }
        if (!v.IsValid)
        {
            return (null, v.Errors);
        }
        return (new CalendarConnection
        {
            Id = id,
            TenantId = tenantId,
            Provider = provider!.Value,
            Name = name,
            Calendars = calendars,
            EventTypes = eventTypes,
            EventTypeMapping = mapping,
            TitleKeywords = keywords,
            DefaultType = defaultType!.Value,
            CandidateRule = candidateRule!.Value,
            InternalDomains = domains,
            Company = company!,
            Role = role!,
            DefaultTimeZone = zone!,
            Secret = secret!,
            GraphUserId = graphUser,
            GoogleCalendarId = googleCalendar,
            CreatedAt = now,
            UpdatedAt = now,
        }, v.Errors);
    }

    /// <summary>
    /// Booking tools sign with a secret the admin copies from their settings, so it is required. Graph's client state and
    /// Google's channel token are ours to choose: made here when not given.
    /// </summary>
    private static string? ReadSecret(Validation v, CalendarProvider? provider, string? secret)
    {
        if (secret is null && provider is CalendarProvider.Microsoft365 or CalendarProvider.Google)
        {
            return Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        }
        if (string.IsNullOrEmpty(secret))
        {
            v.Add("secret", "'secret' is required: the signing key the provider signs its deliveries with.");
            return null;
        }
        if (secret == CalcomNoSecret)
        {
            v.Add("secret", $"'{CalcomNoSecret}' is what Cal.com sends when no secret is set; set a real secret in Cal.com and here.");
            return null;
        }
        if (secret.Length is < MinSecretLength or > MaxSecretLength || secret.Any(c => c is < '!' or > '~'))
        {
            v.Add("secret", $"'secret' must be {MinSecretLength} to {MaxSecretLength} printable ASCII characters without spaces.");
            return null;
        }
        return secret;
    }

    private static List<string> TextList(Validation v, string field, IReadOnlyList<string?>? values)
    {
        var list = new List<string>();
        if (values is null)
        {
            return list;
        }
        if (values.Count > MaxListItems)
        {
            v.Add(field, $"At most {MaxListItems} entries.");
            return list;
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (v.Required($"{field}[{i}]", values[i], 320) is { } text)
            {
                list.Add(text);
            }
        }
        return list;
    }
}
