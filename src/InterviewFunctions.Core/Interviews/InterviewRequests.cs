using System.Text.Json.Serialization;

namespace InterviewFunctions.Core.Interviews;

// Request bodies keep enums and instants as text so that a bad value gets an error that names the field
// and lists what is allowed, rather than a serializer message. Unknown members are refused: a typo should not
// be silently dropped.

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CandidateInput(string? Name, string? Email, string? TimeZone);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record InterviewerInput(string? Name, string? Email, string? TimeZone = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateInterviewRequest(
    CandidateInput? Candidate,
    string? Company,
    string? Role,
    string? JobId,
    string? Type,
    string? ScheduledStart,
    string? TimeZone,
    int? DurationMinutes,
    IReadOnlyList<InterviewerInput>? Interviewers,
    string? Location,
    string? MeetingLink,
    string? Notes,
    IReadOnlyList<string?>? ReminderOffsets = null,
    string? JobDescription = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RescheduleRequest(string? ScheduledStart, string? TimeZone, int? DurationMinutes, string? Reason);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CancelRequest(string? Reason);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StatusChangeRequest(string? Status, string? Outcome, string? Feedback, string? Notes);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PrepNotesRequest(string? Markdown);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PrepCompleteRequest(bool? Complete);

/// <summary>Ticks or unticks one checklist item (<c>itemId</c>, <c>done</c>), or several at once (<c>items</c>).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PrepChecklistRequest(string? ItemId = null, bool? Done = null, IReadOnlyList<PrepChecklistTick?>? Items = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PrepChecklistTick(string? ItemId, bool? Done);
