using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Calendar.Providers;

/// <summary>
/// Google access tokens for an app that runs in Azure, by workload identity federation: the app's own Entra ID token (for
/// the application ID URI the Google pool provider trusts) is exchanged at Google's STS for a federated token, which then
/// impersonates a service account through IAM Service Account Credentials when one is configured. A managed identity
/// cannot mint Google tokens itself, so this is the only keyless way from Azure to Google.
/// </summary>
/// <remarks>
/// Tokens are kept until <see cref="RefreshBefore"/> ahead of their expiry; one exchange runs at a time, so callers that
/// arrive together share it. A failed exchange keeps nothing, and the next call tries again.
/// </remarks>
public sealed partial class GoogleWorkloadIdentityCredential(
    HttpClient http,
    TokenCredential entraCredential,
    IOptions<CalendarOptions> options,
    TimeProvider clock,
    ILogger<GoogleWorkloadIdentityCredential> logger) : TokenCredential, IDisposable
{
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";
    public const string TokenExchangeGrantType = "urn:ietf:params:oauth:grant-type:token-exchange";
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    public const string JwtTokenType = "urn:ietf:params:oauth:token-type:jwt";

    /// <summary>A token this close to its expiry is replaced, so that a call never sets out with one about to lapse.</summary>
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);

    /// <summary>What the impersonated token asks to live: Google's default and, without an organization policy, its maximum.</summary>
    public static readonly TimeSpan ImpersonatedLifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, AccessToken> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _exchange = new(1, 1);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        var scopes = requestContext.Scopes.Length > 0 ? requestContext.Scopes : [GoogleCalendarClient.Scope];
        var key = string.Join(' ', scopes);
        if (Fresh(key) is { } cached)
        {
            return cached;
        }
        await _exchange.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have finished an exchange while this one waited.
            if (Fresh(key) is { } exchanged)
            {
                return exchanged;
            }
            var token = await ExchangeAsync(scopes, cancellationToken);
            _tokens[key] = token;
            Log.TokenIssued(logger, options.Value.GoogleServiceAccountEmail is { Length: > 0 } ? "impersonated" : "federated", token.ExpiresOn);
            return token;
        }
        finally
        {
            _exchange.Release();
        }
    }

    public void Dispose() => _exchange.Dispose();

    private AccessToken? Fresh(string key) =>
        _tokens.TryGetValue(key, out var token) && token.ExpiresOn - RefreshBefore > clock.GetUtcNow() ? token : null;

    private async Task<AccessToken> ExchangeAsync(string[] scopes, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.UsesGoogleWorkloadIdentity)
        {
            throw new CalendarProviderException("Google workload identity federation is not configured: set Calendar__GoogleWorkloadIdentityAudience.");
        }
        if (string.IsNullOrWhiteSpace(settings.GoogleEntraScope))
        {
            throw new CalendarProviderException(
                "Calendar__GoogleEntraScope is not set: name the Entra ID scope whose tokens the Google workload identity pool provider accepts (its allowed audience plus /.default).");
        }
        var impersonate = !string.IsNullOrWhiteSpace(settings.GoogleServiceAccountEmail);

        AccessToken entra;
        try
        {
            entra = await entraCredential.GetTokenAsync(new TokenRequestContext([settings.GoogleEntraScope]), cancellationToken);
        }
        catch (Exception e) when (e is Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException or Azure.RequestFailedException)
        {
            throw new CalendarProviderException($"No Entra ID token for {settings.GoogleEntraScope}, so none to exchange with Google: {e.Message}", e);
        }

        // As Google's own libraries do: a token that only impersonates needs cloud-platform; a federated token used
        // directly needs the scopes of the call.
        var federated = await StsExchangeAsync(settings, entra.Token, impersonate ? CloudPlatformScope : string.Join(' ', scopes), cancellationToken);
        return impersonate
            ? await ImpersonateAsync(settings, federated.Token, scopes, cancellationToken)
            : federated;
    }

    private async Task<AccessToken> StsExchangeAsync(CalendarOptions settings, string subjectToken, string scope, CancellationToken cancellationToken)
    {
        var requestedAt = clock.GetUtcNow();
        // No Authorization header: STS authenticates the subject token itself, and refuses calls that carry one.
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.GoogleStsUrl)
        {
            Content = new FormUrlEncodedContent(
            [
                KeyValuePair.Create("grant_type", TokenExchangeGrantType),
                KeyValuePair.Create("audience", settings.GoogleWorkloadIdentityAudience.Trim()),
                KeyValuePair.Create("scope", scope),
                KeyValuePair.Create("requested_token_type", AccessTokenType),
                KeyValuePair.Create("subject_token_type", JwtTokenType),
                KeyValuePair.Create("subject_token", subjectToken),
            ]),
        };
        var answer = await SendAsync(request, "Google STS", "exchange the Entra ID token", cancellationToken);
        var token = Text(answer["access_token"]);
        if (string.IsNullOrEmpty(token))
        {
            throw new CalendarProviderException("Google STS answered the token exchange without an access_token.");
        }
        // expires_in is optional in RFC 8693; a federated token lives an hour unless STS says otherwise.
        var lifetime = answer["expires_in"] is JsonValue seconds && seconds.TryGetValue<long>(out var s) && s > 0 ? TimeSpan.FromSeconds(s) : TimeSpan.FromHours(1);
        return new AccessToken(token, requestedAt + lifetime);
    }

    private async Task<AccessToken> ImpersonateAsync(CalendarOptions settings, string federatedToken, string[] scopes, CancellationToken cancellationToken)
    {
        var account = settings.GoogleServiceAccountEmail.Trim();
        // "-" as project is required by the API: the account's email names its project.
        var url = $"{settings.GoogleIamCredentialsBaseUrl.TrimEnd('/')}/projects/-/serviceAccounts/{Uri.EscapeDataString(account)}:generateAccessToken";
        var body = new JsonObject
        {
            ["scope"] = new JsonArray([.. scopes.Select(s => (JsonNode)JsonValue.Create(s))]),
            ["lifetime"] = ((long)ImpersonatedLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s",
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", federatedToken);
        var answer = await SendAsync(request, "Google IAM Credentials", $"let the federated identity impersonate {account}", cancellationToken);
        var token = Text(answer["accessToken"]);
        if (string.IsNullOrEmpty(token)
            || Text(answer["expireTime"]) is not { } expireTime
            || !DateTimeOffset.TryParse(expireTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiresOn))
        {
            throw new CalendarProviderException($"Google IAM Credentials answered generateAccessToken for {account} without an accessToken and expireTime.");
        }
        return new AccessToken(token, expiresOn.ToUniversalTime());
    }

    private async Task<JsonObject> SendAsync(HttpRequestMessage request, string service, string what, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CalendarProviderException($"{service} could not be reached to {what}: {e.Message}", e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonObject? json = null;
            try
            {
                json = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException)
            {
                // Reported below, by status or as a body that is not JSON.
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new CalendarProviderException($"{service} refused to {what}: {(int)response.StatusCode}{Reason(json).TrimEnd('.')}.");
            }
            return json ?? throw new CalendarProviderException($"{service} answered something other than a JSON object when asked to {what}.");
        }
    }

    /// <summary>The error Google gives, in either of its shapes: OAuth's (STS) or the Google API one (IAM). Never a token.</summary>
    private static string Reason(JsonObject? error)
    {
        if (error is null)
        {
            return "";
        }
        if (Text(error["error"]) is { } code)
        {
            return Text(error["error_description"]) is { } description ? $" {code}: {description}" : $" {code}";
        }
        return error["error"] is JsonObject api && Text(api["message"]) is { } message
            ? $" {Text(api["status"]) ?? "error"}: {message}"
            : "";
    }

    /// <summary>A JSON string's value; null for anything else, so an odd answer is reported rather than thrown over.</summary>
    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Google {Kind} access token obtained by workload identity federation, valid until {ExpiresOn}.")]
        public static partial void TokenIssued(ILogger logger, string kind, DateTimeOffset expiresOn);
    }
}
