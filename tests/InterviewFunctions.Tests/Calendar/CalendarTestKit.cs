using InterviewFunctions.Core.Calendar.Sync;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Calendar;

/// <summary>Connections and events as the provider adapters would build them, for tests of the mapping and the stores.</summary>
internal static class CalendarTestKit
{
    public const string TechEventType = "technical-interview";
    public const string ScreenEventType = "phone-screen";

    public static CalendarConnection Connection(string tenantId = "acme", CalendarProvider provider = CalendarProvider.Calcom, string? id = null) => new()
    {
        Id = id ?? Guid.NewGuid().ToString("N"),
        TenantId = tenantId,
        Provider = provider,
        Name = "Recruiting bookings",
        EventTypeMapping = new Dictionary<string, InterviewType> { [TechEventType] = InterviewType.Technical, [ScreenEventType] = InterviewType.PhoneScreen },
        TitleKeywords = [new TitleKeyword("on-site", InterviewType.OnSite), new TitleKeyword("panel", InterviewType.Panel)],
        DefaultType = InterviewType.VideoInterview,
        CandidateRule = CandidateRule.Invitee,
        InternalDomains = ["acme.test"],
        Company = "Acme",
        Role = "Backend Engineer",
        DefaultTimeZone = "Europe/Berlin",
        Secret = "whsec_test_secret",
        CreatedAt = FakeClock.DefaultStart,
        UpdatedAt = FakeClock.DefaultStart,
    };

    /// <summary>A one-hour booking of Ada with Bob, starting <paramref name="start"/>.</summary>
    public static CalendarEvent Booking(
        string eventId,
        DateTimeOffset start,
        long sequence = 0,
        DateTimeOffset? updatedAt = null,
        string email = TestApp.AdaEmail,
        string? eventType = TechEventType,
        bool cancelled = false,
        string? rescheduledFrom = null,
        string? title = "Technical interview: Ada Lovelace and Bob",
        CalendarProvider provider = CalendarProvider.Calcom) => new()
    {
        Provider = provider,
        EventId = eventId,
        Marker = new CalendarChangeMarker(sequence, updatedAt ?? FakeClock.DefaultStart),
        Title = title,
        Start = start,
        End = start.AddHours(1),
        TimeZone = "Europe/Berlin",
        Attendees = [new CalendarAttendee(email, "Ada Lovelace", CalendarAttendeeRole.Invitee, "Europe/London")],
        Organizer = new CalendarAttendee(TestApp.BobEmail, "Bob Builder", CalendarAttendeeRole.Organizer),
        MeetingUrl = "https://meet.example.com/ada-bob",
        EventType = eventType,
        Cancelled = cancelled,
        RescheduledFromId = rescheduledFrom,
        Description = "Please bring a laptop.",
    };

    public static readonly DateTimeOffset FirstSlot = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset SecondSlot = new(2026, 12, 4, 14, 30, 0, TimeSpan.Zero);
}
