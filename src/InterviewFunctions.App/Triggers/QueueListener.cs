using InterviewFunctions.App.Queues;
using InterviewFunctions.Core.Queues;

namespace InterviewFunctions.App.Triggers;

/// <summary>
/// Runs one queue function standalone with the Functions host's queue-trigger semantics: batches of
/// <see cref="QueueOptions.BatchSize"/>, a new batch once no more than the threshold are in flight, randomized
/// exponential back-off on empty polls up to <see cref="QueueOptions.MaxPollingInterval"/> (cut short when this process
/// sends to the queue), a lease renewed at half time while the handler runs, delete on success, release on failure,
/// and after <see cref="QueueOptions.MaxDequeueCount"/> deliveries a move to <c>{queue}-poison</c>.
/// </summary>
public sealed partial class QueueListener(
    IQueueFunction function,
    IMessageQueues queues,
    QueueWakeups wakeups,
    QueueFailureLog failures,
    QueueOptions options,
    TimeProvider clock,
    ILogger<QueueListener> logger) : BackgroundService
{
    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(100);

    private string Queue => function.QueueName;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var inFlight = new HashSet<Task>();
        var emptyPolls = 0;
        var stopped = Task.Delay(Timeout.Infinite, stoppingToken);
        try
        {
            await CreateQueueAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                inFlight.RemoveWhere(t => t.IsCompleted);
                if (inFlight.Count > options.EffectiveNewBatchThreshold)
                {
                    await Task.WhenAny(inFlight.Append(stopped));
                    continue;
                }
                var observed = wakeups.Observe(Queue);
                IReadOnlyList<QueueMessage> batch;
                try
                {
                    batch = await queues.ReceiveAsync(Queue, options.BatchSize, options.LeaseDuration, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    ReceiveFailed(logger, e, Queue);
                    batch = [];
                }
                if (batch.Count == 0)
                {
                    emptyPolls++;
                    await wakeups.WaitAsync(Queue, PollDelay(emptyPolls), observed, stoppingToken);
                    continue;
                }
                emptyPolls = 0;
                foreach (var message in batch)
                {
                    inFlight.Add(ProcessAsync(message, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Handlers see the stop too; what they leave undone comes back when its lease ends, as after a crash.
        await Task.WhenAll(inFlight);
    }

    private async Task CreateQueueAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await queues.CreateQueueIfMissingAsync(Queue, stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ReceiveFailed(logger, e, Queue);
                await Task.Delay(PollDelay(attempt), clock, stoppingToken);
            }
        }
    }

    /// <summary>Randomized exponential back-off from 100 ms, as the host's polling strategy, capped at the maximum interval.</summary>
    private TimeSpan PollDelay(int emptyPolls)
    {
        var ceiling = Math.Min(options.MaxPollingInterval.TotalMilliseconds, FirstPollDelay.TotalMilliseconds * Math.Pow(2, Math.Min(emptyPolls - 1, 20)));
        var jittered = ceiling * (0.8 + Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(Math.Min(jittered, options.MaxPollingInterval.TotalMilliseconds));
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        // Let the receive loop go on at once; the handler runs on the pool.
        await Task.Yield();
        try
        {
            if (message.DequeueCount > options.MaxDequeueCount && !QueueNames.IsPoisonQueue(Queue))
            {
                // Delivered too often without ever completing (the process died each time): no further attempt.
                await failures.RecordFailureAsync(function.FunctionName, Queue, message.Id, message.DequeueCount,
                    $"Delivered {message.DequeueCount} times without completing.", stoppingToken);
                await MoveToPoisonAsync(message, message.PopReceipt, stoppingToken);
                return;
            }

            var lease = new Lease(message.PopReceipt);
            using var handlerDone = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var renewal = RenewAsync(message, lease, handlerDone.Token, stoppingToken);
            Exception? failure = null;
            try
            {
                await function.HandleAsync(new QueueTrigger(message.Text, message.Id, message.DequeueCount, options.MaxDequeueCount, message.InsertedAt), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await handlerDone.CancelAsync();
                await renewal;
                return;
            }
            catch (Exception e)
            {
                failure = e;
            }
            await handlerDone.CancelAsync();
            await renewal;

            // The handler is done: its outcome is recorded even while the app stops, so finished work is not redone.
            if (failure is null)
            {
                await queues.DeleteAsync(Queue, message.Id, lease.PopReceipt, CancellationToken.None);
                Handled(logger, function.FunctionName, message.Id, message.DequeueCount);
                return;
            }
            var error = QueueFailureLog.Describe(failure);
            HandlerFailed(logger, failure, function.FunctionName, message.Id, message.DequeueCount, options.MaxDequeueCount);
            await failures.RecordFailureAsync(function.FunctionName, Queue, message.Id, message.DequeueCount, error, CancellationToken.None);
            if (message.DequeueCount >= options.MaxDequeueCount && !QueueNames.IsPoisonQueue(Queue))
            {
                await MoveToPoisonAsync(message, lease.PopReceipt, CancellationToken.None);
            }
            else
            {
                await queues.UpdateVisibilityAsync(Queue, message.Id, lease.PopReceipt, options.VisibilityTimeout, CancellationToken.None);
            }
        }
        catch (QueueMessageNotFoundException)
        {
            // The lease ran out (the handler took longer than a renewal could cover) and another receive owns it now.
            LeaseLost(logger, function.FunctionName, message.Id);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The store failed while completing: the message comes back when its lease ends and is handled again.
            CompletionFailed(logger, e, function.FunctionName, message.Id);
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, string popReceipt, CancellationToken cancellationToken)
    {
        var poisonQueue = QueueNames.PoisonQueueFor(Queue);
        var copy = await queues.SendAsync(poisonQueue, message.Text, TimeSpan.Zero, null, cancellationToken);
        await failures.RecordPoisonedAsync(Queue, message.Id, copy.MessageId, cancellationToken);
        await queues.DeleteAsync(Queue, message.Id, popReceipt, cancellationToken);
        MovedToPoison(logger, function.FunctionName, message.Id, poisonQueue, message.DequeueCount);
    }

    /// <summary>
    /// Keeps the message hidden while the handler runs, renewing at half the lease. The handler's end stops the wait for
    /// the next renewal, never a renewal under way: the queue may already have taken that one and changed the pop
    /// receipt, and without its answer the delete that follows would fail and the finished work come back to be redone.
    /// </summary>
    private async Task RenewAsync(QueueMessage message, Lease lease, CancellationToken handlerDone, CancellationToken stoppingToken)
    {
        var interval = options.LeaseDuration / 2;
        while (true)
        {
            try
            {
                await Task.Delay(interval, clock, handlerDone);
                var renewed = await queues.UpdateVisibilityAsync(Queue, message.Id, lease.PopReceipt, options.LeaseDuration, stoppingToken);
                lease.PopReceipt = renewed.PopReceipt;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (QueueMessageNotFoundException)
            {
                LeaseLost(logger, function.FunctionName, message.Id);
                return;
            }
            catch (Exception e)
            {
                CompletionFailed(logger, e, function.FunctionName, message.Id);
            }
        }
    }

    private sealed class Lease(string popReceipt)
    {
        public string PopReceipt { get; set; } = popReceipt;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{FunctionName} handled message {MessageId} (delivery {DequeueCount})")]
    private static partial void Handled(ILogger logger, string functionName, string messageId, int dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{FunctionName} failed on message {MessageId} (delivery {DequeueCount} of {MaxDequeueCount})")]
    private static partial void HandlerFailed(ILogger logger, Exception exception, string functionName, string messageId, int dequeueCount, int maxDequeueCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "{FunctionName} moved message {MessageId} to {PoisonQueue} after {DequeueCount} deliveries")]
    private static partial void MovedToPoison(ILogger logger, string functionName, string messageId, string poisonQueue, int dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{FunctionName} lost the lease on message {MessageId}; it will be delivered again")]
    private static partial void LeaseLost(ILogger logger, string functionName, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{FunctionName} could not complete message {MessageId}; it will be delivered again")]
    private static partial void CompletionFailed(ILogger logger, Exception exception, string functionName, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling queue {Queue} failed; backing off")]
    private static partial void ReceiveFailed(ILogger logger, Exception exception, string queue);
}
