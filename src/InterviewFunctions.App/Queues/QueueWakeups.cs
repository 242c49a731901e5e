using InterviewFunctions.App.Hosting;
using InterviewFunctions.Core.Queues;

namespace InterviewFunctions.App.Queues;

/// <summary>
/// Wakes this process's listener of a queue as soon as this process sends to it, or at the moment a delayed message
/// it sent becomes visible, so that in-process work (a reminder falling due) does not wait for the next poll.
/// Messages from elsewhere are still found by polling.
/// </summary>
public sealed class QueueWakeups(TimeProvider clock)
{
    private sealed class QueueSignal
    {
        public TaskCompletionSource Sent { get; set; } = NewSignal();

        /// <summary>Counts sends, so that one made between a poll and the wait after it is not missed.</summary>
        public long Generation { get; set; }

        /// <summary>When messages this process sent with a delay become visible (ticks, UTC).</summary>
        public SortedSet<long> DueTicks { get; } = [];
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, QueueSignal> _signals = new(StringComparer.Ordinal);

    public void MessageSent(string queue, DateTimeOffset visibleAt)
    {
        var signal = _signals.GetOrAdd(queue, _ => new QueueSignal());
        TaskCompletionSource sent;
        lock (signal)
        {
            if (visibleAt > clock.GetUtcNow())
            {
                signal.DueTicks.Add(visibleAt.UtcTicks);
            }
            sent = signal.Sent;
            signal.Sent = NewSignal();
            signal.Generation++;
        }
        sent.TrySetResult();
    }

    /// <summary>Taken before a poll and given to <see cref="WaitAsync"/> after it.</summary>
    public long Observe(string queue)
    {
        var signal = _signals.GetOrAdd(queue, _ => new QueueSignal());
        lock (signal)
        {
            return signal.Generation;
        }
    }

    /// <summary>
    /// Waits at most <paramref name="longest"/>; returns early when a message is sent to the queue (or was sent since
    /// <paramref name="observed"/>) or one sent earlier falls due.
    /// </summary>
    public async Task WaitAsync(string queue, TimeSpan longest, long observed, CancellationToken cancellationToken)
    {
        var signal = _signals.GetOrAdd(queue, _ => new QueueSignal());
        Task sent;
        DateTimeOffset until;
        var wait = longest;
        lock (signal)
        {
            if (signal.Generation != observed)
            {
                return;
            }
            var now = clock.GetUtcNow().UtcTicks;
            if (signal.DueTicks.Count > 0 && signal.DueTicks.Min <= now)
            {
                signal.DueTicks.RemoveWhere(due => due <= now);
                return;
            }
            if (signal.DueTicks.Count > 0)
            {
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks, signal.DueTicks.Min - now));
            }
            sent = signal.Sent.Task;
            until = new DateTimeOffset(now, TimeSpan.Zero) + wait;
        }
        using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var elapsed = clock.DelayUntilAsync(until, stopTimer.Token);
        await Task.WhenAny(sent, elapsed);
        await stopTimer.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>The configured adapter, telling <see cref="QueueWakeups"/> about each message this process sends or releases.</summary>
public sealed class SignallingMessageQueues(IMessageQueues inner, QueueWakeups wakeups) : IMessageQueues, IQueueInspection
{
    public IMessageQueues Inner => inner;

    public string Name => inner.Name;

    public Task CreateQueueIfMissingAsync(string queue, CancellationToken cancellationToken) => inner.CreateQueueIfMissingAsync(queue, cancellationToken);

    public async Task<QueueReceipt> SendAsync(string queue, string text, TimeSpan visibilityDelay, TimeSpan? timeToLive, CancellationToken cancellationToken)
    {
        var receipt = await inner.SendAsync(queue, text, visibilityDelay, timeToLive, cancellationToken);
        wakeups.MessageSent(queue, receipt.NextVisibleAt);
        return receipt;
    }

    public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
        inner.ReceiveAsync(queue, maxMessages, visibilityTimeout, cancellationToken);

    public Task DeleteAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken) =>
        inner.DeleteAsync(queue, messageId, popReceipt, cancellationToken);

    public async Task<QueueReceipt> UpdateVisibilityAsync(string queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var receipt = await inner.UpdateVisibilityAsync(queue, messageId, popReceipt, visibilityTimeout, cancellationToken);
        // Only a release matters to the listener; a renewed lease is still being worked on.
        if (visibilityTimeout == TimeSpan.Zero)
        {
            wakeups.MessageSent(queue, receipt.NextVisibleAt);
        }
        return receipt;
    }

    public Task<IReadOnlyList<PeekedQueueMessage>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken) =>
        inner.PeekAsync(queue, maxMessages, cancellationToken);

    public Task<int> ApproximateMessageCountAsync(string queue, CancellationToken cancellationToken) =>
        inner is IQueueInspection inspection ? inspection.ApproximateMessageCountAsync(queue, cancellationToken) : Task.FromResult(0);
}
