using System.Text.Json;
using System.Text.Json.Nodes;

namespace InterviewFunctions.Core.Jobs;

/// <summary>Reads the values of a JSON merge patch, recording a field error where a value has the wrong JSON type.</summary>
internal static class PatchValues
{
    /// <summary>The text of a value; null for JSON null (which clears the field) and for a value of another type.</summary>
    public static string? Text(Validation v, string field, JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text;
        }
        v.Add(field, $"'{field}' must be a string.");
        return null;
    }

    /// <summary>A whole number; null for JSON null. <paramref name="ok"/> is false when the value has another type.</summary>
    public static int? Int(Validation v, string field, JsonNode? node, out bool ok)
    {
        ok = true;
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number))
        {
            return number;
        }
        v.Add(field, $"'{field}' must be a whole number.");
        ok = false;
        return null;
    }

    /// <summary>An array of strings; an empty list for JSON null; null (and an error) for anything else.</summary>
    public static List<string?>? TextList(Validation v, string field, JsonNode? node)
    {
        if (node is null)
        {
            return [];
        }
        if (node is not JsonArray array)
        {
            v.Add(field, $"'{field}' must be an array of strings; it replaces the whole list.");
            return null;
        }
        return [.. array.Select((item, i) => Text(v, $"{field}[{i}]", item))];
    }

    /// <summary>Short labels (skills), trimmed, duplicates dropped ignoring case (the first spelling stays), in the order given.</summary>
    public static List<string> Labels(Validation v, string field, IReadOnlyList<string?>? input, int max, int maxLength)
    {
        var labels = new List<string>();
        if (input is null)
        {
            return labels;
        }
        if (input.Count > max)
        {
            v.Add(field, $"'{field}' may hold at most {max} entries (it has {input.Count}).");
            return labels;
        }
        for (var i = 0; i < input.Count; i++)
        {
            var label = v.Required($"{field}[{i}]", input[i], maxLength);
            if (label is not null && !labels.Contains(label, StringComparer.OrdinalIgnoreCase))
            {
                labels.Add(label);
            }
        }
        return labels;
    }
}
