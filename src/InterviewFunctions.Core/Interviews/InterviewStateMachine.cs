namespace InterviewFunctions.Core.Interviews;

/// <summary>
/// Which status changes are legal. <c>scheduled</c> is only ever the first status; <c>rescheduled</c> is reached
/// only through a reschedule (it needs a new time); <c>completed</c> and <c>cancelled</c> are final.
/// </summary>
public static class InterviewStateMachine
{
    /// <summary>How long before its scheduled start an interview may be marked in progress or completed.</summary>
    public static readonly TimeSpan EarlyStartWindow = TimeSpan.FromMinutes(30);

    private static readonly InterviewStatus[] Open =
        [InterviewStatus.Scheduled, InterviewStatus.Confirmed, InterviewStatus.ReminderSent, InterviewStatus.Rescheduled];

    private static readonly Dictionary<InterviewStatus, InterviewStatus[]> Transitions = new()
    {
        [InterviewStatus.Scheduled] = [InterviewStatus.Confirmed, InterviewStatus.ReminderSent, InterviewStatus.InProgress, InterviewStatus.Completed, InterviewStatus.Cancelled, InterviewStatus.Rescheduled],
        [InterviewStatus.Confirmed] = [InterviewStatus.ReminderSent, InterviewStatus.InProgress, InterviewStatus.Completed, InterviewStatus.Cancelled, InterviewStatus.Rescheduled],
        [InterviewStatus.ReminderSent] = [InterviewStatus.Confirmed, InterviewStatus.InProgress, InterviewStatus.Completed, InterviewStatus.Cancelled, InterviewStatus.Rescheduled],
        [InterviewStatus.Rescheduled] = [InterviewStatus.Confirmed, InterviewStatus.ReminderSent, InterviewStatus.InProgress, InterviewStatus.Completed, InterviewStatus.Cancelled, InterviewStatus.Rescheduled],
        [InterviewStatus.InProgress] = [InterviewStatus.Completed, InterviewStatus.Cancelled],
        [InterviewStatus.Completed] = [],
        [InterviewStatus.Cancelled] = [],
    };

    public static IReadOnlyList<InterviewStatus> AllowedFrom(InterviewStatus from) => Transitions[from];

    public static bool CanMove(InterviewStatus from, InterviewStatus to) => Transitions[from].Contains(to);

    public static bool IsOpen(InterviewStatus status) => Open.Contains(status);

    public static bool IsActive(InterviewStatus status) => status is not (InterviewStatus.Completed or InterviewStatus.Cancelled);

    /// <summary>Every status that is not final: the interviews still to happen or under way.</summary>
    public static readonly IReadOnlyList<InterviewStatus> ActiveStatuses = [.. Enum.GetValues<InterviewStatus>().Where(IsActive)];
}
