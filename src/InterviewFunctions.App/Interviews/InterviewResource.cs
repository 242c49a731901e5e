using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Json;
using InterviewFunctions.Core.Tenancy;
using NodaTime;
using System.Globalization;
using System.Text.Json.Serialization;

namespace InterviewFunctions.App.Interviews;

/// <summary>
/// An interview as the API shows it: instants in UTC, the start also in the interview's and the candidate's own
/// time, and the statuses it may move to next. Candidates do not see internal notes, feedback or the outcome.
/// </summary>
public sealed record InterviewResource(
    string Id,
    Candidate Candidate,
    string Company,
    string Role,
    string? JobId,
    InterviewType Type,
    [property: JsonConverter(typeof(UtcSecondsConverter))] DateTimeOffset ScheduledStart,
    [property: JsonConverter(typeof(UtcSecondsConverter))] DateTimeOffset ScheduledEnd,
    string ScheduledStartLocal,
    string CandidateStartLocal,
    string TimeZone,
    int DurationMinutes,
    IReadOnlyList<Interviewer> Interviewers,
    string? Location,
    string? MeetingLink,
    InterviewStatus Status,
    IReadOnlyList<InterviewStatus> NextStatuses,
    InterviewOutcome? Outcome,
    string? Notes,
    string? Feedback,
    string? CancellationReason,
    bool HasPrepNotes,
    bool PreparationComplete,
    int ScheduleVersion,
    IReadOnlyList<string>? ReminderOffsets,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("etag")] string ETag)
{
    /// <summary>The posting the candidate applies to, when the hiring team gave it.</summary>
    public string? JobDescription { get; init; }

    /// <summary>How many prep checklist items are ticked; the items are at <c>/api/interviews/{id}/prep</c>.</summary>
    public int PrepChecklistDone { get; init; }

    public static InterviewResource From(Interview interview, Caller caller)
    {
        var internalView = caller.Role is not CallerRole.Candidate;
        return new InterviewResource(
            interview.Id,
            interview.Candidate,
            interview.Company,
            interview.Role,
            interview.JobId,
            interview.Type,
            interview.ScheduledStart,
            interview.ScheduledEnd,
            LocalTime(interview.ScheduledStart, interview.TimeZone),
            LocalTime(interview.ScheduledStart, interview.Candidate.TimeZone),
            interview.TimeZone,
            interview.DurationMinutes,
            interview.Interviewers,
            interview.Location,
            interview.MeetingLink,
            interview.Status,
            InterviewStateMachine.AllowedFrom(interview.Status).Where(s => s != InterviewStatus.Rescheduled && caller.CanSetStatus(s)).ToList(),
            internalView ? interview.Outcome : null,
            internalView ? interview.Notes : null,
            internalView ? interview.Feedback : null,
            interview.CancellationReason,
            interview.PrepNotes is not null,
            interview.PreparationComplete,
            interview.ScheduleVersion,
            interview.ReminderOffsets?.Select(IsoDurationConverter.Format).ToList(),
            interview.CreatedAt,
            interview.UpdatedAt,
            HttpETag.Of(interview))
        {
            JobDescription = interview.JobDescription,
            PrepChecklistDone = interview.PrepChecklistDone?.Count ?? 0,
        };
    }

    /// <summary>The instant on the wall clock of a zone, with its offset (RFC 3339): <c>2026-03-29T10:00:00+02:00</c>.</summary>
    public static string LocalTime(DateTimeOffset instant, string timeZone)
    {
        var offset = DateTimeZoneProviders.Tzdb[timeZone].GetUtcOffset(Instant.FromDateTimeOffset(instant)).ToTimeSpan();
        return offset == TimeSpan.Zero
            ? UtcSecondsConverter.ToText(instant)
            : instant.ToOffset(offset).ToString("yyyy'-'MM'-'dd'T'HH':'mm':'sszzz", CultureInfo.InvariantCulture);
    }
}

/// <summary>Strong ETags as HTTP writes them (quoted), whatever form the store keeps them in.</summary>
public static class HttpETag
{
    /// <summary>The interview's ETag as clients see it: it changes with what they can see, not with its reminder bookkeeping.</summary>
    public static string Of(Interview interview) => $"\"r{interview.Revision.ToString(CultureInfo.InvariantCulture)}\"";

    public static string Format(string? etag) =>
        etag is null ? "" : etag.StartsWith('"') ? etag : $"\"{etag}\"";

    /// <summary>Whether an If-Match header value (possibly a list, possibly <c>*</c>) matches the current ETag.</summary>
    public static bool Matches(string ifMatch, string? current)
    {
        var expected = Format(current);
        return ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(tag => tag == "*" || Format(tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag) == expected);
    }
}
