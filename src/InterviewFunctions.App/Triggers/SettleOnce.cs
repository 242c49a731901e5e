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

    /// <summary>The record marked as being worked on by this delivery.</summary>
    TRecord Start(TRecord record);

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

/// <summary>
/// The queue-runner flow of a record settled once, safe under at-least-once delivery: a record that is gone or already
/// settled is left alone, so a redelivered message does nothing; otherwise it is marked running, the work runs, and the
/// outcome is written under the record's ETag. A failure is recorded on the record while the queue retries, and settles
/// it as failed on the last delivery, so the poison queue is never the only place a failure shows.
/// </summary>
public static partial class SettleOnce
{
    private const int MaxRetriesOnConflict = 5;

    /// <returns>The record as this delivery settled it; null when this delivery did not settle it.</returns>
    public static async Task<TRecord?> RunAsync<TRecord, TResult>(
        ISettleOnceWork<TRecord, TResult> work, string tenantId, string id, QueueTrigger trigger, ILogger logger, CancellationToken cancellationToken)
        where TRecord : class
    {
        if (await work.FindAsync(tenantId, id, cancellationToken) is not { } record)
        {
            Log.Dropped(logger, id, "it no longer exists");
            return null;
        }
        if (work.IsSettled(record))
        {
            Log.Dropped(logger, id, "it is already settled");
            return null;
        }
        var writer = new Writer<TRecord, TResult>(work, tenantId, id, logger);
        if (await writer.SaveAsync(record, work.Start, cancellationToken) is not { } running)
        {
            return null;
        }
        TResult result;
        try
        {
            result = await work.RunAsync(running, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var final = trigger.IsLastAttempt;
            var failed = await writer.SaveAsync(running, r => work.Fail(r, e, final), cancellationToken);
            if (final)
            {
                return failed;
            }
            Log.WillRetry(logger, id, trigger.DequeueCount, e.Message);
            throw;
        }
        return await writer.SaveAsync(running, r => work.Settle(r, result), cancellationToken);
    }

    private sealed class Writer<TRecord, TResult>(ISettleOnceWork<TRecord, TResult> work, string tenantId, string id, ILogger logger)
        where TRecord : class
    {
        /// <summary>
        /// Writes <paramref name="change"/> of the record. When another delivery (or a person) wrote it meanwhile, the change
        /// is applied to the fresh copy unless that one is gone or settled, which then stands: null.
        /// </summary>
        public async Task<TRecord?> SaveAsync(TRecord record, Func<TRecord, TRecord> change, CancellationToken cancellationToken)
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
                if (await work.FindAsync(tenantId, id, cancellationToken) is not { } fresh || work.IsSettled(fresh))
                {
                    Log.Dropped(logger, id, "it was settled or erased meanwhile");
                    return null;
                }
                record = fresh;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Queue message for {RecordId} dropped: {Reason}")]
        public static partial void Dropped(ILogger logger, string recordId, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DequeueCount} for {RecordId} failed and will be retried: {Reason}")]
        public static partial void WillRetry(ILogger logger, string recordId, int dequeueCount, string reason);
    }
}
