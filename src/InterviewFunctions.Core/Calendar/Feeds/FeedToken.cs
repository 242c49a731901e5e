using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace InterviewFunctions.Core.Calendar.Feeds;

/// <summary>
/// A revocable secret that lets a calendar client subscribe to one person's interviews without an API key: the
/// feed URL carries the secret, and only its SHA-256 is stored, so a copy of the store does not open any feed.
/// </summary>
public sealed record FeedToken
{
    public const string DocumentType = "feedToken";

    /// <summary>Prefix of every secret, so that a leaked one is recognisable in logs and secret scanners.</summary>
    public const string SecretPrefix = "ifcal_";

    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public string DocType { get; init; } = DocumentType;

    /// <summary>The caller who made it (their subject); only they list and revoke it.</summary>
    public required string Owner { get; init; }

    /// <summary>Lower-case: the feed shows interviews naming this email as candidate or interviewer.</summary>
    public required string Email { get; init; }

    /// <summary>The owner's label for it ("work laptop Outlook").</summary>
    public string? Label { get; init; }

    /// <summary>Lower-case hex SHA-256 of the secret.</summary>
    public required string SecretHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>A new secret: the prefix and 32 random bytes, URL-safe base64.</summary>
    public static string NewSecret() => SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Whether the text has the shape of a secret this app hands out (checked before any store lookup).</summary>
    public static bool LooksLikeSecret(string text) =>
        text.Length == SecretPrefix.Length + 43 && text.StartsWith(SecretPrefix, StringComparison.Ordinal)
        && text.AsSpan(SecretPrefix.Length).IndexOfAnyExcept(UrlSafeBase64) < 0;

    private static readonly SearchValues<char> UrlSafeBase64 = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Feed tokens, found by their secret's hash from an anonymous request, and listed and revoked by their owner.</summary>
public interface IFeedTokenStore
{
    /// <exception cref="InvalidOperationException">A token with this id or secret hash exists.</exception>
    Task CreateAsync(FeedToken token, CancellationToken cancellationToken);

    /// <summary>The token whose secret hashes to this, in whichever tenant; null when none (never made, or revoked).</summary>
    Task<FeedToken?> FindBySecretHashAsync(string secretHash, CancellationToken cancellationToken);

    /// <summary>The owner's tokens in the tenant, oldest first.</summary>
    Task<IReadOnlyList<FeedToken>> ListAsync(string tenantId, string owner, CancellationToken cancellationToken);

    /// <summary>Deletes the owner's token; false when the tenant has no such token of this owner.</summary>
    Task<bool> RevokeAsync(string tenantId, string owner, string id, CancellationToken cancellationToken);
}
