using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;

namespace InterviewFunctions.App.AzureStorage;

/// <summary>Signs or authorizes one request to a Storage service (queues, blobs); called again for every retry.</summary>
public abstract class StorageAuthorization
{
    public abstract ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}

/// <summary>
/// SharedKey, as the Azure SDK's <c>StorageSharedKeyPipelinePolicy</c> computes it: HMAC-SHA256 with the account key
/// over the verb, the standard headers, the <c>x-ms-*</c> headers and the canonicalized resource.
/// </summary>
public sealed class SharedKeyAuthorization(string accountName, byte[] accountKey) : StorageAuthorization
{
    public override ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", $"{accountName}:{Signature(request)}");
        return ValueTask.CompletedTask;
    }

    internal string StringToSign(HttpRequestMessage request)
    {
        var content = request.Content?.Headers;
        var length = content?.ContentLength is { } l and > 0 ? l.ToString(CultureInfo.InvariantCulture) : "";
        var builder = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(Join(content?.ContentEncoding)).Append('\n')
            .Append(Join(content?.ContentLanguage)).Append('\n')
            .Append(length).Append('\n')
            .Append(content?.ContentMD5 is { } md5 ? Convert.ToBase64String(md5) : "").Append('\n')
            .Append(content?.ContentType?.ToString() ?? "").Append('\n')
            // Date is empty because x-ms-date is always sent.
            .Append('\n');
        foreach (var name in (string[])["If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range"])
        {
            builder.Append(request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "").Append('\n');
        }
        foreach (var header in request.Headers
                     .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(",", h.Value).Trim()))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            builder.Append(header.Name).Append(':').Append(header.Value).Append('\n');
        }
        var uri = request.RequestUri!;
        builder.Append('/').Append(accountName).Append(uri.AbsolutePath);
        var query = uri.Query.TrimStart('?');
        if (query.Length > 0)
        {
            foreach (var parameter in query.Split('&', StringSplitOptions.RemoveEmptyEntries)
                         .Select(p => p.Split('=', 2))
                         .GroupBy(p => Uri.UnescapeDataString(p[0]).ToLowerInvariant(), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "")
                         .OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                builder.Append('\n').Append(parameter.Key).Append(':').Append(string.Join(",", parameter));
            }
        }
        return builder.ToString();
    }

    private string Signature(HttpRequestMessage request) =>
        Convert.ToBase64String(HMACSHA256.HashData(accountKey, Encoding.UTF8.GetBytes(StringToSign(request))));

    private static string Join(IEnumerable<string>? values) => values is null ? "" : string.Join(",", values);
}

/// <summary>An Entra ID bearer token for Storage (managed identity in Azure), fetched again shortly before it expires.</summary>
public sealed class BearerTokenAuthorization(TokenCredential credential, TimeProvider clock) : StorageAuthorization
{
    public const string Scope = "https://storage.azure.com/.default";

    private AccessToken? _token;

    public override async ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Requests racing at expiry may each fetch a token; the credential caches, and the last one fetched is kept.
        var token = _token;
        if (token is null || token.Value.ExpiresOn - TimeSpan.FromMinutes(5) <= clock.GetUtcNow())
        {
            token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken);
            _token = token;
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value.Token);
    }
}
