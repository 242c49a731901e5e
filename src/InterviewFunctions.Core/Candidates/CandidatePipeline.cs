namespace InterviewFunctions.Core.Candidates;

/// <summary>
/// The hiring pipeline's legal moves. A candidate moves forward (<c>new</c>, <c>screening</c>, <c>interviewing</c>,
/// <c>offer</c>, <c>hired</c>), may skip screening, and may leave from any open stage as <c>rejected</c> (the team's
/// decision) or <c>withdrawn</c> (the candidate's). <c>hired</c>, <c>rejected</c> and <c>withdrawn</c> are final: a
/// candidate who comes back applies again, which is a new record of the decision.
/// </summary>
public static class CandidatePipeline
{
    private static readonly Dictionary<CandidateStatus, CandidateStatus[]> Transitions = new()
    {
        [CandidateStatus.New] = [CandidateStatus.Screening, CandidateStatus.Interviewing, CandidateStatus.Rejected, CandidateStatus.Withdrawn],
        [CandidateStatus.Screening] = [CandidateStatus.Interviewing, CandidateStatus.Rejected, CandidateStatus.Withdrawn],
        [CandidateStatus.Interviewing] = [CandidateStatus.Offer, CandidateStatus.Rejected, CandidateStatus.Withdrawn],
        [CandidateStatus.Offer] = [CandidateStatus.Hired, CandidateStatus.Rejected, CandidateStatus.Withdrawn],
        [CandidateStatus.Hired] = [],
        [CandidateStatus.Rejected] = [],
        [CandidateStatus.Withdrawn] = [],
    };

    public static IReadOnlyList<CandidateStatus> AllowedFrom(CandidateStatus from) => Transitions[from];

    public static bool CanMove(CandidateStatus from, CandidateStatus to) => Transitions[from].Contains(to);

    public static bool IsFinal(CandidateStatus status) => Transitions[status].Length == 0;
}
