namespace InterviewFunctions.Core.Interviews;

/// <summary>The fields statistics need, read as a projection so that no store loads whole documents for them.</summary>
public sealed record InterviewStatsRow(InterviewType Type, InterviewStatus Status, string Company, InterviewOutcome? Outcome, DateTimeOffset ScheduledStart);

/// <summary>
/// Totals for the interviews a caller can see. The success rate is the share of decided outcomes that moved the
/// candidate forward: (advanced + offer) / (advanced + offer + rejected). Pending outcomes and interviews without
/// an outcome are not decided yet and do not count; with nothing decided the rate is null, not zero.
/// </summary>
public sealed record InterviewStatistics(
    int Total,
    IReadOnlyDictionary<string, int> ByType,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, int> ByCompany,
    IReadOnlyDictionary<string, int> ByOutcome,
    int UpcomingNext7Days,
    int Completed,
    int Decided,
    int Successful,
    double? SuccessRate)
{
    public static InterviewStatistics Compute(IEnumerable<InterviewStatsRow> rows, DateTimeOffset now)
    {
        var list = rows.ToList();
        var weekAhead = now.AddDays(7);
        var decided = list.Count(r => r.Outcome is InterviewOutcome.Advanced or InterviewOutcome.Offer or InterviewOutcome.Rejected);
        var successful = list.Count(r => r.Outcome is InterviewOutcome.Advanced or InterviewOutcome.Offer);
        return new InterviewStatistics(
            Total: list.Count,
            ByType: Enum.GetValues<InterviewType>().ToDictionary(t => t.ToWire(), t => list.Count(r => r.Type == t)),
            ByStatus: Enum.GetValues<InterviewStatus>().ToDictionary(s => s.ToWire(), s => list.Count(r => r.Status == s)),
            ByCompany: list
                .GroupBy(r => r.Company.ToLowerInvariant())
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(MostCommonSpelling, g => g.Count()),
            ByOutcome: Enum.GetValues<InterviewOutcome>().ToDictionary(o => o.ToWire(), o => list.Count(r => r.Outcome == o)),
            UpcomingNext7Days: list.Count(r => InterviewStateMachine.IsActive(r.Status) && r.ScheduledStart >= now && r.ScheduledStart <= weekAhead),
            Completed: list.Count(r => r.Status == InterviewStatus.Completed),
            Decided: decided,
            Successful: successful,
            SuccessRate: decided == 0 ? null : Math.Round((double)successful / decided, 4));
    }

    /// <summary>Companies are counted case-insensitively and shown as most interviews spell them.</summary>
    private static string MostCommonSpelling(IEnumerable<InterviewStatsRow> rows) =>
        rows.GroupBy(r => r.Company, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .First().Key;
}
