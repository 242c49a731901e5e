using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace InterviewFunctions.App.Files;

/// <summary>
/// The key and content-type rules every file store applies alike, so that a key accepted standalone is accepted in
/// Azure too, and no key can reach outside the store's folder or container.
/// </summary>
public static partial class FileKeys
{
    /// <summary>Blob names may have 1,024 characters; the local store keeps the same limit.</summary>
    public const int MaxLength = 1024;

    /// <exception cref="ArgumentException">The key is empty, too long, absolute, has an empty segment, "..", or a character outside a-z 0-9 - _ . /.</exception>
    public static string Validate(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength || !Pattern().IsMatch(key)
            || key.Contains("..", StringComparison.Ordinal)
            || key.Split('/').Any(segment => segment == "."))
        {
            throw new ArgumentException(
                $"'{key}' is not a file key: relative segments of lower-case letters, digits, '-', '_' and '.' separated by single '/', never '..', at most {MaxLength} characters.",
                nameof(key));
        }
        return key;
    }

    /// <exception cref="ArgumentException">The content type is not a media type such as <c>application/pdf</c>.</exception>
    public static string ValidateContentType(string contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType) || contentType.Length > 255
            || !MediaTypeHeaderValue.TryParse(contentType, out var parsed) || !parsed.MediaType!.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{contentType}' is not a media type such as 'application/pdf'.", nameof(contentType));
        }
        return contentType;
    }

    // No leading or trailing '/', no empty segment: "a/b.pdf" yes, "/a", "a//b", "a/" no.
    [GeneratedRegex("^[a-z0-9_.-]+(/[a-z0-9_.-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
