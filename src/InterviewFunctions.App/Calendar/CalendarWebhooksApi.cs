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
        return group;
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
