using InterviewFunctions.App.Interviews;
using InterviewFunctions.Core.Calendar.Sync;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Queues;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Calendar;

public enum CalendarApplyOutcome
{
    Created,
    Rescheduled,
    Cancelled,

    /// <summary>The cancellation is held for the pairing window; a delayed queue message confirms it.</summary>
    CancelHeld,

    /// <summary>Nothing changed that an interview keeps (a retitled event, a cancellation of an event we never had).</summary>
    Unchanged,

    /// <summary>This very change was applied before.</summary>
    Duplicate,

    /// <summary>A newer change of the event was applied before; this one is older.</summary>
    Stale,

    /// <summary>The connection does not count the event, or it names no candidate.</summary>
    Ignored,

    /// <summary>The interview API refused the change (its errors are in the detail).</summary>
    Rejected,
}

public sealed record CalendarApplyResult(CalendarApplyOutcome Outcome, string? InterviewId = null, string? Detail = null);

/// <summary>
/// Turns a provider-neutral calendar event into the interview API's own operations for one tenant's connection:
/// create, reschedule or cancel the linked interview, so that reminders, invitations and prep follow. Keeps an event
/// link per provider event (which interview, last change applied). Safe under at-least-once delivery and any order:
/// a repeated change does nothing, an older change after a newer one is ignored, and every multi-step path can be
/// resumed by a redelivery. A cancellation and a new booking of the same invitee and event type within the pairing
/// window become one reschedule, whichever arrives first.
/// </summary>
public sealed partial class CalendarEventApplier(
    ICalendarStore store,
    InterviewCommands interviews,
    IMessageQueues queues,
    IOptions<CalendarOptions> options,
    TimeProvider clock,
    ILogger<CalendarEventApplier> logger)
{
    private const int MaxAttempts = 5;

    private static readonly IReadOnlyList<CalendarLinkState> OpenStates = [CalendarLinkState.Creating, CalendarLinkState.Active, CalendarLinkState.CancelPending];

    private TimeSpan Window => options.Value.ReschedulePairingWindow;

    /// <summary>Applies one change of one event for the connection's tenant.</summary>
    public async Task<CalendarApplyResult> ApplyAsync(CalendarConnection connection, CalendarEvent calendarEvent, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await ApplyOnceAsync(connection, calendarEvent, cancellationToken);
                Log.Applied(logger, connection.Id, calendarEvent.Provider, result.Outcome, result.InterviewId);
                return result;
            }
            catch (StaleCalendarRecordException) when (attempt < MaxAttempts)
            {
                // Another delivery of the same event wrote its link first: read again and decide afresh.
            }
        }
    }

    /// <summary>Cancels the interview of a held cancellation, unless a new booking took it over or a newer change came since.</summary>
    public async Task<CalendarApplyResult> ConfirmCancelAsync(string tenantId, CalendarProvider provider, string eventId, CalendarChangeMarker marker, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var link = await store.FindLinkAsync(tenantId, provider, eventId, cancellationToken);
            if (link is not { State: CalendarLinkState.CancelPending, InterviewId: { } interviewId } || link.Marker != marker)
            {
                return new CalendarApplyResult(CalendarApplyOutcome.Unchanged, link?.InterviewId, "The held cancellation was taken over or overtaken.");
            }
            var result = await CancelInterviewAsync(link, interviewId, cancellationToken);
            try
            {
                await store.SaveLinkAsync(link with { State = CalendarLinkState.Cancelled, UpdatedAt = clock.GetUtcNow() }, cancellationToken);
                return result;
            }
            catch (StaleCalendarRecordException) when (attempt < MaxAttempts)
            {
            }
        }
    }

    private async Task<CalendarApplyResult> ApplyOnceAsync(CalendarConnection connection, CalendarEvent e, CancellationToken cancellationToken)
    {
        var link = await store.FindLinkAsync(connection.TenantId, e.Provider, e.EventId, cancellationToken);
        if (link is not null)
        {
            var order = e.Marker.CompareTo(link.Marker);
            if (order < 0)
            {
                return new CalendarApplyResult(CalendarApplyOutcome.Stale, link.InterviewId, "A newer change of this event was applied before.");
            }
            if (order == 0)
            {
                return await ResumeAsync(connection, e, link, cancellationToken);
            }
        }
        if (e.Cancelled)
        {
            return await CancelAsync(connection, e, link, cancellationToken);
        }
        if (!CalendarEventMapping.Counts(connection, e))
        {
            return new CalendarApplyResult(CalendarApplyOutcome.Ignored, link?.InterviewId, "The connection does not count this calendar or event type.");
        }
        if (CalendarEventMapping.FindCandidate(connection, e) is not { } candidate)
        {
            return new CalendarApplyResult(CalendarApplyOutcome.Ignored, link?.InterviewId, $"No attendee is the candidate under the rule '{connection.CandidateRule}'.");
        }
        if (link is { State: CalendarLinkState.Active or CalendarLinkState.CancelPending or CalendarLinkState.Creating, InterviewId: { } linked })
        {
            return await MoveAsync(connection, e, link, linked, candidate, cancellationToken);
        }
        if (link is { State: CalendarLinkState.Superseded })
        {
            await store.SaveLinkAsync(link with { Marker = e.Marker, UpdatedAt = clock.GetUtcNow() }, cancellationToken);
            return new CalendarApplyResult(CalendarApplyOutcome.Ignored, link.InterviewId, $"The interview moved on to event '{link.SupersededBy}'.");
        }
        if (await FindPredecessorAsync(connection, e, candidate, cancellationToken) is { InterviewId: { } taken } predecessor)
        {
            return await TakeOverAsync(connection, e, link, predecessor, taken, candidate, cancellationToken);
        }
        return await CreateAsync(connection, e, link, candidate, cancellationToken);
    }

    /// <summary>The same change again: finish whatever its first delivery may have left half done.</summary>
    private async Task<CalendarApplyResult> ResumeAsync(CalendarConnection connection, CalendarEvent e, CalendarEventLink link, CancellationToken cancellationToken)
    {
        switch (link.State)
        {
            case CalendarLinkState.Creating when CalendarEventMapping.FindCandidate(connection, e) is { } candidate:
                return await FinishCreateAsync(connection, e, link, candidate, cancellationToken);
            case CalendarLinkState.CancelPending:
                // The delayed confirmation may not have been queued; a second one is harmless (it checks the marker).
                await HoldCancelAsync(link, cancellationToken);
                break;
            case CalendarLinkState.Superseded when link.SupersededBy is { } successorId && link.InterviewId is { } interviewId:
                if (await store.FindLinkAsync(link.TenantId, link.Provider, successorId, cancellationToken) is { } successor && successor.InterviewId != interviewId)
                {
                    return await MergeAsync(connection, link, successor, interviewId, cancellationToken);
                }
                break;
        }
        return new CalendarApplyResult(CalendarApplyOutcome.Duplicate, link.InterviewId, "This change was applied before.");
    }

    private async Task<CalendarApplyResult> CreateAsync(CalendarConnection connection, CalendarEvent e, CalendarEventLink? previous, CalendarAttendee candidate, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var link = await store.SaveLinkAsync(new CalendarEventLink
        {
            TenantId = connection.TenantId,
            Provider = e.Provider,
            EventId = e.EventId,
            ConnectionId = connection.Id,
            InterviewId = Guid.CreateVersion7(now).ToString(),
            State = CalendarLinkState.Creating,
            Marker = e.Marker,
            CandidateEmail = candidate.Email.ToLowerInvariant(),
            EventType = e.EventType ?? "",
            UpdatedAt = now,
            ETag = previous?.ETag,
        }, cancellationToken);
        return await FinishCreateAsync(connection, e, link, candidate, cancellationToken);
    }

    private async Task<CalendarApplyResult> FinishCreateAsync(CalendarConnection connection, CalendarEvent e, CalendarEventLink link, CalendarAttendee candidate, CancellationToken cancellationToken)
    {
        var request = CalendarEventMapping.ToCreateRequest(connection, e, candidate);
        var result = await interviews.CreateAsync(connection.TenantId, link.InterviewId!, request, cancellationToken);
        var now = clock.GetUtcNow();
        if (result is InterviewCommandResult.Invalid invalid)
        {
            await store.SaveLinkAsync(link with { State = CalendarLinkState.Tombstone, InterviewId = null, UpdatedAt = now }, cancellationToken);
            return new CalendarApplyResult(CalendarApplyOutcome.Rejected, null, Describe(invalid.Errors));
        }
        await store.SaveLinkAsync(link with { State = CalendarLinkState.Active, CreatedInterviewAt = link.CreatedInterviewAt ?? now, UpdatedAt = now }, cancellationToken);
        return new CalendarApplyResult(CalendarApplyOutcome.Created, link.InterviewId);
    }

    /// <summary>A newer version of an event we have an interview for: move it if its time changed.</summary>
    private async Task<CalendarApplyResult> MoveAsync(CalendarConnection connection, CalendarEvent e, CalendarEventLink link, string interviewId, CalendarAttendee candidate, CancellationToken cancellationToken)
    {
        if (link.State is CalendarLinkState.Creating)
        {
            // A change overtook the create's own completion: create it from the newer version.
            return await FinishCreateAsync(connection, e, link with { Marker = e.Marker }, candidate, cancellationToken);
        }
        var request = CalendarEventMapping.ToRescheduleRequest(connection, e, candidate, $"Moved in {e.Provider.ToWire()}.");
        var result = await interviews.RescheduleAsync(connection.TenantId, interviewId, request, cancellationToken);
        // A change after a held cancellation revives the event: the held confirmation then finds a newer marker and stops.
        await store.SaveLinkAsync(link with { State = CalendarLinkState.Active, Marker = e.Marker, CancelReceivedAt = null, UpdatedAt = clock.GetUtcNow() }, cancellationToken);
        return Outcome(result, interviewId, CalendarApplyOutcome.Rescheduled);
    }

    /// <summary>The cancel half of a reschedule came first (and is held): the new booking takes over its interview.</summary>
    private async Task<CalendarEventLink?> FindPredecessorAsync(CalendarConnection connection, CalendarEvent e, CalendarAttendee candidate, CancellationToken cancellationToken)
    {
        if (e.RescheduledFromId is { } fromId
            && await store.FindLinkAsync(connection.TenantId, e.Provider, fromId, cancellationToken) is { InterviewId: not null } named
            && (named.State is CalendarLinkState.Active or CalendarLinkState.CancelPending || named.SupersededBy == e.EventId))
        {
            return named;
        }
        var since = clock.GetUtcNow() - Window;
        var pairable = await store.FindPairableLinksAsync(connection.TenantId, connection.Id, candidate.Email.ToLowerInvariant(), e.EventType ?? "",
            [CalendarLinkState.CancelPending, CalendarLinkState.Superseded], since, cancellationToken);
        return pairable
            .Where(l => l.EventId != e.EventId && l.InterviewId is not null && l.Provider == e.Provider
                && (l.State is CalendarLinkState.CancelPending ? l.CancelReceivedAt >= since : l.SupersededBy == e.EventId))
            .OrderByDescending(l => l.SupersededBy == e.EventId)
            .ThenByDescending(l => l.CancelReceivedAt)
            .FirstOrDefault();
    }

    private async Task<CalendarApplyResult> TakeOverAsync(
        CalendarConnection connection, CalendarEvent e, CalendarEventLink? previous, CalendarEventLink predecessor, string interviewId, CalendarAttendee candidate, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // First mark the predecessor, so its held cancellation can no longer fire and a redelivery of this booking finds it again.
        if (predecessor.SupersededBy != e.EventId)
        {
            await store.SaveLinkAsync(predecessor with { State = CalendarLinkState.Superseded, SupersededBy = e.EventId, UpdatedAt = now }, cancellationToken);
        }
        var request = CalendarEventMapping.ToRescheduleRequest(connection, e, candidate, $"Rebooked in {e.Provider.ToWire()}.");
        var result = await interviews.RescheduleAsync(connection.TenantId, interviewId, request, cancellationToken);
        await store.SaveLinkAsync(new CalendarEventLink
        {
            TenantId = connection.TenantId,
            Provider = e.Provider,
            EventId = e.EventId,
            ConnectionId = connection.Id,
            InterviewId = interviewId,
            State = CalendarLinkState.Active,
            Marker = e.Marker,
            CandidateEmail = candidate.Email.ToLowerInvariant(),
            EventType = e.EventType ?? "",
            UpdatedAt = now,
            ETag = previous?.ETag,
        }, cancellationToken);
        Log.Paired(logger, connection.Id, interviewId);
        return Outcome(result, interviewId, CalendarApplyOutcome.Rescheduled);
    }

    private async Task<CalendarApplyResult> CancelAsync(CalendarConnection connection, CalendarEvent e, CalendarEventLink? link, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (link is not { State: CalendarLinkState.Active or CalendarLinkState.CancelPending or CalendarLinkState.Creating, InterviewId: { } interviewId })
        {
            // Remember the cancellation, so that an older create arriving later is recognised as stale.
            await store.SaveLinkAsync((link ?? new CalendarEventLink
            {
                TenantId = connection.TenantId,
                Provider = e.Provider,
                EventId = e.EventId,
                ConnectionId = connection.Id,
                State = CalendarLinkState.Tombstone,
                Marker = e.Marker,
                UpdatedAt = now,
            }) with { Marker = e.Marker, UpdatedAt = now }, cancellationToken);
            return new CalendarApplyResult(CalendarApplyOutcome.Unchanged, link?.InterviewId, "No open interview is linked to this event.");
        }
        // The new booking came first: it created an interview of its own within the window; fold it into this one.
        var since = now - Window;
        if (link.CandidateEmail is { } email)
        {
            var successors = await store.FindPairableLinksAsync(connection.TenantId, connection.Id, email, link.EventType, [CalendarLinkState.Active], since, cancellationToken);
            if (successors.Where(s => s.EventId != e.EventId && s.Provider == e.Provider && s.CreatedInterviewAt >= since && s.InterviewId is not null)
                    .OrderByDescending(s => s.InterviewId == interviewId)
                    .ThenByDescending(s => s.CreatedInterviewAt)
                    .FirstOrDefault() is { } successor)
            {
                var superseded = await store.SaveLinkAsync(link with { State = CalendarLinkState.Superseded, SupersededBy = successor.EventId, Marker = e.Marker, UpdatedAt = now }, cancellationToken);
                return await MergeAsync(connection, superseded, successor, interviewId, cancellationToken);
            }
        }
        if (Window <= TimeSpan.Zero)
        {
            var cancelled = await CancelInterviewAsync(link, interviewId, cancellationToken);
            await store.SaveLinkAsync(link with { State = CalendarLinkState.Cancelled, Marker = e.Marker, UpdatedAt = now }, cancellationToken);
            return cancelled;
        }
        var held = await store.SaveLinkAsync(link with { State = CalendarLinkState.CancelPending, Marker = e.Marker, CancelReceivedAt = now, UpdatedAt = now }, cancellationToken);
        await HoldCancelAsync(held, cancellationToken);
        return new CalendarApplyResult(CalendarApplyOutcome.CancelHeld, interviewId, $"Cancels in {Window} unless a new booking replaces it.");
    }

    /// <summary>
    /// The interview of <paramref name="superseded"/> survives, moved to the successor's time; the successor's own new
    /// interview is erased and its link points at the survivor. Each step is idempotent, so a redelivery completes it.
    /// </summary>
    private async Task<CalendarApplyResult> MergeAsync(
        CalendarConnection connection, CalendarEventLink superseded, CalendarEventLink successor, string interviewId, CancellationToken cancellationToken)
    {
        var duplicateId = successor.InterviewId == interviewId ? successor.ReplacedInterviewId : successor.InterviewId;
        InterviewCommandResult moved = new InterviewCommandResult.NotFound();
        if (duplicateId is not null && await FindAsync(connection.TenantId, duplicateId, cancellationToken) is { } duplicate)
        {
            var request = new RescheduleRequest(
                CalendarEventMapping.FormatInstant(duplicate.ScheduledStart, duplicate.TimeZone), duplicate.TimeZone, duplicate.DurationMinutes,
                $"Rebooked in {superseded.Provider.ToWire()}.");
            moved = await interviews.RescheduleAsync(connection.TenantId, interviewId, request, cancellationToken);
        }
        if (successor.InterviewId != interviewId)
        {
            await store.SaveLinkAsync(successor with { InterviewId = interviewId, ReplacedInterviewId = successor.InterviewId, UpdatedAt = clock.GetUtcNow() }, cancellationToken);
        }
        if (duplicateId is not null)
        {
            await interviews.EraseAsync(connection.TenantId, duplicateId, cancellationToken);
        }
        Log.Paired(logger, connection.Id, interviewId);
        return moved is InterviewCommandResult.NotFound
            ? new CalendarApplyResult(CalendarApplyOutcome.Rescheduled, interviewId, "The rebooking was merged before.")
            : Outcome(moved, interviewId, CalendarApplyOutcome.Rescheduled);
    }

    private Task<Interview?> FindAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        interviews.FindAsync(tenantId, id, cancellationToken);

    private async Task HoldCancelAsync(CalendarEventLink link, CancellationToken cancellationToken)
    {
        var message = new CalendarQueueMessage
        {
            Kind = CalendarQueueMessage.ConfirmCancel,
            TenantId = link.TenantId,
            ConnectionId = link.ConnectionId,
            Provider = link.Provider,
            EventId = link.EventId,
            Marker = link.Marker,
        };
        var delay = link.CancelReceivedAt is { } received ? received + Window - clock.GetUtcNow() : Window;
        await queues.SendAsync(options.Value.QueueName, message.ToJson(), delay < TimeSpan.Zero ? TimeSpan.Zero : delay, null, cancellationToken);
    }

    private async Task<CalendarApplyResult> CancelInterviewAsync(CalendarEventLink link, string interviewId, CancellationToken cancellationToken)
    {
        var result = await interviews.CancelAsync(link.TenantId, interviewId, new CancelRequest($"Cancelled in {link.Provider.ToWire()}."), cancellationToken);
        return Outcome(result, interviewId, CalendarApplyOutcome.Cancelled);
    }

    private static CalendarApplyResult Outcome(InterviewCommandResult result, string interviewId, CalendarApplyOutcome done) => result switch
    {
        InterviewCommandResult.Done { Changed: true } => new CalendarApplyResult(done, interviewId),
        InterviewCommandResult.Done => new CalendarApplyResult(CalendarApplyOutcome.Unchanged, interviewId, "The interview already was as the event says."),
        InterviewCommandResult.NotFound => new CalendarApplyResult(CalendarApplyOutcome.Unchanged, interviewId, "The linked interview was erased."),
        InterviewCommandResult.Invalid invalid => new CalendarApplyResult(CalendarApplyOutcome.Rejected, interviewId, Describe(invalid.Errors)),
        InterviewCommandResult.Refused refused => new CalendarApplyResult(CalendarApplyOutcome.Rejected, interviewId, refused.Detail),
        InterviewCommandResult.Contended => new CalendarApplyResult(CalendarApplyOutcome.Rejected, interviewId, "The interview kept changing while the change tried to apply."),
        _ => throw new InvalidOperationException("Unknown command result."),
    };

    private static string Describe(IDictionary<string, string[]> errors) =>
        string.Join(" ", errors.SelectMany(e => e.Value));

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Calendar connection {ConnectionId} ({Provider}): {Outcome} for interview {InterviewId}")]
        public static partial void Applied(ILogger logger, string connectionId, CalendarProvider provider, CalendarApplyOutcome outcome, string? interviewId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Calendar connection {ConnectionId}: a cancellation and a new booking became one reschedule of interview {InterviewId}")]
        public static partial void Paired(ILogger logger, string connectionId, string interviewId);
    }
}
