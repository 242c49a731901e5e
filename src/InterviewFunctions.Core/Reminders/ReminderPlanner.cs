using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Json;

namespace InterviewFunctions.Core.Reminders;

/// <summary>
/// Builds and advances an interview's reminder plan, as pure functions of the interview before and after a change
/// and the time. Every change that matters to a planned email (created, moved, ended, offsets changed, decided)
/// voids what no longer applies and plans what the new state needs, under the interview's current schedule version.
/// </summary>
public sealed class ReminderPlanner(ReminderPolicy policy)
{
    /// <summary>Plans of older schedule versions kept for the record, besides the current one.</summary>
    private const int VersionsKept = 3;

    public ReminderPolicy Policy { get; } = policy;

    /// <summary>The interview after a change, with its plan brought in line. <paramref name="before"/> is null on creation.</summary>
    public Interview Replan(Interview? before, Interview after, DateTimeOffset now)
    {
        var created = before is null;
        var moved = before is not null && before.ScheduleVersion != after.ScheduleVersion;
        var statusChanged = before is not null && before.Status != after.Status;
        var decided = before is not null && before.Outcome != after.Outcome;
        var offsetsChanged = before is not null && !SameOffsets(before.ReminderOffsets, after.ReminderOffsets);
        if (!created && !moved && !statusChanged && !decided && !offsetsChanged && after.Reminders is not null)
        {
            return after;
        }

        var (offsets, source) = Policy.OffsetsFor(after);
        var remindable = InterviewStateMachine.IsOpen(after.Status);
        var version = after.ScheduleVersion;
        var items = new List<PlannedEmail>();
        foreach (var item in after.Reminders?.Items ?? [])
        {
            var voidReason = !item.IsOpen ? null : item.Kind switch
            {
                PlannedEmailKind.Reminder when item.ScheduleVersion != version => $"The interview was rescheduled (schedule version {version}).",
                PlannedEmailKind.Reminder when !remindable => $"The interview is {after.Status.ToWire()}.",
                PlannedEmailKind.Reminder when item.Offset is { } o && !offsets.Contains(o) => "The reminder offsets changed.",
                PlannedEmailKind.Invitation or PlannedEmailKind.Update when item.ScheduleVersion != version => $"Superseded by the update for schedule version {version}.",
                PlannedEmailKind.Invitation or PlannedEmailKind.Update when after.Status == InterviewStatus.Cancelled => "The interview was cancelled before this went out.",
                PlannedEmailKind.FollowUp when statusChanged || decided => "The interview's status changed, so no follow-up is needed.",
                _ => null,
            };
            items.Add(voidReason is null ? item : Move(item, PlannedEmailState.Cancelled, now, voidReason));
        }

        if (created)
        {
            items.Add(Planned($"v{version}-invitation", PlannedEmailKind.Invitation, null, version, now, now));
        }
        else if (moved && after.Status != InterviewStatus.Cancelled)
        {
            items.Add(Planned($"v{version}-update", PlannedEmailKind.Update, null, version, now, now) with { PreviousStart = before!.ScheduledStart });
        }
        if (remindable)
        {
            foreach (var offset in offsets)
            {
                var id = ReminderId(version, offset);
                if (items.Any(i => i.Id == id && i.State != PlannedEmailState.Cancelled))
                {
                    continue;
                }
                items.RemoveAll(i => i.Id == id);
                var due = after.ScheduledStart - offset;
                var reminder = Planned(id, PlannedEmailKind.Reminder, offset, version, due, now);
                items.Add(due <= now
                    ? Move(reminder, PlannedEmailState.Skipped, now, "Its moment had passed when the plan was built; the invitation or update covers it.")
                    : reminder);
            }
        }
        if (statusChanged && after.Status == InterviewStatus.Cancelled)
        {
            items.Add(Planned($"v{version}-cancellation", PlannedEmailKind.Cancellation, null, version, now, now));
        }
        if (statusChanged && after.Status == InterviewStatus.Completed && after.Outcome is null or InterviewOutcome.Pending)
        {
            items.Add(Planned($"v{version}-follow-up", PlannedEmailKind.FollowUp, null, version, now + Policy.FollowUpAfter, now));
        }

        var oldestKept = version - VersionsKept;
        items.RemoveAll(i => i.ScheduleVersion < oldestKept && !i.IsOpen);
        return WithPlan(after, new ReminderPlan
        {
            ScheduleVersion = version,
            BuiltAt = now,
            OffsetSource = source,
            Items = [.. items.OrderBy(i => i.DueAt).ThenBy(i => i.Id, StringComparer.Ordinal)],
        });
    }

    /// <summary>The items due by <paramref name="horizon"/>: pending ones at their due instant, queued ones whose confirmation is overdue.</summary>
    public IEnumerable<PlannedEmail> DueItems(Interview interview, DateTimeOffset horizon) =>
        (interview.Reminders?.Items ?? []).Where(i => NextDispatch(i) is { } at && at <= horizon);

    /// <summary>
    /// Skips reminders that are no use any more: those whose interview has begun, and those overtaken by a later
    /// reminder that is due too (after an outage, one reminder goes out, not a burst of stale ones).
    /// </summary>
    public Interview SkipStale(Interview interview, DateTimeOffset now)
    {
        var open = (interview.Reminders?.Items ?? [])
            .Where(i => i.Kind == PlannedEmailKind.Reminder && i.State == PlannedEmailState.Pending && i.ScheduleVersion == interview.ScheduleVersion && i.DueAt <= now)
            .ToList();
        var latest = open.Count == 0 ? null : open.MaxBy(i => i.DueAt);
        var result = interview;
        foreach (var item in open)
        {
            if (now >= interview.ScheduledStart)
            {
                result = Update(result, item.Id, i => Move(i, PlannedEmailState.Skipped, now, "The interview had begun before it could go out."));
            }
            else if (item != latest)
            {
                result = Update(result, item.Id, i => Move(i, PlannedEmailState.Skipped, now, $"Overtaken by the {IsoDurationConverter.Format(latest!.Offset!.Value)} reminder, due as well when dispatch resumed."));
            }
        }
        return result;
    }

    /// <summary>The item handed to the send queue (again). Past its last attempt it is given up instead.</summary>
    public Interview MarkEnqueued(Interview interview, string itemId, DateTimeOffset now) =>
        Update(interview, itemId, item => item.Attempts >= Policy.MaxAttempts
            ? Move(item, PlannedEmailState.Failed, now, $"Not confirmed sent after {item.Attempts} attempts.")
            : Move(item with { Attempts = item.Attempts + 1, EnqueuedAt = now }, PlannedEmailState.Sending, now, $"Queued, attempt {item.Attempts + 1}."));

    /// <summary>
    /// The item sent. Two deliveries of its message can both send (the sender sends once per recipient) and both record
    /// it; the second finds it sent already and leaves the first record, so its sent time and history do not change
    /// after clients have seen them.
    /// </summary>
    public Interview MarkSent(Interview interview, string itemId, IReadOnlyList<EmailDelivery> deliveries, DateTimeOffset now)
    {
        var result = Update(interview, itemId, item => item.State == PlannedEmailState.Sent ? item : Move(item with { SentAt = now, Deliveries = deliveries }, PlannedEmailState.Sent, now,
            string.Join(", ", deliveries.Select(d => d.Sender).Distinct())));
        // The status says a reminder went out, unless a confirmation (which says more) is already recorded.
        var isReminder = Find(interview, itemId)?.Kind == PlannedEmailKind.Reminder;
        return isReminder && result.Status is InterviewStatus.Scheduled or InterviewStatus.Rescheduled
            ? result with { Status = InterviewStatus.ReminderSent, UpdatedAt = now, Revision = result.Revision + 1 }
            : result;
    }

    /// <summary>Recipients already served, kept so that a retry sends only to the rest.</summary>
    public Interview RecordDeliveries(Interview interview, string itemId, IReadOnlyList<EmailDelivery> deliveries, DateTimeOffset now) =>
        Update(interview, itemId, item => item with { Deliveries = deliveries });

    public Interview MarkFailed(Interview interview, string itemId, string reason, DateTimeOffset now) =>
        Update(interview, itemId, item => item.IsOpen ? Move(item, PlannedEmailState.Failed, now, reason) : item);

    public Interview MarkCancelled(Interview interview, string itemId, string reason, DateTimeOffset now) =>
        Update(interview, itemId, item => item.IsOpen ? Move(item, PlannedEmailState.Cancelled, now, reason) : item);

    /// <summary>A failed try that will be retried, noted in the item's history.</summary>
    public Interview NoteRetry(Interview interview, string itemId, string error, DateTimeOffset now) =>
        Update(interview, itemId, item => item with { History = [.. item.History, new PlanEvent(now, item.State, error)] });

    public static PlannedEmail? Find(Interview interview, string itemId) =>
        interview.Reminders?.Items.FirstOrDefault(i => i.Id == itemId);

    public static string ReminderId(int version, TimeSpan offset) => $"v{version}-reminder-{IsoDurationConverter.Format(offset)}";

    /// <summary>
    /// When the item needs the dispatcher, to the whole second below: stores index the instant to the second, and
    /// the finder must judge an item due exactly when the index lists it, or it would find work it then refuses.
    /// </summary>
    private DateTimeOffset? NextDispatch(PlannedEmail item) => item.State switch
    {
        PlannedEmailState.Pending => WholeSecond(item.DueAt),
        PlannedEmailState.Sending => WholeSecond((item.EnqueuedAt ?? item.DueAt) + Policy.RedeliverAfter),
        _ => null,
    };

    private static DateTimeOffset WholeSecond(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private Interview Update(Interview interview, string itemId, Func<PlannedEmail, PlannedEmail> change)
    {
        if (interview.Reminders is not { } plan || Find(interview, itemId) is null)
        {
            return interview;
        }
        return WithPlan(interview, plan with { Items = [.. plan.Items.Select(i => i.Id == itemId ? change(i) : i)] });
    }

    private Interview WithPlan(Interview interview, ReminderPlan plan)
    {
        DateTimeOffset? next = null;
        foreach (var item in plan.Items)
        {
            if (NextDispatch(item) is { } at && (next is null || at < next))
            {
                next = at;
            }
        }
        return interview with { Reminders = plan, NextDispatchAt = next };
    }

    private static PlannedEmail Planned(string id, PlannedEmailKind kind, TimeSpan? offset, int version, DateTimeOffset due, DateTimeOffset now) => new()
    {
        Id = id,
        Kind = kind,
        Offset = offset,
        ScheduleVersion = version,
        DueAt = due,
        History = [new PlanEvent(now, PlannedEmailState.Pending, null)],
    };

    private static PlannedEmail Move(PlannedEmail item, PlannedEmailState state, DateTimeOffset now, string? note) =>
        item with
        {
            State = state,
            Reason = state is PlannedEmailState.Skipped or PlannedEmailState.Cancelled or PlannedEmailState.Failed ? note : item.Reason,
            History = [.. item.History, new PlanEvent(now, state, note)],
        };

    private static bool SameOffsets(IReadOnlyList<TimeSpan>? a, IReadOnlyList<TimeSpan>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b);
}
