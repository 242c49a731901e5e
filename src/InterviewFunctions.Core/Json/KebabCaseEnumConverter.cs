using System.Text.Json;
using System.Text.Json.Serialization;

namespace InterviewFunctions.Core.Json;

/// <summary>Enums whose wire names are written with hyphens (<c>it-role</c>), as the question bank's files spell them.</summary>
public sealed class KebabCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
