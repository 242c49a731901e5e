using System.Text.Json;
using System.Text.Json.Serialization;
using InterviewFunctions.Core.Screening;

namespace InterviewFunctions.App.Screening;

/// <summary>Serializer code for resume and screening documents, with the options of <see cref="Storage.StoredJson"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UploadedResume))]
[JsonSerializable(typeof(ResumeScreening))]
[JsonSerializable(typeof(ScreeningMessage))]
internal sealed partial class ScreeningStoredJsonContext : JsonSerializerContext;

/// <summary>Serializer code for the resume and screening API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ResumeResource))]
[JsonSerializable(typeof(ResumeList))]
[JsonSerializable(typeof(ResumeUploadResult))]
[JsonSerializable(typeof(ScreeningResource))]
[JsonSerializable(typeof(ScreeningList))]
[JsonSerializable(typeof(ScreenCandidatesRequest))]
[JsonSerializable(typeof(QueuedScreenings))]
internal sealed partial class ScreeningApiJsonContext : JsonSerializerContext;

/// <summary>What goes on the screening queue: which screening, of which tenant. The screening document holds the rest.</summary>
public sealed record ScreeningMessage(string TenantId, string ScreeningId)
{
    public string ToText() => JsonSerializer.Serialize(this, ScreeningStoredJsonContext.Default.ScreeningMessage);

    /// <summary>Null when the text is not a screening message; such a message can never succeed and is dropped.</summary>
    public static ScreeningMessage? TryParse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, ScreeningStoredJsonContext.Default.ScreeningMessage) is { TenantId.Length: > 0, ScreeningId.Length: > 0 } message
                ? message
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
