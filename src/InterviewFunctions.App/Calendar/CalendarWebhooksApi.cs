using InterviewFunctions.App.Calendar.Providers;
using InterviewFunctions.App.Problems;
using InterviewFunctions.Core.Calendar.Sync;
using InterviewFunctions.Core.Queues;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Calendar;

/// <summary>
/// The calendar providers' webhooks. Anonymous at the host, authenticated by their own signatures (or, for Graph and
/// Google, by the secret we gave the subscription). A delivery names its connection in the query:
/// <c>/api/webhooks/{provider}?connection={id}</c>, the URL the connection answers as <c>webhookUrl</c>. Each answers as
/// soon as the delivery is checked and queued; the interview changes happen in the <c>CalendarEvents</c> queue function.
/// </summary>
public static partial class CalendarWebhooksApi
{
    public const string CalcomSignatureHeader = "X-Cal-Signature-256";
    public const string CalendlySignatureHeader = "Calendly-Webhook-Signature";

    public static RouteGroupBuilder MapCalendarWebhooks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/webhooks").WithTags("Calendar webhooks").AllowAnonymous();
        group.MapPost("/calcom", Calcom);
        group.MapPost("/calendly", Calendly);
        group.MapPost("/graph", Graph);
        group.MapPost("/google", Google);
        return group;
    }

    /// <summary>
    /// Microsoft Graph. A new subscription is validated by a POST with <c>?validationToken=</c>, answered with the token
    /// as text/plain within 10 seconds. A notification batch (<c>{ value: [...] }</c>) is checked one notification at a
    /// time against the client state we gave the subscription; the changed event is fetched from the queue.
    /// </summary>
    private static async Task<Results<ContentHttpResult, Accepted, ProblemHttpResult>> Graph(
        HttpContext http, string? connection, string? validationToken, WebhookIntake intake, CancellationToken cancellationToken)
    {
        if (validationToken is not null)
        {
            return TypedResults.Text(validationToken, "text/plain", System.Text.Encoding.UTF8, StatusCodes.Status200OK);
        }
        if (await intake.FindAsync(connection, CalendarProvider.Microsoft365, cancellationToken) is not { } found)
        {
            return Unauthorized();
        }
        var body = await WebhookIntake.ReadBodyAsync(http, cancellationToken);
        IReadOnlyList<GraphNotification> notifications;
        try
        {
            notifications = GraphNotification.ReadAll(body);
        }
        catch (FormatException e)
        {
            await intake.RecordAsync(found, "payload", "rejected", null, e.Message, cancellationToken);
            return Problem.Of(StatusCodes.Status400BadRequest, "Unreadable delivery", e.Message);
        }
        var accepted = 0;
        foreach (var notification in notifications)
        {
            var kind = notification.LifecycleEvent ?? notification.ChangeType ?? "notification";
            if (!WebhookSignatures.SecretEquals(notification.ClientState, found.Secret))
            {
                await intake.RecordAsync(found, kind, "rejected", null, "clientState does not match.", cancellationToken);
                continue;
            }
            if (found.Subscription is { } subscription && notification.SubscriptionId != subscription.Id)
            {
                await intake.RecordAsync(found, kind, "ignored", null, "Not the connection's current subscription.", cancellationToken);
                accepted++;
                continue;
            }
            await intake.EnqueueAsync(found, new CalendarQueueMessage
            {
                Kind = notification.LifecycleEvent is null ? CalendarQueueMessage.FetchGraphEvent : CalendarQueueMessage.GraphLifecycle,
                TenantId = found.TenantId,
                ConnectionId = found.Id,
                Resource = notification.Resource,
                ChangeType = notification.LifecycleEvent ?? notification.ChangeType,
                SubscriptionId = notification.SubscriptionId,
            }, cancellationToken);
            await intake.RecordAsync(found, kind, "accepted", notification.Resource, null, cancellationToken);
            accepted++;
        }
        return accepted > 0 || notifications.Count == 0 ? TypedResults.Accepted((string?)null) : Unauthorized("No notification carried the subscription's clientState.");
    }

    /// <summary>
    /// Google Calendar push: an empty body and headers naming the channel. The channel id and its token must be the
    /// connection's; <c>sync</c> only announces a new channel; <c>exists</c> and <c>not_exists</c> start an incremental sync.
    /// </summary>
    private static async Task<Results<Accepted, ProblemHttpResult>> Google(HttpContext http, string? connection, WebhookIntake intake, CancellationToken cancellationToken)
    {
        if (await intake.FindAsync(connection, CalendarProvider.Google, cancellationToken) is not { } found)
        {
            return Unauthorized();
        }
        var headers = http.Request.Headers;
        var channelId = headers["X-Goog-Channel-ID"].ToString();
        var state = headers["X-Goog-Resource-State"].ToString();
        if (!WebhookSignatures.SecretEquals(headers["X-Goog-Channel-Token"].ToString(), found.Secret)
            || found.Subscription is not { } channel || !WebhookSignatures.SecretEquals(channelId, channel.Id))
        {
            await intake.RecordAsync(found, state.Length > 0 ? state : "push", "rejected", null, "The channel id or token is missing or not this connection's.", cancellationToken);
            return Unauthorized();
        }
        switch (state)
        {
            case "sync":
                await intake.RecordAsync(found, state, "accepted", null, "The channel is live.", cancellationToken);
                break;
            case "exists" or "not_exists":
                await intake.EnqueueAsync(found, new CalendarQueueMessage
                {
                    Kind = CalendarQueueMessage.SyncGoogle,
                    TenantId = found.TenantId,
                    ConnectionId = found.Id,
                    ChangeType = state,
                    Resource = headers["X-Goog-Resource-ID"].ToString(),
                }, cancellationToken);
                await intake.RecordAsync(found, state, "accepted", null, $"Message {headers["X-Goog-Message-Number"]}.", cancellationToken);
                break;
            default:
                await intake.RecordAsync(found, state.Length > 0 ? state : "push", "ignored", null, "Unknown resource state.", cancellationToken);
                break;
        }
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> Calcom(
        HttpContext http, string? connection, WebhookIntake intake, CancellationToken cancellationToken)
    {
        if (await intake.FindAsync(connection, CalendarProvider.Calcom, cancellationToken) is not { } found)
        {
            return Unauthorized();
        }
        var body = await WebhookIntake.ReadBodyAsync(http, cancellationToken);
        if (!WebhookSignatures.IsValidCalcom(http.Request.Headers[CalcomSignatureHeader].ToString(), body, found.Secret))
        {
            await intake.RecordAsync(found, "signature", "rejected", null, $"{CalcomSignatureHeader} is missing or does not match.", cancellationToken);
            return Unauthorized();
        }
        return await intake.AcceptAsync(found, () => BookingPayloads.ReadCalcom(body), cancellationToken);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> Calendly(
        HttpContext http, string? connection, WebhookIntake intake, TimeProvider clock, IOptions<CalendarOptions> options, CancellationToken cancellationToken)
    {
        if (await intake.FindAsync(connection, CalendarProvider.Calendly, cancellationToken) is not { } found)
        {
            return Unauthorized();
        }
        var body = await WebhookIntake.ReadBodyAsync(http, cancellationToken);
        var verdict = WebhookSignatures.CheckCalendly(http.Request.Headers[CalendlySignatureHeader].ToString(), body, found.Secret, clock.GetUtcNow(), options.Value.SignatureTolerance);
        if (verdict is not WebhookSignatures.CalendlyVerdict.Valid)
        {
            var detail = verdict is WebhookSignatures.CalendlyVerdict.OutsideTolerance
                ? "The signature's timestamp is outside the tolerance: a replay or a skewed clock."
                : $"{CalendlySignatureHeader} is {verdict.ToString().ToLowerInvariant()}.";
            await intake.RecordAsync(found, "signature", "rejected", null, detail, cancellationToken);
            return Unauthorized(detail);
        }
        return await intake.AcceptAsync(found, () => BookingPayloads.ReadCalendly(body), cancellationToken);
    }

    /// <summary>One answer for every authentication failure: an unknown connection looks like a bad signature.</summary>
    internal static ProblemHttpResult Unauthorized(string? detail = null) =>
        Problem.Of(StatusCodes.Status401Unauthorized, "Delivery not authenticated", detail ?? "The delivery's connection or signature is not valid.");
}

/// <summary>One Graph change or lifecycle notification, as much of it as we use.</summary>
public sealed record GraphNotification(string? SubscriptionId, string? ClientState, string? ChangeType, string? Resource, string? LifecycleEvent)
{
    /// <exception cref="FormatException">Not a Graph notification collection.</exception>
    public static IReadOnlyList<GraphNotification> ReadAll(byte[] body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("value", out var value) || value.ValueKind != System.Text.Json.JsonValueKind.Array)
            {
                throw new FormatException("'value' is missing or not an array.");
            }
            static string? Text(System.Text.Json.JsonElement e, string name) =>
                e.ValueKind == System.Text.Json.JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == System.Text.Json.JsonValueKind.String ? p.GetString() : null;
            return [.. value.EnumerateArray().Select(n => new GraphNotification(Text(n, "subscriptionId"), Text(n, "clientState"), Text(n, "changeType"), Text(n, "resource"), Text(n, "lifecycleEvent")))];
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException("The body is not JSON.", e);
        }
    }
}

/// <summary>What every webhook does between the check and the answer: find the connection, log, queue the work.</summary>
public sealed partial class WebhookIntake(ICalendarStore store, IMessageQueues queues, IOptions<CalendarOptions> options, TimeProvider clock, ILogger<WebhookIntake> logger)
{
    public async Task<CalendarConnection?> FindAsync(string? connectionId, CalendarProvider provider, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(connectionId) || connectionId.Length > 100)
        {
            Log.Unknown(logger, provider);
            return null;
        }
        var connection = await store.FindConnectionByIdAsync(connectionId, cancellationToken);
        if (connection?.Provider != provider)
        {
            Log.Unknown(logger, provider);
            return null;
        }
        return connection;
    }

    /// <summary>The raw bytes, read once: the signature is over exactly these, never over a re-serialised body.</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    public async Task<Results<Accepted, ProblemHttpResult>> AcceptAsync(CalendarConnection connection, Func<BookingDelivery> read, CancellationToken cancellationToken)
    {
        BookingDelivery delivery;
        try
        {
            delivery = read();
        }
        catch (FormatException e)
        {
            await RecordAsync(connection, "payload", "rejected", null, e.Message, cancellationToken);
            return Problem.Of(StatusCodes.Status400BadRequest, "Unreadable delivery", e.Message);
        }
        if (delivery.Event is not { } calendarEvent)
        {
            await RecordAsync(connection, delivery.Trigger, "ignored", null, "Not a trigger that changes interviews.", cancellationToken);
            return TypedResults.Accepted((string?)null);
        }
        await EnqueueAsync(connection, new CalendarQueueMessage
        {
            Kind = CalendarQueueMessage.ApplyEvent,
            TenantId = connection.TenantId,
            ConnectionId = connection.Id,
            Event = calendarEvent,
        }, cancellationToken);
        await RecordAsync(connection, delivery.Trigger, "accepted", calendarEvent.EventId, null, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    public Task EnqueueAsync(CalendarConnection connection, CalendarQueueMessage message, CancellationToken cancellationToken) =>
        queues.SendAsync(options.Value.QueueName, message.ToJson(), TimeSpan.Zero, null, cancellationToken);

    public async Task RecordAsync(CalendarConnection connection, string kind, string outcome, string? eventId, string? detail, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Log.Delivery(logger, connection.Id, connection.Provider, kind, outcome);
        await store.AddDeliveryAsync(new CalendarDelivery
        {
            Id = Guid.CreateVersion7(now).ToString("N"),
            TenantId = connection.TenantId,
            ConnectionId = connection.Id,
            Provider = connection.Provider,
            Kind = kind,
            Outcome = outcome,
            EventId = eventId,
            Detail = detail,
            ReceivedAt = now,
        }, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery for calendar connection {ConnectionId} ({Provider}): {Kind} {Outcome}")]
        public static partial void Delivery(ILogger logger, string connectionId, CalendarProvider provider, string kind, string outcome);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery for an unknown {Provider} connection refused")]
        public static partial void Unknown(ILogger logger, CalendarProvider provider);
    }
}
