namespace InterviewFunctions.Core.Queues;

/// <summary>
/// Message queues with the semantics of Azure Storage Queues, which the Functions host's queue trigger relies on:
/// a message is put with an optional initial invisibility and a time to live, received under a visibility timeout
/// (it comes back if not deleted in time), and deleted or made invisible again with the pop receipt of its receipt.
/// Text is passed here as is; an adapter that needs Base64 on the wire (the Functions trigger expects it) encodes it.
/// </summary>
public interface IMessageQueues
{
    /// <summary>The adapter's name, shown by the health endpoint.</summary>
    string Name { get; }

    Task CreateQueueIfMissingAsync(string queue, CancellationToken cancellationToken);

    /// <param name="visibilityDelay">How long the message stays invisible after it is put: 0 to 7 days.</param>
    /// <param name="timeToLive">How long it may wait in the queue; null means 7 days, <see cref="Timeout.InfiniteTimeSpan"/> never expires.</param>
    Task<QueueReceipt> SendAsync(string queue, string text, TimeSpan visibilityDelay, TimeSpan? timeToLive, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="maxMessages"/> (1 to 32) visible messages, each hidden for <paramref name="visibilityTimeout"/> and its dequeue count raised.</summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    /// <exception cref="QueueMessageNotFoundException">The message is gone or the pop receipt is no longer current.</exception>
    Task DeleteAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken);

    /// <summary>Hides the message for <paramref name="visibilityTimeout"/> from now (0 makes it visible again); the old pop receipt stops working.</summary>
    /// <exception cref="QueueMessageNotFoundException">The message is gone or the pop receipt is no longer current.</exception>
    Task<QueueReceipt> UpdateVisibilityAsync(string queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="maxMessages"/> visible messages, without receiving them.</summary>
    Task<IReadOnlyList<PeekedQueueMessage>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken);
}

public sealed record QueueReceipt(string MessageId, string PopReceipt, DateTimeOffset NextVisibleAt);

public sealed record QueueMessage(
    string Id,
    string PopReceipt,
    string Text,
    int DequeueCount,
    DateTimeOffset InsertedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset NextVisibleAt);

public sealed record PeekedQueueMessage(string Id, string Text, int DequeueCount, DateTimeOffset InsertedAt, DateTimeOffset ExpiresAt);

public sealed class QueueMessageNotFoundException(string queue, string messageId)
    : Exception($"Message '{messageId}' is no longer in queue '{queue}' under that pop receipt.");
