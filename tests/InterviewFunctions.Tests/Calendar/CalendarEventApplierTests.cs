using System.Net;
using System.Text.Json.Nodes;
using InterviewFunctions.App.Calendar;
using InterviewFunctions.Core.Calendar.Sync;
using InterviewFunctions.Tests.Reminders;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static InterviewFunctions.Tests.Calendar.CalendarTestKit;

namespace InterviewFunctions.Tests.Calendar;

/// <summary>
/// From calendar event to interview, through the real app: the applier drives the interview API's own operations, so
/// the interview, its reminder plan and its emails are read back through the API.
/// </summary>
public sealed class CalendarEventApplierTests : IAsyncLifetime, IDisposable
{
    private readonly TestApp _app = new();
    private CalendarConnection _connection = null!;
    private HttpClient _admin = null!;

    private CalendarEventApplier Applier => _app.Services.GetRequiredService<CalendarEventApplier>();

    public async Task InitializeAsync()
    {
        _admin = _app.ClientFor(TestApp.AcmeAdmin);
        _connection = await _app.Services.GetRequiredService<ICalendarStore>().CreateConnectionAsync(Connection(), default);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _admin.Dispose();
        _app.Dispose();
    }

    private Task<CalendarApplyResult> ApplyAsync(CalendarEvent calendarEvent) => Applier.ApplyAsync(_connection, calendarEvent, default);

    private async Task<JsonObject> InterviewAsync(string id)
    {
        using var response = await _admin.GetAsync($"/api/interviews/{id}");
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    private async Task<string?> ETagAsync(string id)
    {
        using var response = await _admin.GetAsync($"/api/interviews/{id}");
        return response.Headers.ETag?.Tag;
    }

    private async Task<JsonArray> AllInterviewsAsync() => await _admin.ListItemsAsync("/api/interviews?pageSize=200");

    [Fact]
    public async Task A_new_booking_creates_an_interview_in_the_event_zone_with_the_mapped_type_and_a_reminder_plan()
    {
        var result = await ApplyAsync(Booking("booking-1", FirstSlot));

        Assert.Equal(CalendarApplyOutcome.Created, result.Outcome);
        var interview = await InterviewAsync(result.InterviewId!);
        Assert.Equal("technical", (string)interview["type"]!);
        Assert.Equal(TestApp.AdaEmail, (string)interview["candidate"]!["email"]!);
        Assert.Equal("Europe/London", (string)interview["candidate"]!["timeZone"]!);
        Assert.Equal("Europe/Berlin", (string)interview["timeZone"]!);
        Assert.Equal(FirstSlot, DateTimeOffset.Parse((string)interview["scheduledStart"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(60, (int)interview["durationMinutes"]!);
        Assert.Equal(TestApp.BobEmail, (string)interview["interviewers"]![0]!["email"]!);
        Assert.Equal("https://meet.example.com/ada-bob", (string)interview["meetingLink"]!);
        var plan = await _admin.PlanAsync(result.InterviewId!);
        Assert.Equal(1, (int)plan["scheduleVersion"]!);
        Assert.Contains(plan["items"]!.AsArray(), i => (string)i!["kind"]! == "reminder");
        // The interview lives in the connection's tenant only.
        using var globex = _app.ClientFor(TestApp.GlobexAdmin);
        using var other = await globex.GetAsync($"/api/interviews/{result.InterviewId}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task A_repeated_delivery_does_nothing()
    {
        var first = await ApplyAsync(Booking("booking-1", FirstSlot));
        var etag = await ETagAsync(first.InterviewId!);
        var again = await ApplyAsync(Booking("booking-1", FirstSlot));
        var concurrently = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ApplyAsync(Booking("booking-1", FirstSlot))));

        Assert.Equal(CalendarApplyOutcome.Duplicate, again.Outcome);
        Assert.All(concurrently, r => Assert.Equal(CalendarApplyOutcome.Duplicate, r.Outcome));
        Assert.Single(await AllInterviewsAsync());
        Assert.Equal(etag, await ETagAsync(first.InterviewId!));
    }

    [Fact]
    public async Task Concurrent_first_deliveries_create_one_interview()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ApplyAsync(Booking("booking-race", FirstSlot))));

        Assert.Single(results, r => r.Outcome == CalendarApplyOutcome.Created);
        Assert.Single(results.Select(r => r.InterviewId).Distinct());
        Assert.Single(await AllInterviewsAsync());
    }

    [Fact]
    public async Task A_newer_change_moves_the_interview_and_an_older_one_arriving_later_is_ignored()
    {
        var created = await ApplyAsync(Booking("booking-1", FirstSlot, sequence: 0));
        var moved = await ApplyAsync(Booking("booking-1", SecondSlot, sequence: 2, updatedAt: FakeClock.DefaultStart.AddMinutes(5)));
        var late = await ApplyAsync(Booking("booking-1", FirstSlot.AddHours(3), sequence: 1, updatedAt: FakeClock.DefaultStart.AddMinutes(2)));

        Assert.Equal(CalendarApplyOutcome.Rescheduled, moved.Outcome);
        Assert.Equal(CalendarApplyOutcome.Stale, late.Outcome);
        var interview = await InterviewAsync(created.InterviewId!);
        Assert.Equal(SecondSlot, DateTimeOffset.Parse((string)interview["scheduledStart"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, (int)interview["scheduleVersion"]!);
        Assert.Equal(2, (int)(await _admin.PlanAsync(created.InterviewId!))["scheduleVersion"]!);
    }

    [Fact]
    public async Task The_same_sequence_with_a_later_update_time_is_a_newer_change()
    {
        var created = await ApplyAsync(Booking("gcal-1", FirstSlot, sequence: 3, updatedAt: FakeClock.DefaultStart));
        var moved = await ApplyAsync(Booking("gcal-1", SecondSlot, sequence: 3, updatedAt: FakeClock.DefaultStart.AddSeconds(1)));

        Assert.Equal(CalendarApplyOutcome.Created, created.Outcome);
        Assert.Equal(CalendarApplyOutcome.Rescheduled, moved.Outcome);
    }

    [Fact]
    public async Task A_cancellation_is_held_for_the_window_then_cancels_through_the_queue()
    {
        var created = await ApplyAsync(Booking("booking-1", FirstSlot));
        var cancel = await ApplyAsync(Booking("booking-1", FirstSlot, updatedAt: FakeClock.DefaultStart.AddMinutes(1), cancelled: true));

        Assert.Equal(CalendarApplyOutcome.CancelHeld, cancel.Outcome);
        Assert.Equal("scheduled", (string)(await InterviewAsync(created.InterviewId!))["status"]!);

        _app.Clock.Advance(TimeSpan.FromMinutes(10));

        await ReminderTestKit.UntilAsync(async () => (string)(await InterviewAsync(created.InterviewId!))["status"]!, s => s == "cancelled", "the held cancellation to apply");
        var plan = await _admin.PlanAsync(created.InterviewId!);
        Assert.DoesNotContain(plan["items"]!.AsArray(), i => (string)i!["kind"]! == "reminder" && (string)i["state"]! is "pending" or "queued");
    }

    [Fact]
    public async Task A_cancellation_then_a_new_booking_within_the_window_is_one_reschedule_with_replanned_reminders()
    {
        var created = await ApplyAsync(Booking("booking-1", FirstSlot));
        var before = await _admin.PlanAsync(created.InterviewId!);

        var cancel = await ApplyAsync(Booking("booking-1", FirstSlot, updatedAt: FakeClock.DefaultStart.AddMinutes(1), cancelled: true));
        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        var rebooked = await ApplyAsync(Booking("booking-2", SecondSlot, updatedAt: FakeClock.DefaultStart.AddMinutes(4)));

        Assert.Equal(CalendarApplyOutcome.CancelHeld, cancel.Outcome);
        Assert.Equal(CalendarApplyOutcome.Rescheduled, rebooked.Outcome);
        Assert.Equal(created.InterviewId, rebooked.InterviewId);
        Assert.Single(await AllInterviewsAsync());

        // The held cancellation's message surfaces after the window and must find nothing to cancel.
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await ReminderTestKit.UntilAsync(() => DeliveriesAsync("cancel-confirmed"), d => d.Count == 1, "the held cancellation's message to be handled");
        var interview = await InterviewAsync(created.InterviewId!);
        Assert.Equal("rescheduled", (string)interview["status"]!);
        Assert.Equal(SecondSlot, DateTimeOffset.Parse((string)interview["scheduledStart"]!, System.Globalization.CultureInfo.InvariantCulture));
        var after = await _admin.PlanAsync(created.InterviewId!);
        Assert.Equal(1, (int)before["scheduleVersion"]!);
        Assert.Equal(2, (int)after["scheduleVersion"]!);
        Assert.Contains(after["items"]!.AsArray(), i => (string)i!["kind"]! == "reminder" && (int)i["scheduleVersion"]! == 2
            && DateTimeOffset.Parse((string)i["dueAt"]!, System.Globalization.CultureInfo.InvariantCulture) < SecondSlot
            && DateTimeOffset.Parse((string)i["dueAt"]!, System.Globalization.CultureInfo.InvariantCulture) > FirstSlot);
    }

    [Fact]
    public async Task A_new_booking_then_the_cancellation_within_the_window_is_one_reschedule()
    {
        var created = await ApplyAsync(Booking("booking-1", FirstSlot));
        _app.Clock.Advance(TimeSpan.FromMinutes(30));
        var rebooked = await ApplyAsync(Booking("booking-2", SecondSlot, updatedAt: FakeClock.DefaultStart.AddMinutes(30)));
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        var cancel = await ApplyAsync(Booking("booking-1", FirstSlot, updatedAt: FakeClock.DefaultStart.AddMinutes(31), cancelled: true));
        var cancelAgain = await ApplyAsync(Booking("booking-1", FirstSlot, updatedAt: FakeClock.DefaultStart.AddMinutes(31), cancelled: true));

        Assert.Equal(CalendarApplyOutcome.Created, rebooked.Outcome);
        Assert.NotEqual(created.InterviewId, rebooked.InterviewId);
        Assert.Equal(CalendarApplyOutcome.Rescheduled, cancel.Outcome);
        Assert.Equal(CalendarApplyOutcome.Duplicate, cancelAgain.Outcome);
        var all = await AllInterviewsAsync();
        Assert.Equal([created.InterviewId], all.Select(i => (string)i!["id"]!));
        Assert.Equal(SecondSlot, DateTimeOffset.Parse((string)all[0]!["scheduledStart"]!, System.Globalization.CultureInfo.InvariantCulture));
        // The new booking's later changes now drive the surviving interview.
        var moved = await ApplyAsync(Booking("booking-2", SecondSlot.AddHours(2), sequence: 1, updatedAt: FakeClock.DefaultStart.AddMinutes(40)));
        Assert.Equal(created.InterviewId, moved.InterviewId);
        Assert.Equal(CalendarApplyOutcome.Rescheduled, moved.Outcome);
    }

    [Fact]
    public async Task A_booking_that_names_the_one_it_replaces_takes_over_its_interview_at_once()
    {
        var created = await ApplyAsync(Booking("booking-1", FirstSlot));
        var rebooked = await ApplyAsync(Booking("booking-2", SecondSlot, updatedAt: FakeClock.DefaultStart.AddMinutes(1), rescheduledFrom: "booking-1"));
        var oldCancel = await ApplyAsync(Booking("booking-1", FirstSlot, updatedAt: FakeClock.DefaultStart.AddMinutes(1), cancelled: true));

        Assert.Equal(CalendarApplyOutcome.Rescheduled, rebooked.Outcome);
        Assert.Equal(created.InterviewId, rebooked.InterviewId);
        Assert.Equal(CalendarApplyOutcome.Unchanged, oldCancel.Outcome);
        Assert.Single(await AllInterviewsAsync());
        Assert.Equal("rescheduled", (string)(await InterviewAsync(created.InterviewId!))["status"]!);
    }

    [Fact]
    public async Task A_cancellation_outside_the_window_is_not_paired_with_a_later_booking()
    {
        var created = await ApplyAsync(Booking("booking-1", FirstSlot));
        await ApplyAsync(Booking("booking-1", FirstSlot, updatedAt: FakeClock.DefaultStart.AddMinutes(1), cancelled: true));
        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        await ReminderTestKit.UntilAsync(async () => (string)(await InterviewAsync(created.InterviewId!))["status"]!, s => s == "cancelled", "the held cancellation to apply");

        var later = await ApplyAsync(Booking("booking-2", SecondSlot, updatedAt: FakeClock.DefaultStart.AddMinutes(12)));

        Assert.Equal(CalendarApplyOutcome.Created, later.Outcome);
        Assert.NotEqual(created.InterviewId, later.InterviewId);
    }

    [Fact]
    public async Task A_cancellation_that_overtakes_its_booking_leaves_nothing_behind()
    {
        var cancel = await ApplyAsync(Booking("booking-9", FirstSlot, updatedAt: FakeClock.DefaultStart.AddMinutes(1), cancelled: true));
        var late = await ApplyAsync(Booking("booking-9", FirstSlot));

        Assert.Equal(CalendarApplyOutcome.Unchanged, cancel.Outcome);
        Assert.Equal(CalendarApplyOutcome.Stale, late.Outcome);
        Assert.Empty(await AllInterviewsAsync());
    }

    [Fact]
    public async Task The_type_comes_from_the_event_type_then_title_keywords_then_the_default()
    {
        var screen = await ApplyAsync(Booking("b-screen", FirstSlot, eventType: ScreenEventType));
        var onsite = await ApplyAsync(Booking("b-onsite", FirstSlot, eventType: "unmapped", title: "On-site loop with Ada", email: "ada2@example.com"));
        var fallback = await ApplyAsync(Booking("b-default", FirstSlot, eventType: null, title: "Chat", email: "ada3@example.com"));

        Assert.Equal("phone_screen", (string)(await InterviewAsync(screen.InterviewId!))["type"]!);
        Assert.Equal("on_site", (string)(await InterviewAsync(onsite.InterviewId!))["type"]!);
        Assert.Equal("video_interview", (string)(await InterviewAsync(fallback.InterviewId!))["type"]!);
    }

    [Fact]
    public async Task Events_outside_the_counted_event_types_or_without_a_candidate_are_ignored()
    {
        var store = _app.Services.GetRequiredService<ICalendarStore>();
        var limited = await store.CreateConnectionAsync(Connection() with { EventTypes = [TechEventType] }, default);
        var external = await store.CreateConnectionAsync(Connection() with { CandidateRule = CandidateRule.ExternalAttendee }, default);

        var other = await Applier.ApplyAsync(limited, Booking("b-other", FirstSlot, eventType: ScreenEventType), default);
        var internalOnly = await Applier.ApplyAsync(external, Booking("b-internal", FirstSlot, email: "carol@acme.test"), default);
        var externalFound = await Applier.ApplyAsync(external, Booking("b-external", FirstSlot, email: "grace@example.org"), default);

        Assert.Equal(CalendarApplyOutcome.Ignored, other.Outcome);
        Assert.Equal(CalendarApplyOutcome.Ignored, internalOnly.Outcome);
        Assert.Equal(CalendarApplyOutcome.Created, externalFound.Outcome);
        Assert.Equal("grace@example.org", (string)(await InterviewAsync(externalFound.InterviewId!))["candidate"]!["email"]!);
    }

    [Fact]
    public async Task A_booking_the_interview_api_refuses_is_rejected_with_its_reasons()
    {
        var result = await ApplyAsync(Booking("b-past", FakeClock.DefaultStart.AddDays(-1)));

        Assert.Equal(CalendarApplyOutcome.Rejected, result.Outcome);
        Assert.Contains("scheduledStart", result.Detail, StringComparison.Ordinal);
        Assert.Empty(await AllInterviewsAsync());
    }

    private async Task<List<CalendarDelivery>> DeliveriesAsync(string kind) =>
        [.. (await _app.Services.GetRequiredService<ICalendarStore>().ListDeliveriesAsync("acme", _connection.Id, 50, default)).Where(d => d.Kind == kind)];
}
