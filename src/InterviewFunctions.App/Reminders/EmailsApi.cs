using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using InterviewFunctions.App.Interviews;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Calendar;
using InterviewFunctions.Core.Email;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InterviewFunctions.App.Reminders;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EmailRequest(
    bool? Send = null,
    string? Recipient = null,
    string? Offset = null,
    IReadOnlyList<string?>? TalkingPoints = null,
    string? Note = null,
    string? Status = null);

public sealed record AttachmentSummary(string Name, string ContentType, int Bytes);

public sealed record RenderedEmail(
    IReadOnlyList<EmailAddress> To,
    EmailAddress? ReplyTo,
    string Subject,
    string PlainText,
    string Html,
    IReadOnlyList<AttachmentSummary> Attachments,
    EmailSendResult? Delivery);

public sealed record RenderedEmails(string Kind, bool Sent, IReadOnlyList<RenderedEmail> Emails);

/// <summary>
/// Any interview email, rendered for review and sent on request, and the interview as a calendar file.
/// Sending is idempotent by content: the same email to the same person is sent once, however often it is asked for.
/// </summary>
public static class EmailsApi
{
    public const int MaxTalkingPoints = 10;

    private static readonly string[] CandidateKinds = [EmailKinds.ThankYou, EmailKinds.FollowUp];
    private static readonly string[] Kinds =
        [EmailKinds.Reminder, EmailKinds.Invitation, EmailKinds.Update, EmailKinds.Cancellation, EmailKinds.ThankYou, EmailKinds.FollowUp, EmailKinds.StatusUpdate];

    public static RouteGroupBuilder MapInterviewEmails(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/interviews/{id}").WithTags("Emails");
        group.MapPost("/emails/{kind}", Render);
        group.MapGet("/calendar.ics", Calendar).Produces<string>(StatusCodes.Status200OK, "text/calendar");
        return group;
    }

    private static async Task<Results<Ok<RenderedEmails>, ValidationProblem, ProblemHttpResult>> Render(
        string id,
        string kind,
        [FromBody] EmailRequest? request,
        HttpContext http,
        IInterviewStore store,
        PlannedEmailComposer composer,
        IEmailSender sender,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        request ??= new EmailRequest();
        var caller = http.User.ToCaller();
        if (await store.FindAsync(caller.TenantId, id, cancellationToken) is not { } interview || !caller.CanSee(interview))
        {
            return Problem.NotFound($"Interview '{id}'");
        }
        if (!Kinds.Contains(kind))
        {
            return Problem.Invalid("kind", $"'{kind}' is not an email kind; use one of: {string.Join(", ", Kinds)}.");
        }
        if (!caller.CanManage && !(caller.Role == CallerRole.Candidate && CandidateKinds.Contains(kind)))
        {
            return Problem.Forbidden(caller.Role == CallerRole.Candidate
                ? "Candidates write thank-you and follow-up emails; the hiring team sends the others."
                : "Only the hiring team and the candidate work with interview emails.");
        }
        var now = clock.GetUtcNow();
        var v = new Validation();
        var emails = Compose(interview, kind, request, composer, now, v);
        if (!v.IsValid)
        {
            return Problem.Invalid(v.Errors);
        }
        if (emails.Count == 0)
        {
            return Problem.Invalid("recipient", $"'{request.Recipient}' is not the candidate or an interviewer of this interview.");
        }
        var rendered = new List<RenderedEmail>();
        foreach (var email in emails)
        {
            EmailSendResult? delivery = null;
            if (request.Send == true)
            {
                try
                {
                    delivery = await sender.SendAsync(email, ContentKey(interview, email), cancellationToken);
                }
                catch (EmailSendException e)
                {
                    return Problem.Of(StatusCodes.Status502BadGateway, "The email was not sent", e.Message);
                }
            }
            rendered.Add(new RenderedEmail(email.To, email.ReplyTo, email.Subject, email.PlainText, email.Html,
                [.. email.Attachments.Select(a => new AttachmentSummary(a.Name, a.ContentType, a.Content.Length))], delivery));
        }
        return TypedResults.Ok(new RenderedEmails(kind, request.Send == true, rendered));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Calendar(
        string id, HttpContext http, IInterviewStore store, PlannedEmailComposer composer, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (await store.FindAsync(caller.TenantId, id, cancellationToken) is not { } interview || !caller.CanSee(interview))
        {
            return Problem.NotFound($"Interview '{id}'");
        }
        var context = composer.Context(clock.GetUtcNow());
        var ics = IcsCalendar.ForInterview(interview, IcsMethod.Publish, new IcsOptions(context.Now, context.Organizer));
        http.Response.Headers.ETag = HttpETag.Of(interview);
        return TypedResults.File(Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", $"interview-{interview.Id}.ics");
    }

    private static List<EmailMessage> Compose(Interview interview, string kind, EmailRequest request, PlannedEmailComposer composer, DateTimeOffset now, Validation v)
    {
        var context = composer.Context(now);
        var recipients = InterviewEmails.Recipients(interview)
            .Where(r => request.Recipient is null || string.Equals(r.Email, request.Recipient, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var interviewers = interview.Interviewers
            .Where(i => request.Recipient is null || string.Equals(i.Email, request.Recipient, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var note = v.Optional("note", request.Note, 2000);
        switch (kind)
        {
            case EmailKinds.Reminder:
                var timeLeft = request.Offset is null ? interview.ScheduledStart - now : ReadOffset(v, request.Offset);
                if (timeLeft <= TimeSpan.Zero)
                {
                    v.Add("offset", "The interview has begun; a reminder needs an 'offset' such as PT24H to preview.");
                }
                return v.IsValid ? [.. recipients.Select(r => InterviewEmails.Reminder(interview, timeLeft, r, context))] : [];
            case EmailKinds.Invitation:
                return [.. recipients.Select(r => InterviewEmails.Invitation(interview, r, context))];
            case EmailKinds.Update:
                return [.. recipients.Select(r => InterviewEmails.Update(interview, r, context))];
            case EmailKinds.Cancellation:
                return [.. recipients.Select(r => InterviewEmails.Cancellation(interview, r, context, note ?? interview.CancellationReason))];
            case EmailKinds.ThankYou:
                var points = ReadTalkingPoints(v, request.TalkingPoints);
                if (interview.Interviewers.Count == 0)
                {
                    v.Add("recipient", "The interview has no interviewers to thank.");
                }
                return v.IsValid ? [.. interviewers.Select(i => InterviewEmails.ThankYou(interview, i, points, context, note))] : [];
            case EmailKinds.FollowUp:
                return [.. composer.FollowUpRecipients(interview)
                    .Where(to => request.Recipient is null || interviewers.Any(i => string.Equals(i.Email, to.Address, StringComparison.OrdinalIgnoreCase)))
                    .Select(to => InterviewEmails.FollowUp(interview, to, context, note))];
            default:
                var status = v.Enum<CandidateStatus>("status", request.Status);
                return status is { } s ? [InterviewEmails.StatusUpdate(interview, s, context, note)] : [];
        }
    }

    private static TimeSpan ReadOffset(Validation v, string text)
    {
        var offsets = Core.Reminders.ReminderPolicy.ReadOffsets(v, "offset", [text]);
        return offsets is [var offset] ? offset : TimeSpan.Zero;
    }

    private static List<string> ReadTalkingPoints(Validation v, IReadOnlyList<string?>? points)
    {
        if (points is null)
        {
            return [];
        }
        if (points.Count > MaxTalkingPoints)
        {
            v.Add("talkingPoints", $"At most {MaxTalkingPoints} talking points.");
            return [];
        }
        return [.. points.Select((p, i) => v.Required($"talkingPoints[{i}]", p, 500)).OfType<string>()];
    }

    /// <summary>The same email to the same person hashes to the same key, so asking twice sends once.</summary>
    private static string ContentKey(Interview interview, EmailMessage email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{interview.TenantId}|{interview.Id}|{email.Kind}|{string.Join(",", email.To.Select(t => t.Address))}|{email.Subject}|{email.PlainText}")));
}
