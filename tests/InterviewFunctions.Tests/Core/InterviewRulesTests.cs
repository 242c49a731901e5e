using InterviewFunctions.Core;
using InterviewFunctions.Core.Interviews;

namespace InterviewFunctions.Tests.Core;

public sealed class InterviewRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static Interview Scheduled(InterviewStatus status = InterviewStatus.Scheduled) => new()
    {
        Id = "i1",
        TenantId = "t1",
        Candidate = new Candidate("Ada", "ada@example.com", "Europe/London"),
        Company = "Acme",
        Role = "Engineer",
        Type = InterviewType.Technical,
        ScheduledStart = Now.AddDays(3),
        TimeZone = "Europe/Berlin",
        DurationMinutes = 60,
        Status = status,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    [Theory]
    [InlineData(InterviewStatus.Scheduled, InterviewStatus.Confirmed, true)]
    [InlineData(InterviewStatus.Confirmed, InterviewStatus.ReminderSent, true)]
    [InlineData(InterviewStatus.ReminderSent, InterviewStatus.Confirmed, true)]
    [InlineData(InterviewStatus.Rescheduled, InterviewStatus.Rescheduled, true)]
    [InlineData(InterviewStatus.InProgress, InterviewStatus.Completed, true)]
    [InlineData(InterviewStatus.InProgress, InterviewStatus.Confirmed, false)]
    [InlineData(InterviewStatus.InProgress, InterviewStatus.Rescheduled, false)]
    [InlineData(InterviewStatus.Completed, InterviewStatus.Cancelled, false)]
    [InlineData(InterviewStatus.Cancelled, InterviewStatus.Scheduled, false)]
    [InlineData(InterviewStatus.Confirmed, InterviewStatus.Scheduled, false)]
    public void The_state_machine_allows_exactly_the_documented_moves(InterviewStatus from, InterviewStatus to, bool allowed) =>
        Assert.Equal(allowed, InterviewStateMachine.CanMove(from, to));

    [Fact]
    public void No_status_leads_back_to_scheduled_and_final_statuses_lead_nowhere()
    {
        Assert.All(Enum.GetValues<InterviewStatus>(), s => Assert.False(InterviewStateMachine.CanMove(s, InterviewStatus.Scheduled)));
        Assert.Empty(InterviewStateMachine.AllowedFrom(InterviewStatus.Completed));
        Assert.Empty(InterviewStateMachine.AllowedFrom(InterviewStatus.Cancelled));
    }

    [Fact]
    public void Rescheduling_bumps_the_version_and_the_same_schedule_is_no_change()
    {
        var interview = Scheduled();

        var moved = Assert.IsType<InterviewChange.Applied>(InterviewRules.Reschedule(interview, new RescheduleRequest("2026-11-30T10:00:00+01:00", null, null, null), Now)).Interview;
        var same = InterviewRules.Reschedule(moved, new RescheduleRequest("2026-11-30T09:00:00Z", null, null, null), Now);

        Assert.Equal(2, moved.ScheduleVersion);
        Assert.Equal(InterviewStatus.Rescheduled, moved.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero), moved.ScheduledStart);
        Assert.IsType<InterviewChange.Unchanged>(same);
    }

    [Fact]
    public void Instants_keep_whole_seconds_only()
    {
        var v = new Validation();

        var instant = v.Instant("at", "2026-12-01T10:00:00.987+01:00");

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), instant);
    }

    [Fact]
    public void Completing_records_pending_when_no_outcome_is_given_and_keeps_an_outcome_already_there()
    {
        var started = Scheduled(InterviewStatus.InProgress) with { ScheduledStart = Now.AddMinutes(-10) };

        var completed = Assert.IsType<InterviewChange.Applied>(InterviewRules.ChangeStatus(started, new StatusChangeRequest("completed", null, null, null), Now)).Interview;
        var decided = Assert.IsType<InterviewChange.Applied>(InterviewRules.ChangeStatus(completed, new StatusChangeRequest("completed", "rejected", "Needs depth", null), Now)).Interview;
        var feedbackOnly = Assert.IsType<InterviewChange.Applied>(InterviewRules.ChangeStatus(decided, new StatusChangeRequest("completed", null, "More notes", null), Now)).Interview;

        Assert.Equal(InterviewOutcome.Pending, completed.Outcome);
        Assert.Equal(InterviewOutcome.Rejected, decided.Outcome);
        Assert.Equal(InterviewOutcome.Rejected, feedbackOnly.Outcome);
        Assert.Equal("More notes", feedbackOnly.Feedback);
    }

    [Theory]
    [InlineData("ada@example.com", true)]
    [InlineData("ada.lovelace+jobs@mail.example.co.uk", true)]
    [InlineData("ada@example", false)]
    [InlineData("@example.com", false)]
    [InlineData("ada@@example.com", false)]
    [InlineData("ada @example.com", false)]
    [InlineData("Ada Lovelace <ada@example.com>", false)]
    public void Email_addresses_are_checked(string text, bool valid) => Assert.Equal(valid, Validation.IsEmail(text));

    [Fact]
    public void The_success_rate_counts_only_decided_outcomes()
    {
        InterviewStatsRow Row(InterviewOutcome? outcome, InterviewStatus status = InterviewStatus.Completed) =>
            new(InterviewType.Technical, status, "Acme", outcome, Now.AddDays(1));

        var none = InterviewStatistics.Compute([Row(InterviewOutcome.Pending), Row(null, InterviewStatus.Scheduled)], Now);
        var some = InterviewStatistics.Compute([Row(InterviewOutcome.Offer), Row(InterviewOutcome.Advanced), Row(InterviewOutcome.Rejected), Row(InterviewOutcome.Pending)], Now);

        Assert.Null(none.SuccessRate);
        Assert.Equal(1, none.UpcomingNext7Days);
        Assert.Equal(0.6667, some.SuccessRate);
        Assert.Equal(3, some.Decided);
    }
}
