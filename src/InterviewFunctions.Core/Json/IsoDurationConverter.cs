using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace InterviewFunctions.Core.Json;

/// <summary>A <see cref="TimeSpan"/> as an ISO 8601 duration (<c>PT48H</c>, <c>P3D</c>, <c>PT1H30M</c>).</summary>
public sealed class IsoDurationConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TryParse(reader.GetString(), out var value) ? value : throw new JsonException("Expected an ISO 8601 duration such as PT24H.");

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) => writer.WriteStringValue(Format(value));

    /// <summary>Hours, minutes and seconds, never days (<c>PT72H</c>, not <c>P3D</c>): offsets read as the hours they are planned in.</summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero || value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return XmlConvert.ToString(value);
        }
        var hours = (long)value.TotalHours;
        var text = "PT" + (hours > 0 ? $"{hours}H" : "") + (value.Minutes > 0 ? $"{value.Minutes}M" : "") + (value.Seconds > 0 ? $"{value.Seconds}S" : "");
        return text == "PT" ? "PT0S" : text;
    }

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        // XmlConvert also reads years and months, whose length varies; a reminder offset must be exact.
        if (string.IsNullOrEmpty(text) || text[0] != 'P' || text.Contains('Y', StringComparison.Ordinal) || text.AsSpan(0, text.IndexOf('T') is -1 ? text.Length : text.IndexOf('T')).Contains('M'))
        {
            return false;
        }
        try
        {
            value = XmlConvert.ToTimeSpan(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}

/// <summary>A nullable <see cref="TimeSpan"/> as an ISO 8601 duration, or null.</summary>
public sealed class NullableIsoDurationConverter : JsonConverter<TimeSpan?>
{
    private static readonly IsoDurationConverter Inner = new();

    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Inner.Read(ref reader, typeof(TimeSpan), options);

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            Inner.Write(writer, v, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
