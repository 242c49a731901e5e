namespace InterviewFunctions.App.Queues;

/// <summary>What the queues page shows beyond the port: how many messages wait.</summary>
public interface IQueueInspection
{
    /// <summary>
    /// Messages in the queue, approximately: the embedded adapter counts the visible ones exactly; Azure Storage
    /// reports an estimate that includes invisible messages. A queue that does not exist has none.
    /// </summary>
    Task<int> ApproximateMessageCountAsync(string queue, CancellationToken cancellationToken);
}
