using System.Text.Json.Serialization;
using InterviewFunctions.Core.Json;
using InterviewFunctions.Core.Reminders;

namespace InterviewFunctions.Core.Interviews;

public sealed record Candidate(string Name, string Email, string TimeZone);

/// <param name="TimeZone">The interviewer's own IANA zone; null means the interview's zone.</param>
public sealed record Interviewer(string Name, string Email, string? TimeZone = null);

/// <summary>
/// One interview, as stored. Emails are kept lower-case so that role scoping and filters compare exactly.
/// The schedule (start, time zone, duration) changes only through a reschedule, which bumps <see cref="ScheduleVersion"/>.
/// </summary>
public sealed record Interview
{
    public const string DocumentType = "interview";

    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public string DocType { get; init; } = DocumentType;
    public required Candidate Candidate { get; init; }
    public required string Company { get; init; }
    public required string Role { get; init; }
    public string? JobId { get; init; }
    public required InterviewType Type { get; init; }

    [JsonConverter(typeof(UtcSecondsConverter))]
    public required DateTimeOffset ScheduledStart { get; init; }

    public required string TimeZone { get; init; }
    public required int DurationMinutes { get; init; }
    public IReadOnlyList<Interviewer> Interviewers { get; init; } = [];
    public string? Location { get; init; }
    public string? MeetingLink { get; init; }
    public InterviewStatus Status { get; init; } = InterviewStatus.Scheduled;
    public InterviewOutcome? Outcome { get; init; }
    public string? Notes { get; init; }
    public string? Feedback { get; init; }
    public string? CancellationReason { get; init; }
    public string? PrepNotes { get; init; }
    public DateTimeOffset? PrepNotesUpdatedAt { get; init; }
    public bool PreparationComplete { get; init; }

    /// <summary>The posting the candidate applies to; the prep view mines it for the competencies to prepare stories for.</summary>
    public string? JobDescription { get; init; }

    /// <summary>Ids of the prep checklist items ticked, in checklist order; null when none is.</summary>
    public IReadOnlyList<string>? PrepChecklistDone { get; init; }
    public int ScheduleVersion { get; init; } = 1;

    /// <summary>The interview's own reminder offsets, latest first; null means its tenant's or its type's.</summary>
    public IReadOnlyList<TimeSpan>? ReminderOffsets { get; init; }

    /// <summary>Every email planned for this interview: its orchestration state.</summary>
    public ReminderPlan? Reminders { get; init; }

    /// <summary>When the plan next needs the dispatcher; null when nothing is waiting. Stored and indexed for the due query.</summary>
    [JsonConverter(typeof(UtcSecondsConverter))]
    public DateTimeOffset? NextDispatchAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Lower-case company name, stored so that the company filter is an exact, indexable match.</summary>
    public string CompanyKey => Company.ToLowerInvariant();

    /// <summary>Stored so that an interviewer's scope is one array lookup in every store.</summary>
    public IReadOnlyList<string> InterviewerEmails => [.. Interviewers.Select(i => i.Email)];

    /// <summary>
    /// Counts the changes a client can see; the HTTP ETag derives from it. The reminder dispatcher also writes the
    /// document (to record what it queued and sent) without changing it, so a client's If-Match is not broken by
    /// an email going out.
    /// </summary>
    public int Revision { get; init; } = 1;

    /// <summary>The store's concurrency token; not part of the stored document.</summary>
    [JsonIgnore]
    public string? ETag { get; init; }

    [JsonIgnore]
    public DateTimeOffset ScheduledEnd => ScheduledStart.AddMinutes(DurationMinutes);

    /// <summary>Where an interviewer lives: their own zone, else the interview's.</summary>
    public string TimeZoneOf(Interviewer interviewer) => interviewer.TimeZone ?? TimeZone;

    [JsonIgnore]
    public bool IsEnded => Status is InterviewStatus.Completed or InterviewStatus.Cancelled;
}
