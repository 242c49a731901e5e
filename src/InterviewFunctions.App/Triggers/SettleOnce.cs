using System.Runtime.ExceptionServices;
using InterviewFunctions.Core.Queues;

namespace InterviewFunctions.App.Triggers;

/// <summary>
/// One kind of stored record that a queue message asks to settle once (a resume screening, an interview evaluation):
/// what <see cref="SettleOnce.RunAsync"/> needs to read and write it and to move it through its life. The moves are
/// pure: after a lost write race they are applied again to the fresh copy.
/// </summary>
public interface ISettleOnceWork<TRecord, TResult> where TRecord : class
{
    Task<TRecord?> FindAsync(string tenantId, string id, CancellationToken cancellationToken);

    /// <summary>Writes the record under the ETag it was read with; null when another writer changed it since.</summary>
    Task<TRecord?> TryReplaceAsync(TRecord record, CancellationToken cancellationToken);

    /// <summary>Whether the record reached an end state (succeeded or failed) that no delivery may change.</summary>
    bool IsSettled(TRecord record);

    /// <summary>The record marked as being worked on by this delivery, with its first heartbeat.</summary>
    TRecord Start(TRecord record);

    /// <summary>The delivery working on the record, as the record shows it; null when none is.</summary>
    RunningWorker? WorkerOf(TRecord record);

    /// <summary>
    /// Writes a fresh heartbeat on the running record under the ETag it was read with (not a change a client sees); null
    /// when another writer changed it since.
    /// </summary>
    Task<TRecord?> TryBeatAsync(TRecord running, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The work itself. A result settles the record (a failure that no retry can change is a result too); an exception
    /// leaves the record for the queue's next delivery, and on the last delivery fails it.
    /// </summary>
    Task<TResult> RunAsync(TRecord running, CancellationToken cancellationToken);

    /// <summary>The record settled with the run's result.</summary>
    TRecord Settle(TRecord record, TResult result);

    /// <summary>The record after a run that threw: settled as failed when <paramref name="final"/>, else marked for a retry.</summary>
    TRecord Fail(TRecord record, Exception failure, bool final);
}

/// <summary>How a delivery shows that it is still working on its record, and when a record's worker is taken for dead.</summary>
/// <param name="Interval">Between two heartbeats written on the record while the work runs.</param>
/// <param name="AbandonedAfter">Age of a running record's latest heartbeat from which its worker is taken for dead.</param>
public sealed record WorkHeartbeat(TimeSpan Interval, TimeSpan AbandonedAfter, TimeProvider Clock);

/// <summary>
/// The queue-runner flow of a record settled once, safe under at-least-once delivery: a record that is gone or already
/// settled is left alone, so a redelivered message does nothing; a record another delivery is working on (its heartbeat
/// is recent) is left to it, so that a duplicate message never starts a second engine call; otherwise it is marked
/// running, the work runs while a heartbeat on the record shows it is alive, and the outcome is written under the
/// record's ETag. A failure is recorded on the record while the queue retries, and settles it as failed on the last
/// delivery, so the poison queue is never the only place a failure shows.
/// </summary>
/// <remarks>
/// The heartbeat lives here, in the handler, rather than in the standalone queue listener's lease renewal: under the
/// Functions host that listener does not run (the host renews the message itself), and the record, not the message, is
/// what the stalled-work sweeper and a duplicate delivery can see.
/// </remarks>
public static partial class SettleOnce
{
    private const int MaxRetriesOnConflict = 5;

    /// <returns>The record as this delivery settled it; null when this delivery did not settle it.</returns>
    public static async Task<TRecord?> RunAsync<TRecord, TResult>(
        ISettleOnceWork<TRecord, TResult> work, string tenantId, string id, QueueTrigger trigger, WorkHeartbeat heartbeat, ILogger logger,
        CancellationToken cancellationToken)
        where TRecord : class
    {
        if (await work.FindAsync(tenantId, id, cancellationToken) is not { } record)
        {
            Log.Dropped(logger, id, "it no longer exists");
            return null;
        }
        var writer = new Writer<TRecord, TResult>(work, tenantId, id, logger);
        string? NotToStart(TRecord candidate) =>
            work.IsSettled(candidate) ? "it is already settled"
            : work.WorkerOf(candidate) is { } worker && worker.IsAlive(heartbeat.Clock.GetUtcNow(), heartbeat.AbandonedAfter)
                ? "another delivery is working on it"
                : null;
        if (NotToStart(record) is { } reason)
        {
            Log.Dropped(logger, id, reason);
            return null;
        }
        if (await writer.SaveAsync(record, work.Start, NotToStart, cancellationToken) is not { } running)
        {
            return null;
        }

        var attempt = work.WorkerOf(running)?.Attempt;
        // Only what this run started may be marked failed by it: after a takeover the record is the other delivery's.
        string? NotOurs(TRecord fresh) =>
            work.IsSettled(fresh) ? "it was settled meanwhile"
            : work.WorkerOf(fresh)?.Attempt != attempt ? "another delivery took it over"
            : null;
        var beats = new Heartbeats<TRecord, TResult>(work, running, heartbeat, NotOurs, tenantId, id, logger);
        TResult result = default!;
        Exception? failure = null;
        using (var workDone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var beating = beats.RunAsync(workDone.Token, cancellationToken);
            try
            {
                result = await work.RunAsync(running, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = e;
            }
            finally
            {
                // Beating stops before the outcome is written, so that the two never race for the ETag.
                await workDone.CancelAsync();
                await beating;
            }
        }
        if (failure is not null)
        {
            var final = trigger.IsLastAttempt;
            var failed = await writer.SaveAsync(beats.Latest, r => work.Fail(r, failure, final), NotOurs, cancellationToken);
            if (final)
            {
                return failed;
            }
            Log.WillRetry(logger, id, trigger.DequeueCount, failure.Message);
            ExceptionDispatchInfo.Throw(failure);
        }
        // A result stands whoever holds the record now: the first to settle it wins, and the other's result is dropped.
        return await writer.SaveAsync(beats.Latest, r => work.Settle(r, result), fresh => work.IsSettled(fresh) ? "it was settled meanwhile" : null, cancellationToken);
    }

    private sealed class Writer<TRecord, TResult>(ISettleOnceWork<TRecord, TResult> work, string tenantId, string id, ILogger logger)
        where TRecord : class
    {
        /// <summary>
        /// Writes <paramref name="change"/> of the record. When another delivery (or a person) wrote it meanwhile, the change
        /// is applied to the fresh copy unless that one is gone or <paramref name="refuse"/> gives a reason to leave it: null.
        /// </summary>
        public async Task<TRecord?> SaveAsync(TRecord record, Func<TRecord, TRecord> change, Func<TRecord, string?> refuse, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                if (await work.TryReplaceAsync(change(record), cancellationToken) is { } saved)
                {
                    return saved;
                }
                if (attempt == MaxRetriesOnConflict)
                {
                    // Let the queue deliver again later rather than spin against a writer that keeps winning.
                    throw new InvalidOperationException($"Record '{id}' kept changing while this delivery tried to write it.");
                }
                if (await work.FindAsync(tenantId, id, cancellationToken) is not { } fresh)
                {
                    Log.Dropped(logger, id, "it was erased meanwhile");
                    return null;
                }
                if (refuse(fresh) is { } reason)
                {
                    Log.Dropped(logger, id, reason);
                    return null;
                }
                record = fresh;
            }
        }
    }

    /// <summary>
    /// Writes the running record's heartbeat every <see cref="WorkHeartbeat.Interval"/> until the work is done, keeping the
    /// latest copy (and so its ETag) for the write that settles it. Beating stops for good once the record is no longer
    /// this run's (erased, settled, or taken over); a failed write is tried again at the next beat.
    /// </summary>
    private sealed class Heartbeats<TRecord, TResult>(
        ISettleOnceWork<TRecord, TResult> work, TRecord running, WorkHeartbeat heartbeat, Func<TRecord, string?> notOurs, string tenantId, string id, ILogger logger)
        where TRecord : class
    {
        /// <summary>The record as this run last wrote or read it; read only once <see cref="RunAsync"/> has ended.</summary>
        public TRecord Latest { get; private set; } = running;

        public async Task RunAsync(CancellationToken workDone, CancellationToken cancellationToken)
        {
            while (true)
            {
                try
                {
                    await Task.Delay(heartbeat.Interval, heartbeat.Clock, workDone);
                    // Not cancelled with the work: a write under way completes, so that Latest holds its ETag.
                    if (!await BeatAsync(cancellationToken))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception e)
                {
                    Log.BeatFailed(logger, e, id);
                }
            }
        }

        /// <returns>Whether the record is still this run's.</returns>
        private async Task<bool> BeatAsync(CancellationToken cancellationToken)
        {
            for (var attempt = 1; attempt <= MaxRetriesOnConflict; attempt++)
            {
                if (await work.TryBeatAsync(Latest, heartbeat.Clock.GetUtcNow(), cancellationToken) is { } saved)
                {
                    Latest = saved;
                    return true;
                }
                // The sweeper stamped it, or a person changed it: beat on the fresh copy if it is still ours.
                if (await work.FindAsync(tenantId, id, cancellationToken) is not { } fresh)
                {
                    Log.StoppedBeating(logger, id, "it was erased");
                    return false;
                }
                if (notOurs(fresh) is { } reason)
                {
                    Log.StoppedBeating(logger, id, reason);
                    return false;
                }
                Latest = fresh;
            }
            return true;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Queue message for {RecordId} dropped: {Reason}")]
        public static partial void Dropped(ILogger logger, string recordId, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DequeueCount} for {RecordId} failed and will be retried: {Reason}")]
        public static partial void WillRetry(ILogger logger, string recordId, int dequeueCount, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat on {RecordId} could not be written; trying again at the next beat")]
        public static partial void BeatFailed(ILogger logger, Exception exception, string recordId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped beating on {RecordId}: {Reason}")]
        public static partial void StoppedBeating(ILogger logger, string recordId, string reason);
    }
}
