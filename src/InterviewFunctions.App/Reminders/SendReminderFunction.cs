using System.Security.Cryptography;
using System.Text;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Email;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Queues;
using InterviewFunctions.Core.Reminders;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Reminders;

/// <summary>
/// Sends one planned email, from the reminder queue. Safe under at-least-once delivery: the interview is read
/// again, a message for a schedule that changed or an interview that ended is dropped, each recipient's copy goes
/// out under an idempotency key derived from interview, schedule version, item and recipient, and the item is
/// marked sent with the interview's ETag. A second delivery of the same message finds the item sent and does nothing.
/// </summary>
public sealed partial class SendReminderFunction(
    IInterviewStore store,
    ReminderPlanner planner,
    PlannedEmailComposer composer,
    IEmailSender sender,
    IMessageQueues queues,
    TimeProvider clock,
    IOptions<ReminderOptions> options,
    ILogger<SendReminderFunction> logger) : IQueueFunction
{
    public const string Name = "SendReminder";
    private const int MaxRetriesOnConflict = 5;

    /// <summary>How early a delayed message may surface and still send: queue clocks are not ours.</summary>
    private static readonly TimeSpan EarlyTolerance = TimeSpan.FromSeconds(2);

    public string FunctionName => Name;

    public string QueueName => options.Value.QueueName;

    public async Task HandleAsync(QueueTrigger trigger, CancellationToken cancellationToken)
    {
        if (ReminderMessage.TryParse(trigger.Text) is not { } message)
        {
            Log.Unreadable(logger, trigger.MessageId);
            return;
        }
        if (await store.FindAsync(message.TenantId, message.InterviewId, cancellationToken) is not { } interview)
        {
            Log.Dropped(logger, message.InterviewId, message.ItemId, "the interview no longer exists");
            return;
        }
        var now = clock.GetUtcNow();
        if (PlannedEmailReviewer.Refusal(interview, message, now) is var (reason, voidsItem))
        {
            Log.Dropped(logger, interview.Id, message.ItemId, reason);
            if (voidsItem)
            {
                await SaveAsync(interview, i => planner.MarkCancelled(i, message.ItemId, $"Not sent: {reason}.", now), cancellationToken);
            }
            return;
        }
        var item = ReminderPlanner.Find(interview, message.ItemId)!;
        if (item.DueAt - EarlyTolerance > now)
        {
            // Surfaced before its time: put it back, invisible until then, rather than send early.
            await queues.SendAsync(QueueName, trigger.Text, item.DueAt - now, null, cancellationToken);
            return;
        }
        var delivered = item.Deliveries.ToList();
        try
        {
            foreach (var email in composer.Compose(interview, item, now))
            {
                var recipient = email.To[0].Address;
                if (delivered.Any(d => d.To == recipient))
                {
                    continue;
                }
                var result = await sender.SendAsync(email, IdempotencyKey(interview, item, recipient), cancellationToken);
                delivered.Add(new EmailDelivery(recipient, result.Sender, result.MessageId, result.SentAt));
            }
        }
        catch (EmailSendException e) when (e.Transient && !trigger.IsLastAttempt)
        {
            // Keep what did go out, so the retry sends only to the rest; then let the queue retry.
            await SaveAsync(interview, i => planner.NoteRetry(planner.RecordDeliveries(i, item.Id, delivered, now), item.Id, e.Message, now), cancellationToken);
            throw;
        }
        catch (EmailSendException e)
        {
            Log.Failed(logger, interview.Id, item.Id, e.Message);
            await SaveAsync(interview, i => planner.MarkFailed(planner.RecordDeliveries(i, item.Id, delivered, now), item.Id, e.Message, now), cancellationToken);
            return;
        }
        await SaveAsync(interview, i => planner.MarkSent(i, item.Id, delivered, clock.GetUtcNow()), cancellationToken);
        Log.Sent(logger, interview.Id, item.Id, delivered.Count);
    }

    /// <summary>Derived, never random: a redelivered message sends under the same keys, and the sender sends once.</summary>
    public static string IdempotencyKey(Interview interview, PlannedEmail item, string recipient) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{interview.TenantId}|{interview.Id}|{item.ScheduleVersion}|{item.Id}|{recipient}")));

    /// <summary>Applies <paramref name="change"/> to the stored interview, re-reading it when it changed under us.</summary>
    private async Task SaveAsync(Interview interview, Func<Interview, Interview> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.ReplaceAsync(change(interview), cancellationToken);
                return;
            }
            catch (StaleInterviewException) when (attempt < MaxRetriesOnConflict)
            {
                if (await store.FindAsync(interview.TenantId, interview.Id, cancellationToken) is not { } fresh)
                {
                    return;
                }
                interview = fresh;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Sent planned email {ItemId} of interview {InterviewId} to {Recipients} recipients")]
        public static partial void Sent(ILogger logger, string interviewId, string itemId, int recipients);

        [LoggerMessage(Level = LogLevel.Information, Message = "Dropped planned email {ItemId} of interview {InterviewId}: {Reason}")]
        public static partial void Dropped(ILogger logger, string interviewId, string itemId, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Planned email {ItemId} of interview {InterviewId} failed: {Reason}")]
        public static partial void Failed(ILogger logger, string interviewId, string itemId, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder queue message {MessageId} is not a reminder message; dropped")]
        public static partial void Unreadable(ILogger logger, string messageId);
    }
}

/// <summary>Whether a queued planned email may still go out, judged against the interview as it is now.</summary>
public static class PlannedEmailReviewer
{
    /// <returns>Why it must not be sent, or null when it may; <c>VoidsItem</c> when the item itself can never go out.</returns>
    public static (string Reason, bool VoidsItem)? Refusal(Interview interview, ReminderMessage message, DateTimeOffset now)
    {
        if (ReminderPlanner.Find(interview, message.ItemId) is not { } item)
        {
            return ("the plan no longer holds it", false);
        }
        if (item.ScheduleVersion != message.ScheduleVersion)
        {
            return ("it was planned for another schedule version", false);
        }
        if (!item.IsOpen)
        {
            return ($"it is already {item.State.ToWire()}", false);
        }
        if (item.Kind is not PlannedEmailKind.Cancellation && item.ScheduleVersion != interview.ScheduleVersion)
        {
            return ($"the interview was rescheduled (schedule version {interview.ScheduleVersion})", true);
        }
        if (item.Kind is PlannedEmailKind.Reminder && !InterviewStateMachine.IsOpen(interview.Status))
        {
            return ($"the interview is {interview.Status.ToWire()}", true);
        }
        if (item.Kind is PlannedEmailKind.Reminder && now >= interview.ScheduledStart)
        {
            return ("the interview had begun before it could go out", true);
        }
        return null;
    }
}
