using InterviewFunctions.App.Hosting;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Queues;
using InterviewFunctions.Core.Reminders;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Reminders;

/// <summary>
/// The due-reminder finder: reads the interviews whose plan needs the dispatcher, hands each due email to the
/// reminder queue, and records it as queued. The message is put first, so a crash in between can only queue it
/// twice (the send function sends once), never lose it.
/// </summary>
public sealed partial class ReminderDispatcher(
    IInterviewStore store,
    IMessageQueues queues,
    ReminderPlanner planner,
    TimeProvider clock,
    IOptions<ReminderOptions> options,
    HostingMode hosting,
    ILogger<ReminderDispatcher> logger)
{
    private const int Parallelism = 8;
    private const int MaxRetriesOnConflict = 3;

    private readonly ReminderOptions _options = options.Value;
    private readonly TimeSpan _lookAhead = options.Value.LookAhead ?? (hosting.IsCustomHandler ? TimeSpan.FromMinutes(1) : TimeSpan.Zero);

    /// <summary>Queues everything due now (or within the look-ahead); returns how many emails were queued.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var queued = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var due = await store.ListDueAsync(now + _lookAhead, _options.BatchSize, cancellationToken);
            var queuedInBatch = 0;
            var unchanged = 0;
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (interview, ct) =>
            {
                var count = await DispatchAsync(interview, ct);
                Interlocked.Add(ref queuedInBatch, count);
                if (count == 0)
                {
                    Interlocked.Increment(ref unchanged);
                }
            });
            queued += queuedInBatch;
            // A short batch was the last; a batch in which nothing moved would only be read again.
            if (due.Count < _options.BatchSize || unchanged == due.Count)
            {
                break;
            }
        }
        return queued;
    }

    private async Task<int> DispatchAsync(Interview interview, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var updated = planner.SkipStale(interview, now);
            var items = planner.DueItems(updated, now + _lookAhead).ToList();
            if (items.Count == 0 && ReferenceEquals(updated, interview))
            {
                return 0;
            }
            foreach (var item in items)
            {
                if (item.Attempts < planner.Policy.MaxAttempts)
                {
                    var message = new ReminderMessage(interview.TenantId, interview.Id, item.Id, item.ScheduleVersion);
                    var delay = item.DueAt > now ? item.DueAt - now : TimeSpan.Zero;
                    await queues.SendAsync(_options.QueueName, message.ToText(), delay, null, cancellationToken);
                }
                updated = planner.MarkEnqueued(updated, item.Id, now);
            }
            try
            {
                await store.ReplaceAsync(updated, cancellationToken);
                Log.Queued(logger, interview.Id, items.Count);
                return items.Count;
            }
            catch (StaleInterviewException) when (attempt < MaxRetriesOnConflict)
            {
                // The interview changed meanwhile: what was queued is checked against it by the send function.
                if (await store.FindAsync(interview.TenantId, interview.Id, cancellationToken) is not { } fresh)
                {
                    return 0;
                }
                interview = fresh;
            }
            catch (StaleInterviewException)
            {
                return 0;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Queued {Count} planned emails of interview {InterviewId}")]
        public static partial void Queued(ILogger logger, string interviewId, int count);
    }
}
