namespace InterviewFunctions.Core.Interviews;

/// <summary>What a command did to an interview: changed it, found nothing to change, refused the input, or refused the transition.</summary>
public abstract record InterviewChange
{
    private InterviewChange() { }

    public sealed record Applied(Interview Interview) : InterviewChange;

    /// <summary>The interview already is as asked (a retried cancel, a reschedule to the same time).</summary>
    public sealed record Unchanged : InterviewChange;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : InterviewChange;

    public sealed record Conflict(string Detail) : InterviewChange;

    public static InterviewChange From(Validation validation, Func<InterviewChange> apply) =>
        validation.IsValid ? apply() : new Invalid(validation.Errors);
}
