using System.Text.Json.Serialization;
using InterviewFunctions.Core.Json;

namespace InterviewFunctions.Core.Interviews;

[JsonConverter(typeof(SnakeCaseEnumConverter<InterviewType>))]
public enum InterviewType
{
    PhoneScreen,
    VideoInterview,
    Technical,
    Behavioral,
    OnSite,
    Panel,
    FinalRound,
    Debrief,
}

[JsonConverter(typeof(SnakeCaseEnumConverter<InterviewStatus>))]
public enum InterviewStatus
{
    Scheduled,
    Confirmed,
    ReminderSent,
    InProgress,
    Completed,
    Cancelled,
    Rescheduled,
}

[JsonConverter(typeof(SnakeCaseEnumConverter<InterviewOutcome>))]
public enum InterviewOutcome
{
    Pending,
    Advanced,
    Offer,
    Rejected,
}

public static class EnumNames
{
    /// <summary>The wire name of an enum value, e.g. <c>InterviewType.OnSite</c> is <c>on_site</c>.</summary>
    public static string ToWire<TEnum>(this TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static bool TryParseWire<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(candidate.ToWire(), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static TEnum ParseWire<TEnum>(string text) where TEnum : struct, Enum =>
        TryParseWire<TEnum>(text, out var value) ? value : throw new FormatException($"'{text}' is not one of: {AllWire<TEnum>()}.");

    public static string AllWire<TEnum>() where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetValues<TEnum>().Select(v => v.ToWire()));
}
