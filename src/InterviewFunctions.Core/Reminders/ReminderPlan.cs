using System.Text.Json.Serialization;
using InterviewFunctions.Core.Json;

namespace InterviewFunctions.Core.Reminders;

/// <summary>What a planned email is for. Reminders come from the offsets; the others announce a change of the interview.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<PlannedEmailKind>))]
public enum PlannedEmailKind
{
    Reminder,
    Invitation,
    Update,
    Cancellation,
    FollowUp,
}

[JsonConverter(typeof(SnakeCaseEnumConverter<PlannedEmailState>))]
public enum PlannedEmailState
{
    /// <summary>Waiting for its due instant.</summary>
    Pending,

    /// <summary>Handed to the send queue, not yet confirmed sent.</summary>
    Sending,

    Sent,

    /// <summary>Never due: its moment had passed when the plan was built.</summary>
    Skipped,

    /// <summary>Void: the interview moved, ended or changed its offsets.</summary>
    Cancelled,

    /// <summary>The send was given up; <see cref="PlannedEmail.Reason"/> says why.</summary>
    Failed,
}

/// <summary>
/// The interview's orchestration state: every email planned for it, under the schedule version it was planned for.
/// It lives inside the interview document, so it survives restarts, changes atomically with the interview, and
/// costs no memory while it waits.
/// </summary>
public sealed record ReminderPlan
{
    public required int ScheduleVersion { get; init; }

    [JsonConverter(typeof(UtcSecondsConverter))]
    public required DateTimeOffset BuiltAt { get; init; }

    /// <summary>The offsets the reminders were planned from, and where they came from (type, tenant or interview).</summary>
    public required OffsetSource OffsetSource { get; init; }

    public IReadOnlyList<PlannedEmail> Items { get; init; } = [];
}

[JsonConverter(typeof(SnakeCaseEnumConverter<OffsetSource>))]
public enum OffsetSource
{
    TypeDefault,
    Tenant,
    Interview,
}

public sealed record PlannedEmail
{
    /// <summary>Unique within the interview, stable for the same version, kind and offset, e.g. <c>v2-reminder-PT24H</c>.</summary>
    public required string Id { get; init; }

    public required PlannedEmailKind Kind { get; init; }

    [JsonConverter(typeof(NullableIsoDurationConverter))]
    public TimeSpan? Offset { get; init; }

    public required int ScheduleVersion { get; init; }

    [JsonConverter(typeof(UtcSecondsConverter))]
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>For an update: the start it replaces, so the email can say what moved.</summary>
    public DateTimeOffset? PreviousStart { get; init; }

    public PlannedEmailState State { get; init; } = PlannedEmailState.Pending;

    /// <summary>Why it was skipped, cancelled or failed.</summary>
    public string? Reason { get; init; }

    /// <summary>How many times it was handed to the send queue.</summary>
    public int Attempts { get; init; }

    public DateTimeOffset? EnqueuedAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public IReadOnlyList<EmailDelivery> Deliveries { get; init; } = [];

    public IReadOnlyList<PlanEvent> History { get; init; } = [];

    [JsonIgnore]
    public bool IsOpen => State is PlannedEmailState.Pending or PlannedEmailState.Sending;
}

/// <summary>One recipient's copy: who, through which sender, under which id.</summary>
public sealed record EmailDelivery(string To, string Sender, string MessageId, DateTimeOffset SentAt);

public sealed record PlanEvent(DateTimeOffset At, PlannedEmailState State, string? Note = null);
