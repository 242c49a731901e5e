using System.Text.Json.Serialization;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Json;

namespace InterviewFunctions.Core.Calendar.Sync;

[JsonConverter(typeof(SnakeCaseEnumConverter<CandidateRule>))]
public enum CandidateRule
{
    /// <summary>The attendee the provider marks as the invitee (the person who booked).</summary>
    Invitee,

    /// <summary>The first attendee, other than the organizer, whose email domain is not one of the tenant's own domains.</summary>
    ExternalAttendee,
}

/// <summary>A title keyword that names the interview type: the first keyword found in the title wins.</summary>
public sealed record TitleKeyword(string Keyword, InterviewType Type);

/// <summary>
/// A tenant's link to one calendar or booking account: which events count as interviews, how they become interviews,
/// the secret its deliveries are checked with, and the provider's subscription state (Graph subscription, Google channel).
/// </summary>
public sealed record CalendarConnection
{
    public const string DocumentType = "calendarConnection";

    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public string DocType { get; init; } = DocumentType;
    public required CalendarProvider Provider { get; init; }
    public string? Name { get; init; }

    /// <summary>Calendars that count (Graph user or calendar ids, Google calendar ids); empty means every calendar the deliveries name.</summary>
    public IReadOnlyList<string> Calendars { get; init; } = [];

    /// <summary>Booking event types that count; empty means all of them.</summary>
    public IReadOnlyList<string> EventTypes { get; init; } = [];

    /// <summary>Event type (compared without case) to interview type: asked first.</summary>
    public IReadOnlyDictionary<string, InterviewType> EventTypeMapping { get; init; } = new Dictionary<string, InterviewType>();

    /// <summary>Asked when no event type mapping matches.</summary>
    public IReadOnlyList<TitleKeyword> TitleKeywords { get; init; } = [];

    public InterviewType DefaultType { get; init; } = InterviewType.VideoInterview;

    public CandidateRule CandidateRule { get; init; } = CandidateRule.Invitee;

    /// <summary>The tenant's own email domains: attendees from them are never the candidate.</summary>
    public IReadOnlyList<string> InternalDomains { get; init; } = [];

    /// <summary>What the interviews created from this connection are for (interviews need a company and a role).</summary>
    public required string Company { get; init; }

    public required string Role { get; init; }

    /// <summary>Used when an event names no time zone of its own.</summary>
    public string DefaultTimeZone { get; init; } = "UTC";

    /// <summary>
    /// The signing key (Cal.com, Calendly), client state (Graph) or channel token (Google). Write-only in the API: it is
    /// stored for checking deliveries and never answered.
    /// </summary>
    public required string Secret { get; init; }

    /// <summary>Graph: the user (id or principal name) whose calendar is watched.</summary>
    public string? GraphUserId { get; init; }

    /// <summary>Google: the calendar watched (its id, e.g. an email address or <c>primary</c>).</summary>
    public string? GoogleCalendarId { get; init; }

    /// <summary>The provider's subscription or channel: what renews it and what deliveries name.</summary>
    public CalendarSubscription? Subscription { get; init; }

    /// <summary>Google: the sync token of the last incremental sync; null means the next sync is a full one.</summary>
    public string? SyncToken { get; init; }

    /// <summary>Graph: where the next delta resync of the calendar view continues; null means the next one reads its whole window.</summary>
    public GraphDeltaCursor? GraphDelta { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    [JsonIgnore]
    public string? ETag { get; init; }
}

/// <summary>
/// The end of a Graph calendar-view delta round: the <c>@odata.deltaLink</c> that continues it and the window it covers.
/// The window is fixed when a round begins (the link encodes it), so it is kept to know when the round looks too little ahead.
/// </summary>
public sealed record GraphDeltaCursor(string DeltaLink, DateTimeOffset WindowStart, DateTimeOffset WindowEnd);

/// <summary>A Graph subscription or a Google channel: its id, the resource it watches and when it lapses.</summary>
/// <param name="ResourceId">Google's X-Goog-Resource-ID (needed to stop the channel); Graph's subscribed resource path.</param>
public sealed record CalendarSubscription(string Id, string? ResourceId, DateTimeOffset ExpiresAt, DateTimeOffset RenewedAt);
