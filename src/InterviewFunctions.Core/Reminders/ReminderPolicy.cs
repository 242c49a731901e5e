using InterviewFunctions.Core.Interviews;

namespace InterviewFunctions.Core.Reminders;

/// <summary>
/// Which offsets an interview is reminded at, and the timing rules of dispatch. Offsets come from the interview
/// itself if it carries any, else from its tenant's table, else from the type's default.
/// </summary>
public sealed class ReminderPolicy
{
    public const int MaxOffsets = 10;
    public static readonly TimeSpan MinOffset = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxOffset = TimeSpan.FromDays(30);

    private static readonly TimeSpan H2 = TimeSpan.FromHours(2);
    private static readonly TimeSpan H24 = TimeSpan.FromHours(24);
    private static readonly TimeSpan H48 = TimeSpan.FromHours(48);
    private static readonly TimeSpan H72 = TimeSpan.FromHours(72);

    public static readonly IReadOnlyDictionary<InterviewType, IReadOnlyList<TimeSpan>> TypeDefaults = new Dictionary<InterviewType, IReadOnlyList<TimeSpan>>
    {
        [InterviewType.PhoneScreen] = [H24, H2],
        [InterviewType.VideoInterview] = [H24, H2],
        [InterviewType.Technical] = [H48, H24, H2],
        [InterviewType.Behavioral] = [H48, H24, H2],
        [InterviewType.OnSite] = [H72, H24, H2],
        [InterviewType.Panel] = [H72, H24, H2],
        [InterviewType.FinalRound] = [H72, H24, H2],
        [InterviewType.Debrief] = [H24, H2],
    };

    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<InterviewType, IReadOnlyList<TimeSpan>>> _tenantTables;

    public ReminderPolicy(
        IReadOnlyDictionary<string, IReadOnlyDictionary<InterviewType, IReadOnlyList<TimeSpan>>>? tenantTables = null,
        TimeSpan? followUpAfter = null,
        TimeSpan? redeliverAfter = null,
        int maxAttempts = 5)
    {
        _tenantTables = tenantTables ?? new Dictionary<string, IReadOnlyDictionary<InterviewType, IReadOnlyList<TimeSpan>>>();
        FollowUpAfter = followUpAfter ?? TimeSpan.FromDays(7);
        RedeliverAfter = redeliverAfter ?? TimeSpan.FromMinutes(10);
        MaxAttempts = maxAttempts;
    }

    /// <summary>How long a completed interview may go without a status change before the follow-up goes out.</summary>
    public TimeSpan FollowUpAfter { get; }

    /// <summary>How long a queued email may stay unconfirmed before it is queued again (its message was lost).</summary>
    public TimeSpan RedeliverAfter { get; }

    /// <summary>How many times an email is queued before it is given up as failed.</summary>
    public int MaxAttempts { get; }

    public (IReadOnlyList<TimeSpan> Offsets, OffsetSource Source) OffsetsFor(Interview interview)
    {
        if (interview.ReminderOffsets is { } own)
        {
            return (own, OffsetSource.Interview);
        }
        if (_tenantTables.TryGetValue(interview.TenantId, out var table) && table.TryGetValue(interview.Type, out var tenantOffsets))
        {
            return (tenantOffsets, OffsetSource.Tenant);
        }
        return (TypeDefaults[interview.Type], OffsetSource.TypeDefault);
    }

    /// <summary>Reads offsets such as <c>PT48H</c>; errors are reported against <paramref name="field"/>.</summary>
    public static IReadOnlyList<TimeSpan>? ReadOffsets(Validation v, string field, IReadOnlyList<string?> texts)
    {
        if (texts.Count > MaxOffsets)
        {
            v.Add(field, $"At most {MaxOffsets} reminder offsets.");
            return null;
        }
        var offsets = new List<TimeSpan>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (!Json.IsoDurationConverter.TryParse(texts[i], out var offset))
            {
                v.Add($"{field}[{i}]", $"'{texts[i]}' is not an ISO 8601 duration such as PT24H, PT90M or P3D.");
            }
            else if (offset < MinOffset || offset > MaxOffset)
            {
                v.Add($"{field}[{i}]", "A reminder offset must be between 5 minutes (PT5M) and 30 days (P30D).");
            }
            else if (offsets.Contains(offset))
            {
                v.Add($"{field}[{i}]", $"'{texts[i]}' is listed twice.");
            }
            else
            {
                offsets.Add(offset);
            }
        }
        return v.IsValid ? [.. offsets.OrderDescending()] : null;
    }
}
