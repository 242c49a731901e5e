using InterviewFunctions.Core.Interviews;
using NodaTime;

namespace InterviewFunctions.Tests.Core;

/// <summary>Interviews for the calendar and email tests, placed at a wall-clock time in a named zone.</summary>
internal static class TestInterviews
{
    public static readonly DateTimeOffset Created = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The instant at which a wall-clock time is read in a zone (the earlier one in a fall-back hour).</summary>
    public static DateTimeOffset Instant(string zone, int year, int month, int day, int hour, int minute) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneLeniently(DateTimeZoneProviders.Tzdb[zone]).ToDateTimeOffset().ToUniversalTime();

    public static Interview At(string zone, int year, int month, int day, int hour, int minute, InterviewType type = InterviewType.Technical) => new()
    {
        Id = "iv-7f3a",
        TenantId = "t1",
        Candidate = new Candidate("Ada Lovelace", "ada@example.com", zone),
        Company = "Acme",
        Role = "Engineer",
        Type = type,
        ScheduledStart = Instant(zone, year, month, day, hour, minute),
        TimeZone = zone,
        DurationMinutes = 60,
        Interviewers = [new Interviewer("Grace Hopper", "grace@acme.example"), new Interviewer("Alan Turing", "alan@acme.example", "Europe/London")],
        Location = "Acme HQ, 1 Main St, Floor 3",
        MeetingLink = "https://meet.example.com/abc-defg?pwd=1&x=2",
        CreatedAt = Created,
        UpdatedAt = Created.AddHours(1),
    };
}
