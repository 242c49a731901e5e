using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Reminders;
using InterviewFunctions.Core.Tenancy;

namespace InterviewFunctions.Bench.Reminders;

/// <summary>
/// What the send function records, seen where it records it: every planned email marked sent, with the
/// <see cref="PlannedEmail.SentAt"/> the app took from its clock and the item's <see cref="PlannedEmail.DueAt"/>.
/// Counting at the store rather than at the email sender counts reminders (one per item, however many recipients),
/// and only once the send is on record.
/// </summary>
internal sealed class SendRecorder
{
    private Tally _tally = new(DateTimeOffset.MinValue, []);
    private long _totalReminders;
    private long _totalSkipped;

    /// <summary>Reminders marked sent or skipped since the app started, whichever tally counted them.</summary>
    public long TotalRemindersHandled => Interlocked.Read(ref _totalReminders) + Interlocked.Read(ref _totalSkipped);

    /// <summary>Starts counting afresh; the previous tally is returned as it stood.</summary>
    public Tally Start(DateTimeOffset lagFrom, params LagBand[] bands)
    {
        var fresh = new Tally(lagFrom, bands);
        return Interlocked.Exchange(ref _tally, fresh);
    }

    public Tally Current => Volatile.Read(ref _tally);

    /// <summary>Called with each interview the store wrote; finds the items this write marked sent.</summary>
    public void Written(Interview interview, DateTimeOffset writtenAt)
    {
        foreach (var item in interview.Reminders?.Items ?? [])
        {
            // The dispatcher skips a reminder whose interview has begun, or that a later one overtook, in the write that
            // would have queued it: no email, but the reminder is dealt with.
            if (item is { Kind: PlannedEmailKind.Reminder, State: PlannedEmailState.Skipped } && item.History is [.., { State: PlannedEmailState.Skipped } skip]
                && writtenAt - skip.At < RecentWrite)
            {
                Interlocked.Increment(ref _totalSkipped);
                Current.Skip(skip.At);
                continue;
            }
            // MarkSent stamps SentAt and the item's last history event with the same instant, just before the write;
            // a later write of the same interview (its next reminder, hours on) carries the item again, long after.
            if (item is { State: PlannedEmailState.Sent, SentAt: { } sentAt } && item.History is [.., { State: PlannedEmailState.Sent } last]
                && last.At == sentAt && writtenAt - sentAt < RecentWrite)
            {
                if (item.Kind == PlannedEmailKind.Reminder)
                {
                    Interlocked.Increment(ref _totalReminders);
                }
                Current.Sent(item.Kind, item.DueAt, item.EnqueuedAt, sentAt);
            }
        }
    }

    private static readonly TimeSpan RecentWrite = TimeSpan.FromSeconds(5);
}

/// <summary>Reminders due within [From, To) whose lag is reported apart, e.g. one steady rate of a phase.</summary>
internal sealed record LagBand(string Name, DateTimeOffset From, DateTimeOffset To)
{
    public LatencyHistogram Lag { get; } = new();

    /// <summary>The dispatcher's part: queued minus due.</summary>
    public LatencyHistogram QueuedLag { get; } = new();

    /// <summary>The queue's and the send function's part: sent minus queued.</summary>
    public LatencyHistogram SendLag { get; } = new();
}

/// <summary>Counts per kind since <see cref="SendRecorder.Start"/>, and the lag of reminders: sent minus due (or minus <c>lagFrom</c> when that is later).</summary>
internal sealed class Tally(DateTimeOffset lagFrom, IReadOnlyList<LagBand> bands)
{
    private long _reminders;
    private long _others;
    private long _lastSentTicks;
    private long _lastHandledTicks;
    private long _skipped;

    private static void Latest(ref long ticks, DateTimeOffset instant)
    {
        var last = Interlocked.Read(ref ticks);
        while (instant.UtcTicks > last && Interlocked.CompareExchange(ref ticks, instant.UtcTicks, last) is var seen && seen != last)
        {
            last = seen;
        }
    }

    public LatencyHistogram ReminderLag { get; } = new();

    public IReadOnlyList<LagBand> Bands => bands;

    public long Reminders => Interlocked.Read(ref _reminders);

    public long Others => Interlocked.Read(ref _others);

    public DateTimeOffset? LastSentAt => Interlocked.Read(ref _lastSentTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>Reminders skipped by the dispatcher: their interview had begun, or a later reminder was due too.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>The last instant a reminder was sent or skipped: the end of a burst.</summary>
    public DateTimeOffset? LastHandledAt => Interlocked.Read(ref _lastHandledTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public void Skip(DateTimeOffset at)
    {
        Interlocked.Increment(ref _skipped);
        Latest(ref _lastHandledTicks, at);
    }

    public void Sent(PlannedEmailKind kind, DateTimeOffset dueAt, DateTimeOffset? enqueuedAt, DateTimeOffset sentAt)
    {
        Latest(ref _lastSentTicks, sentAt);
        if (kind == PlannedEmailKind.Reminder)
        {
            Latest(ref _lastHandledTicks, sentAt);
        }
        if (kind != PlannedEmailKind.Reminder)
        {
            Interlocked.Increment(ref _others);
            return;
        }
        Interlocked.Increment(ref _reminders);
        var lag = sentAt - (dueAt > lagFrom ? dueAt : lagFrom);
        ReminderLag.RecordMicros((long)lag.TotalMicroseconds);
        foreach (var band in bands)
        {
            if (dueAt >= band.From && dueAt < band.To)
            {
                band.Lag.RecordMicros((long)lag.TotalMicroseconds);
                if (enqueuedAt is { } queued)
                {
                    band.QueuedLag.RecordMicros((long)(queued - dueAt).TotalMicroseconds);
                    band.SendLag.RecordMicros((long)(sentAt - queued).TotalMicroseconds);
                }
            }
        }
    }
}

/// <summary>The app's store, unchanged, telling the recorder about each write that succeeded.</summary>
internal sealed class RecordingInterviewStore(IInterviewStore inner, SendRecorder recorder, TimeProvider clock) : IInterviewStore
{
    public string Name => inner.Name;

    public Task<Interview?> FindAsync(string tenantId, string id, CancellationToken cancellationToken) => inner.FindAsync(tenantId, id, cancellationToken);

    public Task<InterviewPage> ListAsync(string tenantId, InterviewQuery query, CancellationToken cancellationToken) => inner.ListAsync(tenantId, query, cancellationToken);

    public Task<Interview> CreateAsync(Interview interview, CancellationToken cancellationToken) => inner.CreateAsync(interview, cancellationToken);

    public async Task<Interview> ReplaceAsync(Interview interview, CancellationToken cancellationToken)
    {
        var stored = await inner.ReplaceAsync(interview, cancellationToken);
        recorder.Written(stored, clock.GetUtcNow());
        return stored;
    }

    public Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken) => inner.DeleteAsync(tenantId, id, cancellationToken);

    public Task<IReadOnlyList<InterviewStatsRow>> ListStatsRowsAsync(string tenantId, InterviewScope scope, CancellationToken cancellationToken) =>
        inner.ListStatsRowsAsync(tenantId, scope, cancellationToken);

    public Task<IReadOnlyList<Interview>> ListDueAsync(DateTimeOffset horizon, int max, CancellationToken cancellationToken) =>
        inner.ListDueAsync(horizon, max, cancellationToken);

    public Task<DateTimeOffset?> NextDispatchAtAsync(CancellationToken cancellationToken) => inner.NextDispatchAtAsync(cancellationToken);

    public Task<IdempotencyRecord> ClaimIdempotencyKeyAsync(IdempotencyRecord record, TimeSpan lifetime, CancellationToken cancellationToken) =>
        inner.ClaimIdempotencyKeyAsync(record, lifetime, cancellationToken);

    public Task CheckHealthAsync(CancellationToken cancellationToken) => inner.CheckHealthAsync(cancellationToken);
}
