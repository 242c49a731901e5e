using InterviewFunctions.Core;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Reminders;

namespace InterviewFunctions.Tests.Core;

public sealed class ReminderPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    private static readonly ReminderPlanner Planner = new(new ReminderPolicy());

    private static Interview NewInterview(InterviewType type = InterviewType.Technical, TimeSpan? startsIn = null) => new()
    {
        Id = "i1",
        TenantId = "t1",
        Candidate = new Candidate("Ada", "ada@example.com", "Europe/London"),
        Company = "Acme",
        Role = "Engineer",
        Type = type,
        ScheduledStart = Now + (startsIn ?? TimeSpan.FromDays(5)),
        TimeZone = "Europe/Berlin",
        DurationMinutes = 60,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private static IEnumerable<PlannedEmail> Reminders(Interview interview, PlannedEmailState? state = null) =>
        interview.Reminders!.Items.Where(i => i.Kind == PlannedEmailKind.Reminder && (state is null || i.State == state));

    [Theory]
    [InlineData(InterviewType.PhoneScreen, new[] { 24, 2 })]
    [InlineData(InterviewType.VideoInterview, new[] { 24, 2 })]
    [InlineData(InterviewType.Technical, new[] { 48, 24, 2 })]
    [InlineData(InterviewType.Behavioral, new[] { 48, 24, 2 })]
    [InlineData(InterviewType.OnSite, new[] { 72, 24, 2 })]
    [InlineData(InterviewType.Panel, new[] { 72, 24, 2 })]
    [InlineData(InterviewType.FinalRound, new[] { 72, 24, 2 })]
    [InlineData(InterviewType.Debrief, new[] { 24, 2 })]
    public void A_new_interview_is_planned_from_its_types_offsets_with_an_invitation_now(InterviewType type, int[] hours)
    {
        var planned = Planner.Replan(null, NewInterview(type), Now);

        var reminders = Reminders(planned).ToList();
        Assert.Equal(hours.Select(h => TimeSpan.FromHours(h)), reminders.Select(r => r.Offset!.Value));
        Assert.All(reminders, r => Assert.Equal(planned.ScheduledStart - r.Offset!.Value, r.DueAt));
        Assert.All(reminders, r => Assert.Equal(PlannedEmailState.Pending, r.State));
        var invitation = Assert.Single(planned.Reminders!.Items, i => i.Kind == PlannedEmailKind.Invitation);
        Assert.Equal(Now, invitation.DueAt);
        Assert.Equal(Now, planned.NextDispatchAt);
        Assert.Equal(OffsetSource.TypeDefault, planned.Reminders.OffsetSource);
    }

    [Fact]
    public void Offsets_already_past_are_skipped_with_a_reason()
    {
        var planned = Planner.Replan(null, NewInterview(startsIn: TimeSpan.FromHours(30)), Now);

        var skipped = Assert.Single(Reminders(planned, PlannedEmailState.Skipped));
        Assert.Equal(TimeSpan.FromHours(48), skipped.Offset);
        Assert.Contains("passed", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(2, Reminders(planned, PlannedEmailState.Pending).Count());
    }

    [Fact]
    public void The_interviews_own_offsets_win_over_the_tenants_which_win_over_the_types()
    {
        var tenantTable = new Dictionary<string, IReadOnlyDictionary<InterviewType, IReadOnlyList<TimeSpan>>>
        {
            ["t1"] = new Dictionary<InterviewType, IReadOnlyList<TimeSpan>> { [InterviewType.Technical] = [TimeSpan.FromHours(6)] },
        };
        var planner = new ReminderPlanner(new ReminderPolicy(tenantTable));

        var byTenant = planner.Replan(null, NewInterview(), Now);
        var byInterview = planner.Replan(null, NewInterview() with { ReminderOffsets = [TimeSpan.FromMinutes(30)] }, Now);
        var otherType = planner.Replan(null, NewInterview(InterviewType.Panel), Now);

        Assert.Equal([TimeSpan.FromHours(6)], Reminders(byTenant).Select(r => r.Offset!.Value));
        Assert.Equal(OffsetSource.Tenant, byTenant.Reminders!.OffsetSource);
        Assert.Equal([TimeSpan.FromMinutes(30)], Reminders(byInterview).Select(r => r.Offset!.Value));
        Assert.Equal(OffsetSource.Interview, byInterview.Reminders!.OffsetSource);
        Assert.Equal(3, Reminders(otherType).Count());
    }

    [Fact]
    public void A_reschedule_cancels_the_old_versions_reminders_and_plans_the_new_ones_with_an_update()
    {
        var v1 = Planner.Replan(null, NewInterview(), Now);
        var later = Now.AddHours(1);
        var v2 = Planner.Replan(v1, v1 with { ScheduleVersion = 2, ScheduledStart = v1.ScheduledStart.AddDays(1), Status = InterviewStatus.Rescheduled }, later);

        Assert.All(Reminders(v2).Where(r => r.ScheduleVersion == 1), r =>
        {
            Assert.Equal(PlannedEmailState.Cancelled, r.State);
            Assert.Contains("rescheduled", r.Reason, StringComparison.Ordinal);
        });
        var fresh = Reminders(v2).Where(r => r.ScheduleVersion == 2).ToList();
        Assert.Equal(3, fresh.Count);
        Assert.All(fresh, r => Assert.Equal(v2.ScheduledStart - r.Offset!.Value, r.DueAt));
        Assert.Equal("v2-update", Assert.Single(v2.Reminders!.Items, i => i.Kind == PlannedEmailKind.Update).Id);
        // The invitation of version 1 had not gone out yet: the update replaces it.
        Assert.Equal(PlannedEmailState.Cancelled, Assert.Single(v2.Reminders.Items, i => i.Kind == PlannedEmailKind.Invitation).State);
        Assert.Equal(later, v2.NextDispatchAt);
    }

    [Fact]
    public void Cancelling_voids_the_reminders_and_plans_the_cancellation_now()
    {
        var v1 = Planner.Replan(null, NewInterview(), Now);
        var cancelled = Planner.Replan(v1, v1 with { Status = InterviewStatus.Cancelled }, Now.AddHours(2));

        Assert.All(Reminders(cancelled), r => Assert.Equal(PlannedEmailState.Cancelled, r.State));
        var notice = Assert.Single(cancelled.Reminders!.Items, i => i.Kind == PlannedEmailKind.Cancellation);
        Assert.Equal(Now.AddHours(2), notice.DueAt);
        Assert.Equal(Now.AddHours(2), cancelled.NextDispatchAt);
    }

    [Fact]
    public void Completing_plans_a_follow_up_which_a_later_decision_cancels()
    {
        var v1 = Planner.Replan(null, NewInterview(startsIn: TimeSpan.FromHours(1)), Now);
        var done = Now.AddHours(2);
        var completed = Planner.Replan(v1, v1 with { Status = InterviewStatus.Completed }, done);
        var followUp = Assert.Single(completed.Reminders!.Items, i => i.Kind == PlannedEmailKind.FollowUp);
        Assert.Equal(done + TimeSpan.FromDays(7), followUp.DueAt);

        var decided = Planner.Replan(completed, completed with { Outcome = InterviewOutcome.Offer }, done.AddDays(2));
        Assert.Equal(PlannedEmailState.Cancelled, Assert.Single(decided.Reminders!.Items, i => i.Kind == PlannedEmailKind.FollowUp).State);
    }

    [Fact]
    public void Changing_offsets_keeps_what_stays_and_plans_what_is_new()
    {
        var v1 = Planner.Replan(null, NewInterview(), Now);
        var changed = Planner.Replan(v1, v1 with { ReminderOffsets = [TimeSpan.FromHours(24), TimeSpan.FromHours(1)] }, Now.AddMinutes(5));

        var open = Reminders(changed, PlannedEmailState.Pending).Select(r => r.Offset!.Value).Order().ToList();
        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromHours(24)], open);
        Assert.Equal(2, Reminders(changed, PlannedEmailState.Cancelled).Count());
        // The 24 h reminder is the same item as before: it keeps its id, so its idempotency key is unchanged.
        Assert.Equal(v1.Reminders!.Items.Single(i => i.Offset == TimeSpan.FromHours(24)).History, Reminders(changed).Single(r => r.Offset == TimeSpan.FromHours(24)).History);
    }

    [Fact]
    public void Queued_items_come_due_again_if_never_confirmed_and_are_given_up_after_the_last_attempt()
    {
        var planner = new ReminderPlanner(new ReminderPolicy(redeliverAfter: TimeSpan.FromMinutes(10), maxAttempts: 2));
        var plan = planner.Replan(null, NewInterview(), Now);
        var invitation = plan.Reminders!.Items.Single(i => i.Kind == PlannedEmailKind.Invitation).Id;

        var queued = planner.MarkEnqueued(plan, invitation, Now);
        Assert.Equal(Now.AddMinutes(10), queued.NextDispatchAt);
        Assert.Empty(planner.DueItems(queued, Now.AddMinutes(9)));
        Assert.Single(planner.DueItems(queued, Now.AddMinutes(10)));

        var again = planner.MarkEnqueued(queued, invitation, Now.AddMinutes(10));
        var givenUp = planner.MarkEnqueued(again, invitation, Now.AddMinutes(20));
        var item = ReminderPlanner.Find(givenUp, invitation)!;
        Assert.Equal(PlannedEmailState.Failed, item.State);
        Assert.Equal(2, item.Attempts);
        Assert.Contains("2 attempts", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Marking_a_reminder_sent_records_the_deliveries_and_moves_a_scheduled_interview_to_reminder_sent()
    {
        var plan = Planner.Replan(null, NewInterview(), Now);
        var reminder = Reminders(plan).First().Id;
        var deliveries = new[] { new EmailDelivery("ada@example.com", "outbox", "m1", Now) };

        var sent = Planner.MarkSent(Planner.MarkEnqueued(plan, reminder, Now), reminder, deliveries, Now);

        var item = ReminderPlanner.Find(sent, reminder)!;
        Assert.Equal(PlannedEmailState.Sent, item.State);
        Assert.Equal(deliveries, item.Deliveries);
        Assert.Equal([PlannedEmailState.Pending, PlannedEmailState.Sending, PlannedEmailState.Sent], item.History.Select(h => h.State));
        Assert.Equal(InterviewStatus.ReminderSent, sent.Status);
        var confirmed = Planner.MarkSent(plan with { Status = InterviewStatus.Confirmed }, reminder, deliveries, Now);
        Assert.Equal(InterviewStatus.Confirmed, confirmed.Status);
    }

    [Fact]
    public void A_second_delivery_recording_the_same_send_leaves_the_first_record()
    {
        var plan = Planner.Replan(null, NewInterview(), Now);
        var reminder = Reminders(plan).First().Id;
        var first = Planner.MarkSent(Planner.MarkEnqueued(plan, reminder, Now), reminder, [new EmailDelivery("ada@example.com", "outbox", "m1", Now)], Now);

        var second = Planner.MarkSent(first, reminder, [new EmailDelivery("ada@example.com", "outbox", "m1", Now.AddMinutes(11))], Now.AddMinutes(11));

        var item = ReminderPlanner.Find(second, reminder)!;
        Assert.Equal(Now, item.SentAt);
        Assert.Equal([PlannedEmailState.Pending, PlannedEmailState.Sending, PlannedEmailState.Sent], item.History.Select(h => h.State));
        Assert.Equal(first.Revision, second.Revision);
    }

    [Theory]
    [InlineData("PT48H", true)]
    [InlineData("P3D", true)]
    [InlineData("PT90M", true)]
    [InlineData("PT1M", false)]
    [InlineData("P31D", false)]
    [InlineData("P1M", false)]
    [InlineData("48h", false)]
    [InlineData("", false)]
    public void Offsets_are_exact_iso_durations_between_five_minutes_and_thirty_days(string text, bool valid)
    {
        var v = new Validation();
        var offsets = ReminderPolicy.ReadOffsets(v, "reminderOffsets", [text]);
        Assert.Equal(valid, v.IsValid);
        Assert.Equal(valid, offsets is not null);
    }
}
