using System.Globalization;

namespace InterviewFunctions.App.Storage;

/// <summary>
/// An instant as the stored JSON writes it (ISO 8601 in UTC, fraction without trailing zeros): comparing this text with a
/// stored <c>pendingSince</c> as strings compares the instants, which is how both adapters query stalled work.
/// </summary>
internal static class PendingSinceText
{
    public static string Of(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    /// <summary>The path SQLite indexes (partially, where set) to find stalled screenings and evaluations.</summary>
    public const string SqliteExpression = "json_extract(doc, '$.pendingSince')";
}
