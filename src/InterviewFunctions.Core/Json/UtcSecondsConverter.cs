using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InterviewFunctions.Core.Json;

/// <summary>
/// Writes an instant as <c>yyyy-MM-ddTHH:mm:ssZ</c>. One fixed width means that the text sorts as the time does,
/// which the stores rely on for range queries and ordering.
/// </summary>
public sealed class UtcSecondsConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string ToText(DateTimeOffset instant) => instant.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString() ?? throw new JsonException("An instant cannot be null."), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToText(value));
}
