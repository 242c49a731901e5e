namespace InterviewFunctions.App.Queues;

/// <summary>What the queues page shows beyond the port: how many messages wait.</summary>
public interface IQueueInspection
{
    /// <summary>
    /// Messages in the queue, as Azure Storage counts them: those waiting, those delayed and those a handler holds
    /// (received, not yet deleted), so zero means every message was handled. Azure reports an estimate, never lower
    /// than the true count; the embedded adapter counts exactly. A queue that does not exist has none.
    /// </summary>
    Task<int> ApproximateMessageCountAsync(string queue, CancellationToken cancellationToken);
}
