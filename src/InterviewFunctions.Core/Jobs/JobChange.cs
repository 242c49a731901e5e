namespace InterviewFunctions.Core.Jobs;

/// <summary>What a change did to a job: changed it, found nothing to change, refused the input, or refused the transition.</summary>
public abstract record JobChange
{
    private JobChange() { }

    public sealed record Applied(Job Job) : JobChange;

    public sealed record Unchanged : JobChange;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : JobChange;

    public sealed record Conflict(string Detail) : JobChange;
}
