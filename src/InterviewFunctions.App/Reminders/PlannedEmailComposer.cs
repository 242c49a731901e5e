using InterviewFunctions.App.Email;
using InterviewFunctions.Core.Email;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Reminders;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Reminders;

/// <summary>Turns a planned email into one message per recipient, each written in that person's own time zone.</summary>
public sealed class PlannedEmailComposer(IOptions<EmailOptions> options)
{
    private readonly EmailAddress _organizer = new(options.Value.From, options.Value.FromName);

    public EmailContext Context(DateTimeOffset now) => new(_organizer, now);

    /// <summary>The candidate's note asking where things stand goes to the people who interviewed them, or to the organizer.</summary>
    public IReadOnlyList<EmailAddress> FollowUpRecipients(Interview interview) =>
        interview.Interviewers.Count == 0 ? [_organizer] : [.. interview.Interviewers.Select(i => new EmailAddress(i.Email, i.Name))];

    public IReadOnlyList<EmailMessage> Compose(Interview interview, PlannedEmail item, DateTimeOffset now)
    {
        var context = Context(now);
        var everyone = InterviewEmails.Recipients(interview);
        return item.Kind switch
        {
            // The time left, not the planned offset: a reminder that leaves late still says how long there is.
            PlannedEmailKind.Reminder => [.. everyone.Select(r => InterviewEmails.Reminder(interview, interview.ScheduledStart - now, r, context))],
            PlannedEmailKind.Invitation => [.. everyone.Select(r => InterviewEmails.Invitation(interview, r, context))],
            PlannedEmailKind.Update => [.. everyone.Select(r => InterviewEmails.Update(interview, r, context, item.PreviousStart))],
            PlannedEmailKind.Cancellation => [.. everyone.Select(r => InterviewEmails.Cancellation(interview, r, context, interview.CancellationReason))],
            PlannedEmailKind.FollowUp => [.. FollowUpRecipients(interview).Select(to => InterviewEmails.FollowUp(interview, to, context))],
            _ => throw new InvalidOperationException($"No email is composed for {item.Kind}."),
        };
    }
}
