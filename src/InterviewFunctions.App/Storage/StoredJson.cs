using System.Text.Json;
using System.Text.Json.Serialization;

namespace InterviewFunctions.App.Storage;

/// <summary>How documents are written in every store: camelCase, nulls left out, enums as snake_case names.</summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
