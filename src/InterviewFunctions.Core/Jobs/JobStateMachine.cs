namespace InterviewFunctions.Core.Jobs;

/// <summary>
/// Which job status changes are legal. A posting starts as <c>draft</c> (or is opened at once); an <c>open</c> posting
/// may be paused (<c>on_hold</c>), <c>closed</c> without a hire, or <c>filled</c>. A closed posting may be reopened;
/// a filled one is final. Nothing goes back to draft: once published, a posting has been seen.
/// </summary>
public static class JobStateMachine
{
    private static readonly Dictionary<JobStatus, JobStatus[]> Transitions = new()
    {
        [JobStatus.Draft] = [JobStatus.Open, JobStatus.Closed],
        [JobStatus.Open] = [JobStatus.OnHold, JobStatus.Closed, JobStatus.Filled],
        [JobStatus.OnHold] = [JobStatus.Open, JobStatus.Closed, JobStatus.Filled],
        [JobStatus.Closed] = [JobStatus.Open],
        [JobStatus.Filled] = [],
    };

    /// <summary>The statuses a job may be created in.</summary>
    public static readonly IReadOnlyList<JobStatus> Initial = [JobStatus.Draft, JobStatus.Open];

    public static IReadOnlyList<JobStatus> AllowedFrom(JobStatus from) => Transitions[from];

    public static bool CanMove(JobStatus from, JobStatus to) => Transitions[from].Contains(to);
}
