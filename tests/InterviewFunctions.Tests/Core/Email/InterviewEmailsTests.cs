using System.Text;
using InterviewFunctions.Core.Email;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Tests.Core.Calendar;

namespace InterviewFunctions.Tests.Core.Email;

public sealed class InterviewEmailsTests
{
    private static readonly EmailContext Context = new(new EmailAddress("hiring@acme.example", "Acme Hiring"), new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Candidate and Grace in New York (Grace through the interview's zone), Alan in London: 09:00 EDT is 13:00 GMT on 10 March 2026.</summary>
    private static Interview NewYork(InterviewType type = InterviewType.Technical) => TestInterviews.At("America/New_York", 2026, 3, 10, 9, 0, type);

    private static EmailRecipient Candidate(Interview interview) => EmailRecipient.ForCandidate(interview);

    private static EmailRecipient Interviewer(Interview interview, int index) => EmailRecipient.ForInterviewer(interview, interview.Interviewers[index]);

    public static TheoryData<string, int> KindsAndRecipients()
    {
        var data = new TheoryData<string, int>();
        foreach (var kind in new[] { EmailKinds.Reminder, EmailKinds.Invitation, EmailKinds.Update, EmailKinds.Cancellation })
        {
            for (var recipient = 0; recipient < 3; recipient++)
            {
                data.Add(kind, recipient);
            }
        }
        return data;
    }

    private static EmailMessage Render(string kind, Interview interview, EmailRecipient recipient) => kind switch
    {
        EmailKinds.Reminder => InterviewEmails.Reminder(interview, TimeSpan.FromHours(24), recipient, Context),
        EmailKinds.Invitation => InterviewEmails.Invitation(interview, recipient, Context),
        EmailKinds.Update => InterviewEmails.Update(interview, recipient, Context, interview.ScheduledStart.AddDays(-1)),
        EmailKinds.Cancellation => InterviewEmails.Cancellation(interview, recipient, Context, "The role was filled"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(KindsAndRecipients))]
    public void Each_kind_renders_for_the_candidate_and_for_each_interviewer_in_their_own_time(string kind, int recipientIndex)
    {
        var interview = NewYork();
        var recipient = InterviewEmails.Recipients(interview)[recipientIndex];

        var message = Render(kind, interview, recipient);

        Assert.Equal(kind, message.Kind);
        Assert.Equal("t1", message.TenantId);
        Assert.Equal("iv-7f3a", message.InterviewId);
        Assert.Equal(recipient.Address, Assert.Single(message.To));
        Assert.Equal(Context.Organizer, message.ReplyTo);
        Assert.DoesNotContain('\n', message.Subject);
        var when = recipientIndex == 2 ? "Tuesday 10 March 2026, 13:00 (Europe/London, GMT)" : "Tuesday 10 March 2026, 09:00 (America/New_York, EDT)";
        foreach (var body in new[] { message.PlainText, message.Html })
        {
            Assert.Contains($"Hi {recipient.Name},", body, StringComparison.Ordinal);
            Assert.Contains(when, body, StringComparison.Ordinal);
            Assert.Contains("Acme", body, StringComparison.Ordinal);
            Assert.Contains("Acme Hiring", body, StringComparison.Ordinal);
        }
        Assert.StartsWith("<!DOCTYPE html>", message.Html, StringComparison.Ordinal);
        if (recipient.Role == RecipientRole.Interviewer)
        {
            Assert.Contains("Ada Lovelace", message.Subject, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_candidate_sees_an_interviewer_s_time_where_their_zones_differ()
    {
        var interview = NewYork();

        var text = InterviewEmails.Reminder(interview, TimeSpan.FromHours(24), Candidate(interview), Context).PlainText;

        Assert.Contains("When: Tuesday 10 March 2026, 09:00 (America/New_York, EDT)\n", text, StringComparison.Ordinal);
        Assert.Contains("Time for Alan Turing: Tuesday 10 March 2026, 13:00 (Europe/London, GMT)\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Time for Grace Hopper", text, StringComparison.Ordinal);
        Assert.Contains("Interviewers: Grace Hopper, Alan Turing\n", text, StringComparison.Ordinal);
        Assert.Contains("Location: Acme HQ, 1 Main St, Floor 3\n", text, StringComparison.Ordinal);
        Assert.Contains("Join: https://meet.example.com/abc-defg?pwd=1&x=2\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interviewer_elsewhere_sees_their_own_time_and_the_candidate_s()
    {
        var interview = NewYork();

        var alan = InterviewEmails.Reminder(interview, TimeSpan.FromHours(2), Interviewer(interview, 1), Context);
        var grace = InterviewEmails.Reminder(interview, TimeSpan.FromHours(2), Interviewer(interview, 0), Context);

        Assert.Equal("Reminder: technical interview with Ada Lovelace in 2 hours", alan.Subject);
        Assert.Contains("When: Tuesday 10 March 2026, 13:00 (Europe/London, GMT)\n", alan.PlainText, StringComparison.Ordinal);
        Assert.Contains("Time for Ada Lovelace: Tuesday 10 March 2026, 09:00 (America/New_York, EDT)\n", alan.PlainText, StringComparison.Ordinal);
        Assert.Contains("Also interviewing: Grace Hopper\n", alan.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain("Time for Ada Lovelace", grace.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain("checklist", alan.PlainText, StringComparison.OrdinalIgnoreCase);
        Assert.True(alan.PlainText.Length < InterviewEmails.Reminder(interview, TimeSpan.FromHours(2), Candidate(interview), Context).PlainText.Length / 2);
    }

    [Fact]
    public void Zones_a_date_line_apart_show_different_days()
    {
        var interview = TestInterviews.At("Pacific/Chatham", 2026, 9, 27, 10, 0) with
        {
            Interviewers = [new Interviewer("Grace Hopper", "grace@acme.example", "America/Los_Angeles")],
        };

        var candidate = InterviewEmails.Invitation(interview, Candidate(interview), Context).PlainText;
        var interviewer = InterviewEmails.Invitation(interview, Interviewer(interview, 0), Context).PlainText;

        Assert.Contains("When: Sunday 27 September 2026, 10:00 (Pacific/Chatham, UTC+13:45)\n", candidate, StringComparison.Ordinal);
        Assert.Contains("Time for Grace Hopper: Saturday 26 September 2026, 13:15 (America/Los_Angeles, PDT)\n", candidate, StringComparison.Ordinal);
        Assert.Contains("When: Saturday 26 September 2026, 13:15 (America/Los_Angeles, PDT)\n", interviewer, StringComparison.Ordinal);
    }

    [Fact]
    public void Kolkata_times_read_in_ist()
    {
        var interview = TestInterviews.At("Asia/Kolkata", 2026, 6, 15, 14, 0);

        var text = InterviewEmails.Reminder(interview, TimeSpan.FromHours(72), Candidate(interview), Context).PlainText;

        Assert.Contains("When: Monday 15 June 2026, 14:00 (Asia/Kolkata, IST)\n", text, StringComparison.Ordinal);
        Assert.Contains("Time for Alan Turing: Monday 15 June 2026, 09:30 (Europe/London, BST)\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(72, "in 3 days", "Research the company", "Scan the last six months of news")]
    [InlineData(24, "in 1 day", "Stories and questions", "STAR: the Situation, your Task, the Actions you took, the Result")]
    [InlineData(2, "in 2 hours", "Logistics and tech check", "Open the meeting link now")]
    public void The_candidate_s_reminder_carries_the_pack_for_the_time_left(int hours, string until, string heading, string item)
    {
        var interview = NewYork();

        var message = InterviewEmails.Reminder(interview, TimeSpan.FromHours(hours), Candidate(interview), Context);

        Assert.Equal($"Reminder: your technical interview with Acme is {until}", message.Subject);
        Assert.Contains(heading, message.PlainText, StringComparison.Ordinal);
        Assert.Contains(item, message.PlainText, StringComparison.Ordinal);
        Assert.Contains($"<h2 style=\"font-size:17px;margin:24px 0 8px\">{heading}</h2>", message.Html, StringComparison.Ordinal);
        var others = new[] { "Research the company", "Stories and questions", "Logistics and tech check" }.Where(h => h != heading);
        Assert.All(others, other => Assert.DoesNotContain(other, message.PlainText, StringComparison.Ordinal));
    }

    [Fact]
    public void The_checklist_in_a_reminder_follows_the_interview_type()
    {
        var technical = NewYork(InterviewType.Technical);
        var behavioral = NewYork(InterviewType.Behavioral);

        var technicalText = InterviewEmails.Reminder(technical, TimeSpan.FromHours(48), Candidate(technical), Context).PlainText;
        var behavioralText = InterviewEmails.Reminder(behavioral, TimeSpan.FromHours(48), Candidate(behavioral), Context).PlainText;

        Assert.Contains("Your technical interview checklist", technicalText, StringComparison.Ordinal);
        Assert.Contains("- Solve a few timed problems in the language you will use.", technicalText, StringComparison.Ordinal);
        Assert.DoesNotContain("disagreement", technicalText, StringComparison.Ordinal);
        Assert.Contains("Your behavioral interview checklist", behavioralText, StringComparison.Ordinal);
        Assert.Contains("- A story about a disagreement with a colleague and how you resolved it.", behavioralText, StringComparison.Ordinal);
        Assert.DoesNotContain("timed problems", behavioralText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EmailKinds.Invitation, "REQUEST")]
    [InlineData(EmailKinds.Update, "REQUEST")]
    [InlineData(EmailKinds.Cancellation, "CANCEL")]
    public void Invitations_updates_and_cancellations_attach_the_calendar_object(string kind, string method)
    {
        var interview = NewYork() with { ScheduleVersion = 4 };

        foreach (var recipient in InterviewEmails.Recipients(interview))
        {
            var message = Render(kind, interview, recipient);

            var attachment = Assert.Single(message.Attachments);
            Assert.Equal("invite.ics", attachment.Name);
            Assert.Equal($"text/calendar; method={method}", attachment.ContentType);
            var calendar = IcsReader.Parse(Encoding.UTF8.GetString(attachment.Content));
            var vevent = Assert.Single(calendar.Components("VEVENT"));
            Assert.Equal(method, calendar.Value("METHOD"));
            Assert.Equal("iv-7f3a@interview-functions", vevent.Value("UID"));
            Assert.Equal("4", vevent.Value("SEQUENCE"));
            Assert.Equal(method == "CANCEL" ? "CANCELLED" : "CONFIRMED", vevent.Value("STATUS"));
            Assert.Equal("20260301T120000Z", vevent.Value("DTSTAMP"));
            Assert.Equal("mailto:hiring@acme.example", vevent.Value("ORGANIZER"));
        }
    }

    [Fact]
    public void Reminders_and_status_updates_have_no_attachment()
    {
        var interview = NewYork();

        Assert.Empty(InterviewEmails.Reminder(interview, TimeSpan.FromHours(2), Candidate(interview), Context).Attachments);
        Assert.Empty(InterviewEmails.StatusUpdate(interview, CandidateStatus.Offer, Context).Attachments);
    }

    [Fact]
    public void An_update_gives_the_new_time_and_the_previous_one()
    {
        var interview = NewYork();
        var previous = TestInterviews.Instant("America/New_York", 2026, 3, 6, 15, 30);

        var message = InterviewEmails.Update(interview, Candidate(interview), Context, previous);
        var withoutPrevious = InterviewEmails.Update(interview, Candidate(interview), Context);

        Assert.Equal("Rescheduled: technical interview with Acme, now Tuesday 10 March 2026, 09:00 EDT", message.Subject);
        Assert.Contains("New time: Tuesday 10 March 2026, 09:00 (America/New_York, EDT)\nPrevious time: Friday 6 March 2026, 15:30 (America/New_York, EST)\n", message.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain("Previous time", withoutPrevious.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancellation_gives_the_reason_given_or_else_the_one_recorded()
    {
        var interview = NewYork() with { CancellationReason = "Hiring freeze" };

        var given = InterviewEmails.Cancellation(interview, Candidate(interview), Context, "The role was filled");
        var recorded = InterviewEmails.Cancellation(interview, Interviewer(interview, 0), Context);
        var none = InterviewEmails.Cancellation(interview with { CancellationReason = null }, Candidate(interview), Context);

        Assert.Equal("Cancelled: technical interview with Acme, Tuesday 10 March 2026, 09:00 EDT", given.Subject);
        Assert.Contains("Reason: The role was filled\n", given.PlainText, StringComparison.Ordinal);
        Assert.Contains("has been cancelled", given.PlainText, StringComparison.Ordinal);
        Assert.Contains("Reason: Hiring freeze\n", recorded.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain("Reason:", none.PlainText, StringComparison.Ordinal);
        var vevent = Assert.Single(IcsReader.Parse(Encoding.UTF8.GetString(given.Attachments[0].Content)).Components("VEVENT"));
        Assert.StartsWith("This interview has been cancelled: The role was filled", vevent.One("DESCRIPTION").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_thank_you_note_goes_to_the_interviewer_and_answers_to_the_candidate()
    {
        var interview = NewYork();

        var message = InterviewEmails.ThankYou(interview, interview.Interviewers[1], ["Your team's move to event sourcing", "  ", "How on-call works"], Context, "I also enjoyed the office tour.");

        Assert.Equal(EmailKinds.ThankYou, message.Kind);
        Assert.Equal(new EmailAddress("alan@acme.example", "Alan Turing"), Assert.Single(message.To));
        Assert.Equal(new EmailAddress("ada@example.com", "Ada Lovelace"), message.ReplyTo);
        Assert.Equal("Thank you: Engineer interview on Tuesday 10 March 2026", message.Subject);
        Assert.Contains("Dear Alan Turing,", message.PlainText, StringComparison.Ordinal);
        Assert.Contains("- Your team's move to event sourcing\n- How on-call works\n", message.PlainText, StringComparison.Ordinal);
        Assert.Contains("I also enjoyed the office tour.", message.PlainText, StringComparison.Ordinal);
        Assert.EndsWith("Best regards,\nAda Lovelace\n", message.PlainText, StringComparison.Ordinal);
        Assert.Contains("<li>Your team&#39;s move to event sourcing</li>", message.Html, StringComparison.Ordinal);
        Assert.Empty(message.Attachments);
    }

    [Theory]
    [InlineData(17, 15, ", 7 days ago.")]
    [InlineData(11, 12, ", yesterday.")]
    [InlineData(10, 20, " earlier today.")]
    public void A_follow_up_counts_the_days_since_the_interview_in_the_candidate_s_calendar(int day, int utcHour, string expected)
    {
        var interview = NewYork();
        var context = Context with { Now = new DateTimeOffset(2026, 3, day, utcHour, 0, 0, TimeSpan.Zero) };

        var message = InterviewEmails.FollowUp(interview, new EmailAddress("recruiter@acme.example", "Sam Recruiter"), context);

        Assert.Equal(EmailKinds.FollowUp, message.Kind);
        Assert.Equal("recruiter@acme.example", Assert.Single(message.To).Address);
        Assert.Equal("ada@example.com", message.ReplyTo?.Address);
        Assert.Equal("Following up: Engineer interview at Acme", message.Subject);
        Assert.Contains("Dear Sam Recruiter,", message.PlainText, StringComparison.Ordinal);
        Assert.Contains($"on Tuesday 10 March 2026{expected}", message.PlainText, StringComparison.Ordinal);
        Assert.Contains("update on my application", message.PlainText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CandidateStatus.Offer, "Your offer: Engineer at Acme", "delighted to offer you")]
    [InlineData(CandidateStatus.NextRound, "Next round: Engineer at Acme", "invite you to the next round")]
    [InlineData(CandidateStatus.InterviewScheduled, "Interview scheduled: technical interview with Acme, Tuesday 10 March 2026, 09:00 EDT", "When: Tuesday 10 March 2026, 09:00 (America/New_York, EDT)")]
    [InlineData(CandidateStatus.Pending, "Update on your application: Engineer at Acme", "not yet reached a decision")]
    public void Status_updates_tell_the_candidate_where_things_stand(CandidateStatus status, string subject, string phrase)
    {
        var interview = NewYork();

        var message = InterviewEmails.StatusUpdate(interview, status, Context, "Call me on Friday.");

        Assert.Equal(EmailKinds.StatusUpdate, message.Kind);
        Assert.Equal("ada@example.com", Assert.Single(message.To).Address);
        Assert.Equal(subject, message.Subject);
        Assert.Contains(phrase, message.PlainText, StringComparison.Ordinal);
        Assert.Contains("Call me on Friday.", message.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_values_are_encoded_in_html_and_only_web_links_become_links()
    {
        var interview = NewYork() with
        {
            Company = "<script>alert('x')</script> & Co",
            Role = "Engineer\r\nBcc: victim@example.com",
            Candidate = new Candidate("Eve \"<b>bold</b>\"", "eve@example.com", "America/New_York"),
            Location = "<img src=x onerror=alert(1)>",
            MeetingLink = "javascript:alert(1)",
            Interviewers = [new Interviewer("<i>Mallory</i>", "mallory@acme.example")],
        };
        var recipient = Candidate(interview);
        var messages = new[]
        {
            InterviewEmails.Reminder(interview, TimeSpan.FromHours(72), recipient, Context),
            InterviewEmails.Reminder(interview, TimeSpan.FromHours(2), Interviewer(interview, 0), Context),
            InterviewEmails.Invitation(interview, recipient, Context),
            InterviewEmails.Update(interview, recipient, Context, interview.ScheduledStart.AddDays(-2)),
            InterviewEmails.Cancellation(interview, recipient, Context, "<b>oops</b>"),
            InterviewEmails.ThankYou(interview, interview.Interviewers[0], ["<script>x</script>"], Context, "<a href=\"http://evil\">hi</a>"),
            InterviewEmails.FollowUp(interview, new EmailAddress("r@acme.example", "<u>R</u>"), Context, "<em>note</em>"),
            InterviewEmails.StatusUpdate(interview, CandidateStatus.InterviewScheduled, Context, "<marquee>yay</marquee>"),
        };

        foreach (var message in messages)
        {
            foreach (var tag in new[] { "<script", "<img", "<b>", "<i>", "<a href=\"http://evil", "<u>", "<em>", "<marquee" })
            {
                Assert.DoesNotContain(tag, message.Html, StringComparison.OrdinalIgnoreCase);
            }
            Assert.DoesNotContain("href=\"javascript", message.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<a ", message.Html, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', message.Subject);
            Assert.DoesNotContain('\r', message.Subject);
        }
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co", messages[2].Html, StringComparison.Ordinal);
        Assert.Contains("Eve &quot;&lt;b&gt;bold&lt;/b&gt;&quot;", messages[2].Html, StringComparison.Ordinal);
        Assert.Contains("<script>alert('x')</script> & Co", messages[2].PlainText, StringComparison.Ordinal);
        Assert.Contains("Meeting: javascript:alert(1)", messages[2].PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_web_meeting_link_is_a_link_in_html()
    {
        var interview = NewYork();

        var html = InterviewEmails.Invitation(interview, Candidate(interview), Context).Html;

        Assert.Contains("<a href=\"https://meet.example.com/abc-defg?pwd=1&amp;x=2\">https://meet.example.com/abc-defg?pwd=1&amp;x=2</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_public_address_the_emails_link_to_the_interview()
    {
        var interview = NewYork();
        var context = Context with { PublicBaseUrl = new Uri("https://interviews.example.com/") };

        var text = InterviewEmails.Invitation(interview, Candidate(interview), context).PlainText;
        var without = InterviewEmails.Invitation(interview, Candidate(interview), Context).PlainText;

        Assert.Contains("Details: https://interviews.example.com/api/interviews/iv-7f3a\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Details:", without, StringComparison.Ordinal);
    }

    [Fact]
    public void The_recipients_are_the_candidate_then_each_interviewer_in_their_zone()
    {
        var interview = NewYork();

        var recipients = InterviewEmails.Recipients(interview);

        Assert.Equal(
            [
                new EmailRecipient(RecipientRole.Candidate, "Ada Lovelace", "ada@example.com", "America/New_York"),
                new EmailRecipient(RecipientRole.Interviewer, "Grace Hopper", "grace@acme.example", "America/New_York"),
                new EmailRecipient(RecipientRole.Interviewer, "Alan Turing", "alan@acme.example", "Europe/London"),
            ],
            recipients);
    }

    [Fact]
    public void The_candidate_s_invitation_carries_the_whole_checklist_and_the_interviewer_s_does_not()
    {
        var interview = NewYork(InterviewType.OnSite);

        var candidate = InterviewEmails.Invitation(interview, Candidate(interview), Context).PlainText;
        var interviewer = InterviewEmails.Invitation(interview, Interviewer(interview, 0), Context).PlainText;

        Assert.Contains("How to prepare", candidate, StringComparison.Ordinal);
        Assert.Contains("Re-read the job description", candidate, StringComparison.Ordinal);
        Assert.Contains("Plan the route and travel time", candidate, StringComparison.Ordinal);
        Assert.DoesNotContain("How to prepare", interviewer, StringComparison.Ordinal);
        Assert.Contains("You are invited to interview Ada Lovelace for the Engineer role at Acme.", interviewer, StringComparison.Ordinal);
    }
}
