using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using InterviewFunctions.Core.Calendar;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Json;
using InterviewFunctions.Core.Preparation;
using NodaTime;

namespace InterviewFunctions.Core.Email;

/// <summary>The <see cref="EmailMessage.Kind"/> of each email the interview templates make.</summary>
public static class EmailKinds
{
    public const string Reminder = "reminder";
    public const string Invitation = "invitation";
    public const string Update = "update";
    public const string Cancellation = "cancellation";
    public const string ThankYou = "thank_you";
    public const string FollowUp = "follow_up";
    public const string StatusUpdate = "status_update";
}

public enum RecipientRole
{
    Candidate,
    Interviewer,
}

/// <summary>One person an interview email is written for, in their own time zone.</summary>
public sealed record EmailRecipient(RecipientRole Role, string Name, string Email, string TimeZone)
{
    public EmailAddress Address => new(Email, Name);

    public static EmailRecipient ForCandidate(Interview interview) =>
        new(RecipientRole.Candidate, interview.Candidate.Name, interview.Candidate.Email, interview.Candidate.TimeZone);

    public static EmailRecipient ForInterviewer(Interview interview, Interviewer interviewer) =>
        new(RecipientRole.Interviewer, interviewer.Name, interviewer.Email, interview.TimeZoneOf(interviewer));
}

/// <param name="Organizer">Who the emails come from and who organises the interview: replies and calendar answers go here.</param>
/// <param name="Now">When the email is made: the calendar stamp, and the base of "N days ago".</param>
/// <param name="PublicBaseUrl">The app's public address; when set, emails link to the interview's resource in the API.</param>
public sealed record EmailContext(EmailAddress Organizer, DateTimeOffset Now, Uri? PublicBaseUrl = null);

/// <summary>What the hiring team tells a candidate in a status update.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<CandidateStatus>))]
public enum CandidateStatus
{
    Offer,
    NextRound,
    InterviewScheduled,
    Pending,
}

/// <summary>
/// The emails about an interview, each in plain text and HTML, written for one recipient at a time so that each
/// person reads times in their own zone. Pure: the caller sends what these return.
/// </summary>
public static class InterviewEmails
{
    public const string CalendarAttachmentName = "invite.ics";

    /// <summary>Everyone an interview email goes to: the candidate first, then each interviewer.</summary>
    public static IReadOnlyList<EmailRecipient> Recipients(Interview interview) =>
        [EmailRecipient.ForCandidate(interview), .. interview.Interviewers.Select(i => EmailRecipient.ForInterviewer(interview, i))];

    /// <summary>
    /// A reminder sent <paramref name="timeLeft"/> before the interview. The candidate's carries the checklist for
    /// the interview type and the prep pack for the time left; an interviewer's is short.
    /// </summary>
    public static EmailMessage Reminder(Interview interview, TimeSpan timeLeft, EmailRecipient recipient, EmailContext context)
    {
        Check(interview, recipient, context);
        var until = TimeText.Until(timeLeft);
        var body = Greeting(recipient);
        string subject;
        if (recipient.Role == RecipientRole.Candidate)
        {
            subject = $"Reminder: your {interview.Type.Phrase()} with {interview.Company} is {until}";
            body.Paragraph($"Your {interview.Type.Phrase()} for the {interview.Role} role at {interview.Company} is {until}.")
                .Facts(Details(interview, recipient, context, "When"));
            body.Heading($"Your {interview.Type.Phrase()} checklist").Bullets(PrepChecklists.ForType(interview.Type).Select(i => i.Text));
            var pack = PrepPacks.For(interview, timeLeft);
            body.Heading(pack.Title).Paragraph(pack.Introduction).Bullets(pack.Items.Select(i => i.Text));
        }
        else
        {
            subject = $"Reminder: {interview.Type.Phrase()} with {interview.Candidate.Name} {until}";
            body.Paragraph($"You are interviewing {interview.Candidate.Name} for the {interview.Role} role {until}.")
                .Facts(Details(interview, recipient, context, "When"));
        }
        SignOff(body, interview, context);
        return Message(interview, EmailKinds.Reminder, recipient.Address, subject, body) with { ReplyTo = context.Organizer };
    }

    /// <summary>The first invitation, with the calendar request attached.</summary>
    public static EmailMessage Invitation(Interview interview, EmailRecipient recipient, EmailContext context)
    {
        Check(interview, recipient, context);
        var body = Greeting(recipient);
        var subject = $"Invitation: {interview.Type.Phrase()} with {Counterpart(interview, recipient)}, {ShortTime(interview.ScheduledStart, recipient.TimeZone)}";
        body.Paragraph(recipient.Role == RecipientRole.Candidate
                ? $"You are invited to a {interview.Type.Phrase()} for the {interview.Role} role at {interview.Company}."
                : $"You are invited to interview {interview.Candidate.Name} for the {interview.Role} role at {interview.Company}.")
            .Facts(Details(interview, recipient, context, "When"))
            .Paragraph("The calendar invitation is attached: accept it to add the interview to your calendar.");
        if (recipient.Role == RecipientRole.Candidate)
        {
            body.Heading("How to prepare").Bullets(PrepChecklists.For(interview.Type).Select(i => i.Text));
        }
        SignOff(body, interview, context);
        return WithCalendar(Message(interview, EmailKinds.Invitation, recipient.Address, subject, body), interview, IcsMethod.Request, context);
    }

    /// <summary>The interview moved: the new time, the previous one when known, and the updated calendar request.</summary>
    public static EmailMessage Update(Interview interview, EmailRecipient recipient, EmailContext context, DateTimeOffset? previousStart = null)
    {
        Check(interview, recipient, context);
        var body = Greeting(recipient);
        var subject = $"Rescheduled: {interview.Type.Phrase()} with {Counterpart(interview, recipient)}, now {ShortTime(interview.ScheduledStart, recipient.TimeZone)}";
        body.Paragraph(recipient.Role == RecipientRole.Candidate
            ? $"Your {interview.Type.Phrase()} for the {interview.Role} role at {interview.Company} has been rescheduled."
            : $"Your {interview.Type.Phrase()} with {interview.Candidate.Name} for the {interview.Role} role has been rescheduled.");
        var facts = Details(interview, recipient, context, "New time");
        if (previousStart is { } previous)
        {
            facts.Insert(1, new EmailFact("Previous time", TimeText.Local(previous, recipient.TimeZone)));
        }
        body.Facts(facts).Paragraph("The updated calendar invitation is attached: accept it to move the interview in your calendar.");
        SignOff(body, interview, context);
        return WithCalendar(Message(interview, EmailKinds.Update, recipient.Address, subject, body), interview, IcsMethod.Request, context);
    }

    /// <summary>The interview is off: the reason when there is one, and the calendar cancellation.</summary>
    public static EmailMessage Cancellation(Interview interview, EmailRecipient recipient, EmailContext context, string? reason = null)
    {
        Check(interview, recipient, context);
        reason = string.IsNullOrWhiteSpace(reason) ? interview.CancellationReason : reason;
        var when = TimeText.Local(interview.ScheduledStart, recipient.TimeZone);
        var body = Greeting(recipient);
        var subject = $"Cancelled: {interview.Type.Phrase()} with {Counterpart(interview, recipient)}, {ShortTime(interview.ScheduledStart, recipient.TimeZone)}";
        body.Paragraph(recipient.Role == RecipientRole.Candidate
            ? $"Your {interview.Type.Phrase()} for the {interview.Role} role at {interview.Company} on {when} has been cancelled."
            : $"The {interview.Type.Phrase()} with {interview.Candidate.Name} for the {interview.Role} role on {when} has been cancelled.");
        if (!string.IsNullOrWhiteSpace(reason))
        {
            body.Facts([new EmailFact("Reason", reason)]);
        }
        body.Paragraph(recipient.Role == RecipientRole.Candidate
            ? "The attached calendar update removes it from your calendar. We will be in touch about next steps."
            : "The attached calendar update removes it from your calendar.");
        SignOff(body, interview, context);
        var cancelled = interview with { Status = InterviewStatus.Cancelled, CancellationReason = reason };
        return WithCalendar(Message(interview, EmailKinds.Cancellation, recipient.Address, subject, body), cancelled, IcsMethod.Cancel, context);
    }

    /// <summary>
    /// A thank-you note from the candidate to one interviewer, to be reviewed before it goes: it is addressed to the
    /// interviewer and replies go to the candidate.
    /// </summary>
    public static EmailMessage ThankYou(Interview interview, Interviewer interviewer, IReadOnlyList<string> talkingPoints, EmailContext context, string? personalNote = null)
    {
        ArgumentNullException.ThrowIfNull(interviewer);
        ArgumentNullException.ThrowIfNull(talkingPoints);
        Check(interview, EmailRecipient.ForInterviewer(interview, interviewer), context);
        var date = TimeText.Date(interview.ScheduledStart, interview.TimeZoneOf(interviewer));
        var body = new EmailBody()
            .Paragraph($"Dear {interviewer.Name},")
            .Paragraph($"Thank you for taking the time to meet with me on {date} to discuss the {interview.Role} role at {interview.Company}.");
        var points = talkingPoints.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).ToList();
        if (points.Count > 0)
        {
            body.Paragraph("I especially enjoyed our conversation about:").Bullets(points);
        }
        if (!string.IsNullOrWhiteSpace(personalNote))
        {
            body.Paragraph(personalNote.Trim());
        }
        body.Paragraph("Our conversation confirmed my interest in the role and in joining the team. Please let me know if I can provide anything else.")
            .Paragraph($"Best regards,\n{interview.Candidate.Name}");
        var subject = $"Thank you: {interview.Role} interview on {date}";
        var candidate = new EmailAddress(interview.Candidate.Email, interview.Candidate.Name);
        return Message(interview, EmailKinds.ThankYou, new EmailAddress(interviewer.Email, interviewer.Name), subject, body) with { ReplyTo = candidate };
    }

    /// <summary>The candidate asks politely where things stand, some days after the interview; replies go to the candidate.</summary>
    public static EmailMessage FollowUp(Interview interview, EmailAddress to, EmailContext context, string? personalNote = null)
    {
        ArgumentNullException.ThrowIfNull(to);
        Check(interview, EmailRecipient.ForCandidate(interview), context);
        var zone = TimeText.Zone(interview.Candidate.TimeZone);
        var interviewDate = Instant.FromDateTimeOffset(interview.ScheduledStart).InZone(zone).Date;
        var today = Instant.FromDateTimeOffset(context.Now).InZone(zone).Date;
        var days = Period.Between(interviewDate, today, PeriodUnits.Days).Days;
        var ago = days switch
        {
            < 0 => "",
            0 => " earlier today",
            1 => ", yesterday",
            _ => $", {TimeText.Count(days, "day")} ago",
        };
        var body = new EmailBody()
            .Paragraph($"Dear {(string.IsNullOrWhiteSpace(to.DisplayName) ? $"{interview.Company} hiring team" : to.DisplayName)},")
            .Paragraph($"I hope you are well. I am writing to follow up on my {interview.Type.Phrase()} for the {interview.Role} role on {TimeText.Date(interview.ScheduledStart, interview.Candidate.TimeZone)}{ago}.")
            .Paragraph("I remain very interested in the role and would be grateful for any update on my application and the next steps.");
        if (!string.IsNullOrWhiteSpace(personalNote))
        {
            body.Paragraph(personalNote.Trim());
        }
        body.Paragraph("Thank you for your time.").Paragraph($"Best regards,\n{interview.Candidate.Name}");
        var subject = $"Following up: {interview.Role} interview at {interview.Company}";
        var candidate = new EmailAddress(interview.Candidate.Email, interview.Candidate.Name);
        return Message(interview, EmailKinds.FollowUp, to, subject, body) with { ReplyTo = candidate };
    }

    /// <summary>The hiring team tells the candidate where the application stands, with an optional message of their own.</summary>
    public static EmailMessage StatusUpdate(Interview interview, CandidateStatus status, EmailContext context, string? message = null)
    {
        var recipient = EmailRecipient.ForCandidate(interview);
        Check(interview, recipient, context);
        var body = Greeting(recipient);
        string subject;
        switch (status)
        {
            case CandidateStatus.Offer:
                subject = $"Your offer: {interview.Role} at {interview.Company}";
                body.Paragraph($"Congratulations! We are delighted to offer you the {interview.Role} role at {interview.Company}.")
                    .Paragraph("We will send the written offer with all the details separately. Reply to this email with any questions in the meantime.");
                break;
            case CandidateStatus.NextRound:
                subject = $"Next round: {interview.Role} at {interview.Company}";
                body.Paragraph($"Thank you for your {interview.Type.Phrase()}. We are pleased to invite you to the next round for the {interview.Role} role at {interview.Company}.")
                    .Paragraph("We will be in touch shortly to arrange a time.");
                break;
            case CandidateStatus.InterviewScheduled:
                subject = $"Interview scheduled: {interview.Type.Phrase()} with {interview.Company}, {ShortTime(interview.ScheduledStart, recipient.TimeZone)}";
                body.Paragraph($"Your {interview.Type.Phrase()} for the {interview.Role} role at {interview.Company} is scheduled.")
                    .Facts(Details(interview, recipient, context, "When"));
                break;
            case CandidateStatus.Pending:
                subject = $"Update on your application: {interview.Role} at {interview.Company}";
                body.Paragraph($"Thank you for your patience. We have not yet reached a decision on the {interview.Role} role, and we will let you know as soon as we have news.");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(status), status, null);
        }
        if (!string.IsNullOrWhiteSpace(message))
        {
            body.Paragraph(message.Trim());
        }
        SignOff(body, interview, context);
        return Message(interview, EmailKinds.StatusUpdate, recipient.Address, subject, body) with { ReplyTo = context.Organizer };
    }

    /// <summary>
    /// When, how long, where and with whom, in the recipient's zone. The other side's local time is added wherever
    /// their zone differs, so that nobody converts in their head.
    /// </summary>
    private static List<EmailFact> Details(Interview interview, EmailRecipient recipient, EmailContext context, string whenLabel)
    {
        var facts = new List<EmailFact> { new(whenLabel, TimeText.Local(interview.ScheduledStart, recipient.TimeZone)) };
        if (recipient.Role == RecipientRole.Candidate)
        {
            foreach (var zone in interview.Interviewers.GroupBy(interview.TimeZoneOf, StringComparer.Ordinal).Where(g => g.Key != recipient.TimeZone))
            {
                facts.Add(new($"Time for {string.Join(", ", zone.Select(i => i.Name))}", TimeText.Local(interview.ScheduledStart, zone.Key)));
            }
        }
        else if (interview.Candidate.TimeZone != recipient.TimeZone)
        {
            facts.Add(new($"Time for {interview.Candidate.Name}", TimeText.Local(interview.ScheduledStart, interview.Candidate.TimeZone)));
        }
        facts.Add(new("Duration", TimeText.Count(interview.DurationMinutes, "minute")));
        facts.Add(new("Type", interview.Type.Title()));
        if (recipient.Role == RecipientRole.Candidate)
        {
            facts.Add(new("Role", $"{interview.Role} at {interview.Company}"));
            if (interview.Interviewers.Count > 0)
            {
                facts.Add(new("Interviewers", string.Join(", ", interview.Interviewers.Select(i => i.Name))));
            }
        }
        else
        {
            facts.Add(new("Candidate", interview.Candidate.Name));
            facts.Add(new("Role", $"{interview.Role} at {interview.Company}"));
            var others = interview.Interviewers.Where(i => !string.Equals(i.Email, recipient.Email, StringComparison.OrdinalIgnoreCase)).ToList();
            if (others.Count > 0)
            {
                facts.Add(new("Also interviewing", string.Join(", ", others.Select(i => i.Name))));
            }
        }
        if (!string.IsNullOrWhiteSpace(interview.Location))
        {
            facts.Add(new("Location", interview.Location));
        }
        if (IcsCalendar.MeetingUri(interview) is { } link)
        {
            facts.Add(new("Join", link.AbsoluteUri, link));
        }
        else if (!string.IsNullOrWhiteSpace(interview.MeetingLink))
        {
            facts.Add(new("Meeting", interview.MeetingLink));
        }
        if (InterviewUrl(interview, context) is { } details)
        {
            facts.Add(new("Details", details.AbsoluteUri, details));
        }
        return facts;
    }

    private static Uri? InterviewUrl(Interview interview, EmailContext context) =>
        context.PublicBaseUrl is { } baseUrl && EmailBody.IsWebLink(baseUrl)
            ? new Uri(new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/"), "api/interviews/" + Uri.EscapeDataString(interview.Id))
            : null;

    private static EmailBody Greeting(EmailRecipient recipient) => new EmailBody().Paragraph($"Hi {recipient.Name},");

    private static void SignOff(EmailBody body, Interview interview, EmailContext context) =>
        body.Paragraph($"Best regards,\n{(string.IsNullOrWhiteSpace(context.Organizer.DisplayName) ? $"The {interview.Company} hiring team" : context.Organizer.DisplayName)}");

    /// <summary>Who the interview is with, from the recipient's side: the company for the candidate, the candidate for an interviewer.</summary>
    private static string Counterpart(Interview interview, EmailRecipient recipient) =>
        recipient.Role == RecipientRole.Candidate ? interview.Company : interview.Candidate.Name;

    /// <summary>A time short enough for a subject: "Tuesday 10 March 2026, 09:00 EDT".</summary>
    private static string ShortTime(DateTimeOffset instant, string zoneId)
    {
        var zone = TimeText.Zone(zoneId);
        var at = Instant.FromDateTimeOffset(instant);
        var local = at.InZone(zone).LocalDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{TimeText.Date(instant, zoneId)}, {local.Hour:00}:{local.Minute:00} {TimeText.Abbreviation(zone, at)}");
    }

    private static EmailMessage Message(Interview interview, string kind, EmailAddress to, string subject, EmailBody body)
    {
        var oneLine = OneLine(subject);
        return new EmailMessage(interview.TenantId, kind, interview.Id, [to], oneLine, body.PlainText(), body.Html(oneLine), []);
    }

    private static EmailMessage WithCalendar(EmailMessage message, Interview interview, IcsMethod method, EmailContext context)
    {
        var ics = IcsCalendar.ForInterview(interview, method, new IcsOptions(context.Now, context.Organizer));
        var attachment = new EmailAttachment(CalendarAttachmentName, IcsCalendar.ContentType(method), new UTF8Encoding(false).GetBytes(ics));
        return message with { Attachments = [attachment], ReplyTo = context.Organizer };
    }

    /// <summary>A subject is a header: a line break in a user's value must not start another header.</summary>
    private static string OneLine(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                if (result.Length > 0 && result[^1] != ' ')
                {
                    result.Append(' ');
                }
            }
            else
            {
                result.Append(c);
            }
        }
        return result.ToString().Trim();
    }

    private static void Check(Interview interview, EmailRecipient recipient, EmailContext context)
    {
        ArgumentNullException.ThrowIfNull(interview);
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(context);
    }
}
