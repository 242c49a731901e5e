using System.Text.Json.Serialization;
using InterviewFunctions.App.Interviews;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Json;
using InterviewFunctions.Core.Reminders;
using InterviewFunctions.Core.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewFunctions.App.Reminders;

/// <summary>A due instant on one person's wall clock.</summary>
public sealed record LocalDue(string Who, string Email, string TimeZone, string Local);

public sealed record PlannedEmailResource(
    string Id,
    PlannedEmailKind Kind,
    [property: JsonConverter(typeof(NullableIsoDurationConverter))] TimeSpan? Offset,
    int ScheduleVersion,
    [property: JsonConverter(typeof(UtcSecondsConverter))] DateTimeOffset DueAt,
    IReadOnlyList<LocalDue> DueLocal,
    PlannedEmailState State,
    string? Reason,
    int Attempts,
    DateTimeOffset? EnqueuedAt,
    DateTimeOffset? SentAt,
    IReadOnlyList<EmailDelivery> Deliveries,
    IReadOnlyList<PlanEvent> History);

/// <summary>
/// The plan shown like a durable orchestration's status: <c>running</c> while anything waits, <c>completed</c>
/// when nothing does, <c>failed</c> when an email of the current schedule was given up.
/// </summary>
public sealed record ReminderPlanResource(
    string InterviewId,
    string RuntimeStatus,
    int ScheduleVersion,
    [property: JsonConverter(typeof(UtcSecondsConverter))] DateTimeOffset? BuiltAt,
    OffsetSource? OffsetSource,
    IReadOnlyList<string> Offsets,
    [property: JsonConverter(typeof(UtcSecondsConverter))] DateTimeOffset? NextDispatchAt,
    IReadOnlyList<PlannedEmailResource> Items);

public static class RemindersApi
{
    public static RouteGroupBuilder MapReminders(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/interviews/{id}").WithTags("Reminders");
        group.MapGet("/reminders", GetPlan);
        return group;
    }

    private static async Task<Results<Ok<ReminderPlanResource>, ProblemHttpResult>> GetPlan(
        string id, HttpContext http, IInterviewStore store, ReminderPlanner planner, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (await store.FindAsync(caller.TenantId, id, cancellationToken) is not { } interview || !caller.CanSee(interview))
        {
            return Problem.NotFound($"Interview '{id}'");
        }
        http.Response.Headers.ETag = HttpETag.Format(interview.ETag);
        return TypedResults.Ok(ToResource(interview, planner.Policy));
    }

    public static ReminderPlanResource ToResource(Interview interview, ReminderPolicy policy)
    {
        var plan = interview.Reminders;
        var items = plan?.Items ?? [];
        var current = items.Where(i => i.ScheduleVersion == interview.ScheduleVersion).ToList();
        var status = current.Any(i => i.State == PlannedEmailState.Failed) ? "failed"
            : items.Any(i => i.IsOpen) ? "running"
            : "completed";
        var (offsets, source) = policy.OffsetsFor(interview);
        return new ReminderPlanResource(
            interview.Id,
            status,
            interview.ScheduleVersion,
            plan?.BuiltAt,
            plan?.OffsetSource ?? source,
            [.. offsets.Select(IsoDurationConverter.Format)],
            interview.NextDispatchAt,
            [.. items.Select(i => new PlannedEmailResource(
                i.Id, i.Kind, i.Offset, i.ScheduleVersion, i.DueAt, LocalDueTimes(interview, i.DueAt), i.State, i.Reason,
                i.Attempts, i.EnqueuedAt, i.SentAt, i.Deliveries, i.History))]);
    }

    private static List<LocalDue> LocalDueTimes(Interview interview, DateTimeOffset due)
    {
        var times = new List<LocalDue> { new("candidate", interview.Candidate.Email, interview.Candidate.TimeZone, InterviewResource.LocalTime(due, interview.Candidate.TimeZone)) };
        foreach (var interviewer in interview.Interviewers)
        {
            var zone = interview.TimeZoneOf(interviewer);
            times.Add(new LocalDue("interviewer", interviewer.Email, zone, InterviewResource.LocalTime(due, zone)));
        }
        return times;
    }
}
