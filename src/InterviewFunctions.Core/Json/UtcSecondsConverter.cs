using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InterviewFunctions.Core.Json;

/// <summary>
/// Writes an instant as <c>yyyy-MM-ddTHH:mm:ssZ</c>. One fixed width means that the text sorts as the time does,
/// which the stores rely on for range queries and ordering. Reading and writing work on the UTF-8 bytes directly,
/// since every stored interview and every API answer carries these.
/// </summary>
public sealed class UtcSecondsConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";
    private const int Width = 20;

    public static string ToText(DateTimeOffset instant) => instant.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && TryParseFixed(reader.ValueSpan, out var exact))
        {
            return exact;
        }
        // Anything else ISO 8601 with an offset (older documents, other writers).
        return DateTimeOffset.Parse(reader.GetString() ?? throw new JsonException("An instant cannot be null."), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    /// <summary>Reads exactly <c>yyyy-MM-ddTHH:mm:ssZ</c> from ASCII bytes.</summary>
    public static bool TryParseFixed(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != Width || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z'
            || !Number(text[..4], out var year) || !Number(text[5..7], out var month) || !Number(text[8..10], out var day)
            || !Number(text[11..13], out var hour) || !Number(text[14..16], out var minute) || !Number(text[17..19], out var second)
            || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month) || hour > 23 || minute > 59 || second > 59 || year < 1)
        {
            return false;
        }
        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static bool Number(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
            value = (value * 10) + (digit - '0');
        }
        return true;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> text = stackalloc byte[Width];
        value.UtcDateTime.TryFormat(text, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..written]);
    }
}
