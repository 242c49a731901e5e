using System.Text.Json.Nodes;
using InterviewFunctions.Core.Reminders;

namespace InterviewFunctions.Core.Interviews;

/// <summary>
/// Every rule about creating and changing an interview, as pure functions of the interview, the input and the time.
/// The API reads, calls one of these, and writes what it returns.
/// </summary>
public static class InterviewRules
{
    public const int MaxInterviewers = 20;
    public const int MaxLongText = 10_000;
    public const int MaxPrepNotes = 32_768;
    public const int MaxJobDescription = 20_000;
    public const int MinDurationMinutes = 5;
    public const int MaxDurationMinutes = 8 * 60;
    public const int DefaultDurationMinutes = 60;
    public static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(730);

    public static (Interview? Interview, IDictionary<string, string[]> Errors) Create(
        CreateInterviewRequest request, string tenantId, string id, DateTimeOffset now)
    {
        var v = new Validation();
        var candidate = ReadCandidate(v, "candidate", request.Candidate);
        var company = v.Required("company", request.Company);
        var role = v.Required("role", request.Role);
        var jobId = v.Optional("jobId", request.JobId, 100);
        var type = v.Enum<InterviewType>("type", request.Type);
        var start = v.Instant("scheduledStart", request.ScheduledStart);
        var timeZone = v.TimeZone("timeZone", request.TimeZone ?? request.Candidate?.TimeZone);
        var duration = v.Range("durationMinutes", request.DurationMinutes, MinDurationMinutes, MaxDurationMinutes, DefaultDurationMinutes);
        var interviewers = ReadInterviewers(v, request.Interviewers ?? []);
        var location = v.Optional("location", request.Location, 500);
        var meetingLink = v.HttpUrl("meetingLink", request.MeetingLink);
        var notes = v.Optional("notes", request.Notes, MaxLongText);
        var jobDescription = v.Optional("jobDescription", request.JobDescription, MaxJobDescription);
        var offsets = request.ReminderOffsets is null ? null : ReminderPolicy.ReadOffsets(v, "reminderOffsets", request.ReminderOffsets);
        if (start is { } s)
        {
            CheckStartIsAhead(v, "scheduledStart", s, now);
        }
        if (!v.IsValid)
        {
            return (null, v.Errors);
        }
        return (new Interview
        {
            Id = id,
            TenantId = tenantId,
            Candidate = candidate!,
            Company = company!,
            Role = role!,
            JobId = jobId,
            Type = type!.Value,
            ScheduledStart = start!.Value,
            TimeZone = timeZone!,
            DurationMinutes = duration!.Value,
            Interviewers = interviewers,
            Location = location,
            MeetingLink = meetingLink,
            Notes = notes,
            JobDescription = jobDescription,
            ReminderOffsets = offsets,
            CreatedAt = now,
            UpdatedAt = now,
        }, v.Errors);
    }

    /// <summary>Moves an open interview to a new time; the schedule version goes up so that anything planned for the old time is void.</summary>
    public static InterviewChange Reschedule(Interview interview, RescheduleRequest request, DateTimeOffset now)
    {
        var v = new Validation();
        var start = v.Instant("scheduledStart", request.ScheduledStart);
        var timeZone = request.TimeZone is null ? interview.TimeZone : v.TimeZone("timeZone", request.TimeZone);
        var duration = v.Range("durationMinutes", request.DurationMinutes, MinDurationMinutes, MaxDurationMinutes, interview.DurationMinutes);
        var reason = v.Optional("reason", request.Reason, 1000);
        return InterviewChange.From(v, () =>
        {
            if (!InterviewStateMachine.CanMove(interview.Status, InterviewStatus.Rescheduled))
            {
                return new InterviewChange.Conflict($"An interview that is {interview.Status.ToWire()} cannot be rescheduled.");
            }
            if (start == interview.ScheduledStart && timeZone == interview.TimeZone && duration == interview.DurationMinutes)
            {
                return new InterviewChange.Unchanged();
            }
            var ahead = new Validation();
            CheckStartIsAhead(ahead, "scheduledStart", start!.Value, now);
            return InterviewChange.From(ahead, () => new InterviewChange.Applied(interview with
            {
                ScheduledStart = start.Value,
                TimeZone = timeZone!,
                DurationMinutes = duration!.Value,
                Status = InterviewStatus.Rescheduled,
                ScheduleVersion = interview.ScheduleVersion + 1,
                Notes = AppendNote(interview.Notes, reason is null ? null : $"Rescheduled: {reason}"),
                UpdatedAt = now,
            }));
        });
    }

    public static InterviewChange Cancel(Interview interview, CancelRequest request, DateTimeOffset now)
    {
        var v = new Validation();
        var reason = v.Optional("reason", request.Reason, 1000);
        return InterviewChange.From(v, () => interview.Status switch
        {
            InterviewStatus.Cancelled => new InterviewChange.Unchanged(),
            _ when !InterviewStateMachine.CanMove(interview.Status, InterviewStatus.Cancelled) =>
                new InterviewChange.Conflict($"An interview that is {interview.Status.ToWire()} cannot be cancelled."),
            _ => new InterviewChange.Applied(interview with { Status = InterviewStatus.Cancelled, CancellationReason = reason, UpdatedAt = now }),
        });
    }

    /// <summary>
    /// Moves the interview along the state machine. Posting the status it already has is not a transition: it only
    /// updates the outcome, feedback and notes (so an outcome can be recorded after completion).
    /// </summary>
    public static InterviewChange ChangeStatus(Interview interview, StatusChangeRequest request, DateTimeOffset now)
    {
        var v = new Validation();
        var status = v.Enum<InterviewStatus>("status", request.Status);
        var outcome = v.Enum<InterviewOutcome>("outcome", request.Outcome, required: false);
        var feedback = v.Optional("feedback", request.Feedback, MaxLongText);
        var notes = v.Optional("notes", request.Notes, MaxLongText);
        if (status is InterviewStatus.Scheduled)
        {
            v.Add("status", "'scheduled' is only the first status of a new interview.");
        }
        if (status is InterviewStatus.Rescheduled)
        {
            v.Add("status", "Use POST /api/interviews/{id}/reschedule, which takes the new time.");
        }
        if (outcome is not null && status is not InterviewStatus.Completed)
        {
            v.Add("outcome", "An outcome can only be given with the status 'completed'.");
        }
        return InterviewChange.From(v, () =>
        {
            var to = status!.Value;
            if (to != interview.Status)
            {
                if (!InterviewStateMachine.CanMove(interview.Status, to))
                {
                    var allowed = InterviewStateMachine.AllowedFrom(interview.Status);
                    var next = allowed.Count == 0 ? "none: it is final" : string.Join(", ", allowed.Select(a => a.ToWire()));
                    return new InterviewChange.Conflict($"An interview that is {interview.Status.ToWire()} cannot become {to.ToWire()}. Allowed next statuses: {next}.");
                }
                if (to is InterviewStatus.InProgress or InterviewStatus.Completed && now < interview.ScheduledStart - InterviewStateMachine.EarlyStartWindow)
                {
                    return new InterviewChange.Conflict($"The interview starts at {interview.ScheduledStart:u}; it cannot be {to.ToWire()} more than {InterviewStateMachine.EarlyStartWindow.TotalMinutes:0} minutes before that.");
                }
            }
            else if (outcome is null && feedback is null && notes is null)
            {
                return new InterviewChange.Unchanged();
            }
            return new InterviewChange.Applied(interview with
            {
                Status = to,
                Outcome = to == InterviewStatus.Completed ? outcome ?? interview.Outcome ?? InterviewOutcome.Pending : interview.Outcome,
                Feedback = feedback ?? interview.Feedback,
                Notes = notes ?? interview.Notes,
                CancellationReason = to == InterviewStatus.Cancelled ? interview.CancellationReason : null,
                UpdatedAt = now,
            });
        });
    }

    /// <summary>
    /// A JSON merge patch (RFC 7396) of the descriptive fields. The schedule and the status have their own
    /// commands, because they carry rules (a new schedule version, the state machine).
    /// </summary>
    public static InterviewChange Patch(Interview interview, JsonObject patch, DateTimeOffset now)
    {
        var v = new Validation();
        var result = interview;
        foreach (var (name, node) in patch)
        {
            switch (name)
            {
                case "candidate":
                    result = result with { Candidate = PatchCandidate(v, result.Candidate, node) ?? result.Candidate };
                    break;
                case "company":
                    result = result with { Company = v.Required(name, Text(v, name, node)) ?? result.Company };
                    break;
                case "role":
                    result = result with { Role = v.Required(name, Text(v, name, node)) ?? result.Role };
                    break;
                case "jobId":
                    result = result with { JobId = v.Optional(name, Text(v, name, node), 100) };
                    break;
                case "location":
                    result = result with { Location = v.Optional(name, Text(v, name, node), 500) };
                    break;
                case "meetingLink":
                    result = result with { MeetingLink = v.HttpUrl(name, Text(v, name, node)) };
                    break;
                case "notes":
                    result = result with { Notes = v.Optional(name, Text(v, name, node), MaxLongText) };
                    break;
                case "jobDescription":
                    result = result with { JobDescription = v.Optional(name, Text(v, name, node), MaxJobDescription) };
                    break;
                case "interviewers":
                    result = result with { Interviewers = PatchInterviewers(v, node) ?? result.Interviewers };
                    break;
                case "reminderOffsets":
                    result = result with { ReminderOffsets = PatchOffsets(v, node, result.ReminderOffsets) };
                    break;
                case "scheduledStart" or "timeZone" or "durationMinutes":
                    v.Add(name, "The schedule changes through POST /api/interviews/{id}/reschedule.");
                    break;
                case "status" or "outcome" or "feedback":
                    v.Add(name, "Status, outcome and feedback change through POST /api/interviews/{id}/status.");
                    break;
                case "prepNotes" or "preparationComplete":
                    v.Add(name, "Prep notes change through PUT /api/interviews/{id}/prep-notes and POST /api/interviews/{id}/prep-complete.");
                    break;
                case "prepChecklistDone":
                    v.Add(name, "The prep checklist changes through POST /api/interviews/{id}/prep/checklist.");
                    break;
                default:
                    v.Add(name, $"'{name}' is not a field that can be changed.");
                    break;
            }
        }
        return InterviewChange.From(v, () => result == interview
            ? new InterviewChange.Unchanged()
            : new InterviewChange.Applied(result with { UpdatedAt = now }));
    }

    public static InterviewChange SetPrepNotes(Interview interview, PrepNotesRequest request, DateTimeOffset now)
    {
        var v = new Validation();
        string? markdown = null;
        if (request.Markdown is null)
        {
            v.Add("markdown", "'markdown' is required (send an empty string to clear the notes).");
        }
        else if (request.Markdown.Length > MaxPrepNotes)
        {
            v.Add("markdown", $"'markdown' must be at most {MaxPrepNotes} characters (it has {request.Markdown.Length}).");
        }
        else
        {
            markdown = request.Markdown.Length == 0 ? null : request.Markdown;
        }
        return InterviewChange.From(v, () => markdown == interview.PrepNotes
            ? new InterviewChange.Unchanged()
            : new InterviewChange.Applied(interview with { PrepNotes = markdown, PrepNotesUpdatedAt = now, UpdatedAt = now }));
    }

    public static InterviewChange SetPreparationComplete(Interview interview, PrepCompleteRequest request, DateTimeOffset now)
    {
        var complete = request.Complete ?? true;
        return complete == interview.PreparationComplete
            ? new InterviewChange.Unchanged()
            : new InterviewChange.Applied(interview with { PreparationComplete = complete, UpdatedAt = now });
    }

    /// <summary>
    /// Ticks or unticks items of the interview's prep checklist. Only ids of this interview's checklist (the base items and
    /// its type's) are accepted; the ticked ids are kept in checklist order so that the same ticks give the same document.
    /// </summary>
    public static InterviewChange SetPrepChecklist(Interview interview, PrepChecklistRequest request, DateTimeOffset now)
    {
        var v = new Validation();
        var checklist = Preparation.PrepChecklists.For(interview.Type);
        var ticks = new List<(string Id, bool Done)>();
        void Read(string field, string? itemId, bool? done)
        {
            if (string.IsNullOrWhiteSpace(itemId))
            {
                v.Add($"{field}itemId", $"'{field}itemId' is required.");
            }
            else if (!Preparation.PrepChecklists.AllIds.Contains(itemId))
            {
                v.Add($"{field}itemId", $"'{itemId}' is not a prep checklist item.");
            }
            else if (!checklist.Any(i => i.Id == itemId))
            {
                v.Add($"{field}itemId", $"'{itemId}' belongs to another interview type's checklist, not to this {interview.Type.Phrase()}'s.");
            }
            else
            {
                ticks.Add((itemId, done ?? true));
            }
        }
        if (request.Items is { } items)
        {
            if (request.ItemId is not null || request.Done is not null)
            {
                v.Add("items", "Send either 'itemId' and 'done', or 'items', not both.");
            }
            else if (items.Count is 0 or > 100)
            {
                v.Add("items", "'items' must hold 1 to 100 ticks.");
            }
            for (var i = 0; i < items.Count && items.Count <= 100; i++)
            {
                if (items[i] is { } tick)
                {
                    Read($"items[{i}].", tick.ItemId, tick.Done);
                }
                else
                {
                    v.Add($"items[{i}]", "A tick is { \"itemId\": \"…\", \"done\": true }.");
                }
            }
        }
        else
        {
            Read("", request.ItemId, request.Done);
        }
        return InterviewChange.From(v, () =>
        {
            var done = new HashSet<string>(interview.PrepChecklistDone ?? [], StringComparer.Ordinal);
            foreach (var (id, isDone) in ticks)
            {
                if (isDone)
                {
                    done.Add(id);
                }
                else
                {
                    done.Remove(id);
                }
            }
            IReadOnlyList<string>? ordered = done.Count == 0 ? null : [.. checklist.Select(i => i.Id).Where(done.Contains)];
            return (ordered ?? []).SequenceEqual(interview.PrepChecklistDone ?? [])
                ? new InterviewChange.Unchanged()
                : new InterviewChange.Applied(interview with { PrepChecklistDone = ordered, UpdatedAt = now });
        });
    }

    private static void CheckStartIsAhead(Validation v, string field, DateTimeOffset start, DateTimeOffset now)
    {
        if (start <= now)
        {
            v.Add(field, $"'{field}' is in the past ({start:u}); an interview is scheduled ahead of time.");
        }
        else if (start - now > MaxLeadTime)
        {
            v.Add(field, $"'{field}' is more than {MaxLeadTime.TotalDays:0} days ahead.");
        }
    }

    private static Candidate? ReadCandidate(Validation v, string field, CandidateInput? input)
    {
        if (input is null)
        {
            v.Add(field, $"'{field}' is required, with name, email and timeZone.");
            return null;
        }
        var name = v.Required($"{field}.name", input.Name);
        var email = v.Email($"{field}.email", input.Email);
        var timeZone = v.TimeZone($"{field}.timeZone", input.TimeZone);
        return name is null || email is null || timeZone is null ? null : new Candidate(name, email, timeZone);
    }

    private static List<Interviewer> ReadInterviewers(Validation v, IReadOnlyList<InterviewerInput?> inputs)
    {
        if (inputs.Count > MaxInterviewers)
        {
            v.Add("interviewers", $"At most {MaxInterviewers} interviewers.");
            return [];
        }
        var result = new List<Interviewer>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var field = $"interviewers[{i}]";
            if (inputs[i] is not { } input)
            {
                v.Add(field, "An interviewer needs a name and an email.");
                continue;
            }
            var name = v.Required($"{field}.name", input.Name);
            var email = v.Email($"{field}.email", input.Email);
            var timeZone = input.TimeZone is null ? null : v.TimeZone($"{field}.timeZone", input.TimeZone);
            if (email is not null && result.Any(r => r.Email == email))
            {
                v.Add($"{field}.email", $"'{email}' is listed twice.");
                continue;
            }
            if (name is not null && email is not null && (input.TimeZone is null || timeZone is not null))
            {
                result.Add(new Interviewer(name, email, timeZone));
            }
        }
        return result;
    }

    private static IReadOnlyList<TimeSpan>? PatchOffsets(Validation v, JsonNode? node, IReadOnlyList<TimeSpan>? current)
    {
        if (node is null)
        {
            return null;
        }
        if (node is not JsonArray array)
        {
            v.Add("reminderOffsets", "'reminderOffsets' must be an array of ISO 8601 durations such as [\"PT24H\", \"PT2H\"], or null for the defaults.");
            return current;
        }
        var texts = array.Select((item, i) => Text(v, $"reminderOffsets[{i}]", item)).ToList();
        return ReminderPolicy.ReadOffsets(v, "reminderOffsets", texts) ?? current;
    }

    private static Candidate? PatchCandidate(Validation v, Candidate current, JsonNode? node)
    {
        if (node is not JsonObject changes)
        {
            v.Add("candidate", "'candidate' must be an object with any of name, email and timeZone.");
            return null;
        }
        var name = current.Name;
        var email = current.Email;
        var timeZone = current.TimeZone;
        foreach (var (key, value) in changes)
        {
            var field = $"candidate.{key}";
            switch (key)
            {
                case "name": name = v.Required(field, Text(v, field, value)) ?? name; break;
                case "email": email = v.Email(field, Text(v, field, value)) ?? email; break;
                case "timeZone": timeZone = v.TimeZone(field, Text(v, field, value)) ?? timeZone; break;
                default: v.Add(field, $"'{field}' is not a field of the candidate."); break;
            }
        }
        return new Candidate(name, email, timeZone);
    }

    private static List<Interviewer>? PatchInterviewers(Validation v, JsonNode? node)
    {
        if (node is null)
        {
            return [];
        }
        if (node is not JsonArray array)
        {
            v.Add("interviewers", "'interviewers' must be an array of { name, email, timeZone? }; it replaces the list.");
            return null;
        }
        var inputs = new List<InterviewerInput?>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject item && item.All(p => p.Key is "name" or "email" or "timeZone"))
            {
                inputs.Add(new InterviewerInput(
                    Text(v, $"interviewers[{i}].name", item["name"]),
                    Text(v, $"interviewers[{i}].email", item["email"]),
                    Text(v, $"interviewers[{i}].timeZone", item["timeZone"])));
            }
            else
            {
                inputs.Add(null);
            }
        }
        return ReadInterviewers(v, inputs);
    }

    /// <summary>The text of a patch value; null for JSON null. A number or object where text belongs is an error.</summary>
    private static string? Text(Validation v, string field, JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text;
        }
        v.Add(field, $"'{field}' must be a string.");
        return null;
    }

    private static string? AppendNote(string? notes, string? line) =>
        line is null ? notes : string.IsNullOrEmpty(notes) ? line : $"{notes}\n{line}";
}
