using System.Text.Json;
using System.Text.Json.Serialization;

namespace InterviewFunctions.Core.Json;

/// <summary>Enums travel as snake_case names (<c>phone_screen</c>), never as numbers, in the API and in storage alike.</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
