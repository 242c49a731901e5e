namespace InterviewFunctions.Core.Calendar.Sync;

/// <summary>
/// Calendar connections and event links. Links are read by their key and, for pairing a cancellation with a new
/// booking, by candidate and event type; connections by id (a webhook delivery names only the connection) and by the
/// time their subscription lapses (the renewal timer).
/// </summary>
public interface ICalendarStore
{
    Task<CalendarEventLink?> FindLinkAsync(string tenantId, CalendarProvider provider, string eventId, CancellationToken cancellationToken);

    /// <summary>Writes the link if the stored one still has <see cref="CalendarEventLink.ETag"/> (null: if there is none yet).</summary>
    /// <returns>The stored link with its new ETag.</returns>
    /// <exception cref="StaleCalendarRecordException">Someone else wrote it first.</exception>
    Task<CalendarEventLink> SaveLinkAsync(CalendarEventLink link, CancellationToken cancellationToken);

    /// <summary>Links of the connection for this candidate and event type, in the given states, updated at or after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<CalendarEventLink>> FindPairableLinksAsync(
        string tenantId, string connectionId, string candidateEmail, string eventType, IReadOnlyList<CalendarLinkState> states, DateTimeOffset since, CancellationToken cancellationToken);

    /// <exception cref="CalendarConnectionAlreadyExistsException">The id is taken.</exception>
    Task<CalendarConnection> CreateConnectionAsync(CalendarConnection calendarConnection, CancellationToken cancellationToken);

    Task<CalendarConnection?> FindConnectionAsync(string tenantId, string id, CancellationToken cancellationToken);

    /// <summary>A connection by id alone, whatever its tenant: how a webhook delivery finds the connection it is for.</summary>
    Task<CalendarConnection?> FindConnectionByIdAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<CalendarConnection>> ListConnectionsAsync(string tenantId, CancellationToken cancellationToken);

    /// <exception cref="StaleCalendarRecordException">It changed or was deleted since it was read.</exception>
    Task<CalendarConnection> ReplaceConnectionAsync(CalendarConnection calendarConnection, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the connection and its delivery log. The answer is the record exactly as it was deleted: a writer that
    /// changed it meanwhile (a renewal recording a new subscription) is either wholly before the delete, and its change is
    /// in the answer, or wholly after, and finds the record gone. What the provider still runs for it is named there.
    /// </summary>
    /// <returns>The connection as it was deleted; null when there was none.</returns>
    Task<CalendarConnection?> DeleteConnectionAsync(string tenantId, string id, CancellationToken cancellationToken);

    /// <summary>Connections of every tenant whose subscription lapses at or before <paramref name="horizon"/>.</summary>
    Task<IReadOnlyList<CalendarConnection>> ListSubscriptionsExpiringAsync(DateTimeOffset horizon, CancellationToken cancellationToken);

    Task AddDeliveryAsync(CalendarDelivery delivery, CancellationToken cancellationToken);

    /// <summary>The connection's latest deliveries, newest first.</summary>
    Task<IReadOnlyList<CalendarDelivery>> ListDeliveriesAsync(string tenantId, string connectionId, int max, CancellationToken cancellationToken);
}

/// <summary>One webhook delivery or one applied change, and what came of it: the delivery log.</summary>
public sealed record CalendarDelivery
{
    public const string DocumentType = "calendarDelivery";

    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public string DocType { get; init; } = DocumentType;
    public required string ConnectionId { get; init; }
    public required CalendarProvider Provider { get; init; }

    /// <summary>What arrived: the provider's trigger (BOOKING_CREATED, invitee.canceled, created, exists) or a stage such as "applied".</summary>
    public required string Kind { get; init; }

    /// <summary>accepted, rejected, applied, duplicate, stale, ignored, failed…</summary>
    public required string Outcome { get; init; }

    public string? EventId { get; init; }
    public string? InterviewId { get; init; }
    public string? Detail { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
}

public sealed class StaleCalendarRecordException(string id) : Exception($"Calendar record '{id}' changed since it was read.");

public sealed class CalendarConnectionAlreadyExistsException(string id) : Exception($"Calendar connection '{id}' already exists.");
