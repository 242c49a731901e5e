using InterviewFunctions.Core;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Reminders;

namespace InterviewFunctions.App.Reminders;

public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>Per tenant, per interview type, the offsets that replace the type's default, e.g. <c>Reminders:Tenants:acme:technical = PT72H,PT1H</c>.</summary>
    public Dictionary<string, Dictionary<string, string>> Tenants { get; set; } = [];

    /// <summary>A completed interview with no status change for this long gets the follow-up email.</summary>
    public TimeSpan FollowUpAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A queued email not confirmed sent within this time is queued again.</summary>
    public TimeSpan RedeliverAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many times one email is queued before it is given up as failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The queue the send function listens on.</summary>
    public string QueueName { get; set; } = "reminders";

    /// <summary>
    /// How far ahead the finder looks. Items due within it are queued now, invisible until their due instant: under
    /// the Functions host it exceeds the finder's 30 s timer period (1 minute when not set), so each email still
    /// leaves on time. Standalone the finder wakes at each due instant and needs none (0 when not set).
    /// </summary>
    public TimeSpan? LookAhead { get; set; }

    /// <summary>How many due interviews the finder takes per query.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Standalone only: run the finder in process, waking at the next due instant.</summary>
    public bool StandaloneDispatch { get; set; } = true;

    /// <summary>The policy the planner follows; offsets that do not parse fail the start with the setting named.</summary>
    public ReminderPolicy ToPolicy()
    {
        var tables = new Dictionary<string, IReadOnlyDictionary<InterviewType, IReadOnlyList<TimeSpan>>>(StringComparer.Ordinal);
        foreach (var (tenant, byType) in Tenants)
        {
            var table = new Dictionary<InterviewType, IReadOnlyList<TimeSpan>>();
            foreach (var (typeName, text) in byType)
            {
                var setting = $"{Section}:Tenants:{tenant}:{typeName}";
                if (!EnumNames.TryParseWire<InterviewType>(typeName, out var type))
                {
                    throw new InvalidOperationException($"{setting}: '{typeName}' is not an interview type ({EnumNames.AllWire<InterviewType>()}).");
                }
                var v = new Validation();
                var offsets = ReminderPolicy.ReadOffsets(v, setting, text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                table[type] = offsets ?? throw new InvalidOperationException(string.Join(" ", v.Errors.SelectMany(e => e.Value)));
            }
            tables[tenant] = table;
        }
        return new ReminderPolicy(tables, FollowUpAfter, RedeliverAfter, MaxAttempts);
    }
}
