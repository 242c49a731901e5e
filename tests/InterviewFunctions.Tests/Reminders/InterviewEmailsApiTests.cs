using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Reminders;

public sealed class InterviewEmailsApiTests
{
    private static readonly DateTimeOffset Start = FakeClock.DefaultStart.AddDays(3);

    private static async Task<(TestApp App, HttpClient Admin, string Id)> ScheduledAsync()
    {
        var app = new TestApp();
        var admin = app.ClientFor(TestApp.AcmeAdmin);
        var id = (string)(await admin.CreateAsync(ApiCalls.NewInterviewBody(scheduledStart: "2026-11-24T09:00:00Z")))["id"]!;
        return (app, admin, id);
    }

    [Fact]
    public async Task A_thank_you_is_rendered_for_review_with_the_talking_points_and_sent_once_when_asked_twice()
    {
        var (app, admin, id) = await ScheduledAsync();
        using var _ = app;
        var candidate = app.ClientFor(TestApp.AcmeCandidate);
        var request = new { talkingPoints = new[] { "the caching design we sketched", "<b>team rituals</b>" }, note = "Thanks again." };

        using var preview = await candidate.PostAsJsonAsync($"/api/interviews/{id}/emails/thank_you", request);
        await preview.ExpectAsync(HttpStatusCode.OK);
        var rendered = await preview.JsonAsync();
        var email = rendered["emails"]![0]!;
        Assert.False((bool)rendered["sent"]!);
        Assert.Equal(TestApp.BobEmail, (string)email["to"]![0]!["address"]!);
        Assert.Contains("the caching design we sketched", (string)email["plainText"]!, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;team rituals&lt;/b&gt;", (string)email["html"]!, StringComparison.Ordinal);
        Assert.Null(email["delivery"]);
        Assert.Empty(await admin.OutboxAsync(id, "thank_you"));

        var send = new { talkingPoints = request.talkingPoints, note = request.note, send = true };
        using var first = await candidate.PostAsJsonAsync($"/api/interviews/{id}/emails/thank_you", send);
        using var second = await candidate.PostAsJsonAsync($"/api/interviews/{id}/emails/thank_you", send);
        await first.ExpectAsync(HttpStatusCode.OK);
        Assert.False((bool)(await first.JsonAsync())["emails"]![0]!["delivery"]!["duplicate"]!);
        Assert.True((bool)(await second.JsonAsync())["emails"]![0]!["delivery"]!["duplicate"]!);
        Assert.Single(await admin.OutboxAsync(id, "thank_you"));
    }

    [Fact]
    public async Task A_status_update_needs_a_known_status_and_only_the_hiring_team_sends_it()
    {
        var (app, admin, id) = await ScheduledAsync();
        using var _ = app;

        using var missing = await admin.PostAsJsonAsync($"/api/interviews/{id}/emails/status_update", new { });
        Assert.Contains("offer", await missing.FieldErrorAsync("status"), StringComparison.Ordinal);
        using var unknown = await admin.PostAsJsonAsync($"/api/interviews/{id}/emails/status_update", new { status = "hired" });
        await unknown.FieldErrorAsync("status");
        using var byCandidate = await app.ClientFor(TestApp.AcmeCandidate).PostAsJsonAsync($"/api/interviews/{id}/emails/status_update", new { status = "offer" });
        await byCandidate.ProblemAsync(HttpStatusCode.Forbidden);
        using var byInterviewer = await app.ClientFor(TestApp.AcmeInterviewer).PostAsJsonAsync($"/api/interviews/{id}/emails/thank_you", new { });
        await byInterviewer.ProblemAsync(HttpStatusCode.Forbidden);

        using var offer = await admin.PostAsJsonAsync($"/api/interviews/{id}/emails/status_update", new { status = "offer", send = true });
        await offer.ExpectAsync(HttpStatusCode.OK);
        var sent = Assert.Single(await admin.OutboxAsync(id, "status_update"));
        Assert.Equal(TestApp.AdaEmail, (string)sent["to"]![0]!);
    }

    [Fact]
    public async Task Bad_requests_are_refused_by_field_and_change_nothing()
    {
        var (app, admin, id) = await ScheduledAsync();
        using var _ = app;

        using var kind = await admin.PostAsJsonAsync($"/api/interviews/{id}/emails/newsletter", new { });
        await kind.FieldErrorAsync("kind");
        using var unknownField = await admin.PostAsJsonAsync($"/api/interviews/{id}/emails/reminder", new { offest = "PT2H" });
        await unknownField.ProblemAsync(HttpStatusCode.BadRequest);
        using var offset = await admin.PostAsJsonAsync($"/api/interviews/{id}/emails/reminder", new { offset = "soon" });
        await offset.FieldErrorAsync("offset");
        using var stranger = await admin.PostAsJsonAsync($"/api/interviews/{id}/emails/invitation", new { recipient = "nobody@example.com", send = true });
        await stranger.FieldErrorAsync("recipient");
        using var points = await admin.PostAsJsonAsync($"/api/interviews/{id}/emails/thank_you", new { talkingPoints = Enumerable.Repeat("x", 11) });
        await points.FieldErrorAsync("talkingPoints");
        using var otherTenant = await app.ClientFor(TestApp.GlobexAdmin).PostAsJsonAsync($"/api/interviews/{id}/emails/invitation", new { });
        await otherTenant.ProblemAsync(HttpStatusCode.NotFound);

        Assert.Empty(await admin.OutboxAsync(id, "reminder"));
        Assert.Empty(await admin.OutboxAsync(id, "thank_you"));
    }

    [Fact]
    public async Task A_reminder_preview_carries_the_prep_pack_for_the_offset_asked()
    {
        var (app, admin, id) = await ScheduledAsync();
        using var _ = app;

        using var early = await admin.PostAsJsonAsync($"/api/interviews/{id}/emails/reminder", new { offset = "PT72H", recipient = TestApp.AdaEmail });
        using var late = await admin.PostAsJsonAsync($"/api/interviews/{id}/emails/reminder", new { offset = "PT2H", recipient = TestApp.AdaEmail });
        var earlyText = (string)(await early.JsonAsync())["emails"]![0]!["plainText"]!;
        var lateText = (string)(await late.JsonAsync())["emails"]![0]!["plainText"]!;

        Assert.NotEqual(earlyText, lateText);
        Assert.Contains("research", earlyText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("research", lateText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_calendar_file_is_the_interviews_event_and_follows_its_schedule_version()
    {
        var (app, admin, id) = await ScheduledAsync();
        using var _ = app;

        using var first = await app.ClientFor(TestApp.AcmeCandidate).GetAsync($"/api/interviews/{id}/calendar.ics");
        await first.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("text/calendar", first.Content.Headers.ContentType?.MediaType);
        var ics = await first.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.Contains($"UID:{id}@interview-functions\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:1\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART;TZID=Europe/Berlin:20261124T100000\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin", ics, StringComparison.Ordinal);

        using (var moved = await admin.PostAsJsonAsync($"/api/interviews/{id}/reschedule", new { scheduledStart = "2026-11-25T13:00:00Z" }))
        {
            await moved.ExpectAsync(HttpStatusCode.OK);
        }
        var after = await admin.GetStringAsync($"/api/interviews/{id}/calendar.ics");
        Assert.Contains("SEQUENCE:2\r\n", after, StringComparison.Ordinal);
        Assert.Contains("DTSTART;TZID=Europe/Berlin:20261125T140000\r\n", after, StringComparison.Ordinal);

        using var hidden = await app.ClientFor(TestApp.AcmeOtherInterviewer).GetAsync($"/api/interviews/{id}/calendar.ics");
        await hidden.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invitations_carry_the_calendar_request_and_a_cancellation_the_calendar_cancel()
    {
        var (app, admin, id) = await ScheduledAsync();
        using var _ = app;
        await admin.OutboxUntilAsync(id, "invitation", 2);
        using (var cancelled = await admin.PostAsJsonAsync($"/api/interviews/{id}/cancel", new { reason = "Position filled" }))
        {
            await cancelled.ExpectAsync(HttpStatusCode.OK);
        }
        var cancellations = await admin.OutboxUntilAsync(id, "cancellation", 2);

        var invitationEml = await admin.GetStringAsync($"/api/outbox/{(await admin.OutboxAsync(id, "invitation"))[0]["id"]}");
        var cancellationEml = await admin.GetStringAsync($"/api/outbox/{cancellations[0]["id"]}");
        Assert.Contains("method=REQUEST", invitationEml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("invite.ics", invitationEml, StringComparison.Ordinal);
        Assert.Contains("method=CANCEL", cancellationEml, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_completed_interview_left_without_a_decision_for_seven_days_gets_the_follow_up_once()
    {
        var (app, admin, id) = await ScheduledAsync();
        using var _ = app;
        app.Clock.Set(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        using (var done = await admin.PostAsJsonAsync($"/api/interviews/{id}/status", new { status = "completed" }))
        {
            await done.ExpectAsync(HttpStatusCode.OK);
        }

        app.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        await Task.Delay(150);
        Assert.Empty(await admin.OutboxAsync(id, "follow_up"));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var followUps = await admin.OutboxUntilAsync(id, "follow_up", 1);

        Assert.Equal(TestApp.BobEmail, (string)Assert.Single(followUps)["to"]![0]!);
        // The email is in the outbox a moment before the send function records the item as sent.
        await ReminderTestKit.UntilAsync(() => admin.PlanAsync(id), p => (string)p.Item("v1-follow-up")["state"]! == "sent", "the follow-up to be recorded as sent");
        await Task.Delay(150);
        Assert.Single(await admin.OutboxAsync(id, "follow_up"));
    }

    [Fact]
    public async Task A_decision_before_the_seven_days_cancels_the_follow_up()
    {
        var (app, admin, id) = await ScheduledAsync();
        using var _ = app;
        app.Clock.Set(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        using (var done = await admin.PostAsJsonAsync($"/api/interviews/{id}/status", new { status = "completed" }))
        {
            await done.ExpectAsync(HttpStatusCode.OK);
        }
        using (var decided = await admin.PostAsJsonAsync($"/api/interviews/{id}/status", new { status = "completed", outcome = "advanced" }))
        {
            await decided.ExpectAsync(HttpStatusCode.OK);
        }

        app.Clock.Advance(TimeSpan.FromDays(8));
        await Task.Delay(200);
        Assert.Empty(await admin.OutboxAsync(id, "follow_up"));
        Assert.Equal("cancelled", (string)(await admin.PlanAsync(id)).Item("v1-follow-up")["state"]!);
    }
}
