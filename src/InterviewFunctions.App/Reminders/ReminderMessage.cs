using System.Text.Json;
using System.Text.Json.Serialization;

namespace InterviewFunctions.App.Reminders;

/// <summary>What the finder puts on the reminder queue: which planned email, of which interview, for which schedule.</summary>
public sealed record ReminderMessage(string TenantId, string InterviewId, string ItemId, int ScheduleVersion)
{
    public string ToText() => JsonSerializer.Serialize(this, ReminderMessageJson.Default.ReminderMessage);

    /// <summary>Null when the text is not a reminder message; such a message can never succeed and is dropped.</summary>
    public static ReminderMessage? TryParse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, ReminderMessageJson.Default.ReminderMessage) is { TenantId.Length: > 0, InterviewId.Length: > 0, ItemId.Length: > 0 } message
                ? message
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReminderMessage))]
internal sealed partial class ReminderMessageJson : JsonSerializerContext;
