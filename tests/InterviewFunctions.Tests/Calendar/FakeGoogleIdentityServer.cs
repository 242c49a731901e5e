using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Core;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Calendar;

/// <summary>
/// Google's Security Token Service (<c>POST /v1/token</c>, RFC 8693 form fields) and IAM Service Account Credentials
/// (<c>POST /v1/projects/-/serviceAccounts/{email}:generateAccessToken</c>) on one loopback port. It checks nothing
/// itself: it records what arrives and issues numbered tokens, so tests assert the exact fields. Each answer can be
/// replaced by a refusal, and the STS answer can be held until a test releases it.
/// </summary>
public sealed class FakeGoogleIdentityServer : IAsyncDisposable
{
    public const string ServiceAccount = "calendar-reader@acme-interviews.iam.gserviceaccount.com";

    private readonly RecordingHttpServer _server;
    private readonly Func<DateTimeOffset> _now;
    private readonly ManualResetEventSlim _stsGate = new(initialState: true);
    private int _federated;
    private int _impersonated;

    public FakeGoogleIdentityServer(Func<DateTimeOffset> now)
    {
        _now = now;
        _server = new RecordingHttpServer(Answer);
    }

    public string StsUrl => $"{_server.BaseUri}v1/token";

    public string IamCredentialsBaseUrl => $"{_server.BaseUri}v1";

    public const string ImpersonationPath = $"/v1/projects/-/serviceAccounts/{ServiceAccount}:generateAccessToken";

    /// <summary>Seconds STS says its token lives (expires_in).</summary>
    public int StsExpiresIn { get; set; } = 3600;

    /// <summary>How long after "now" an impersonated token expires (expireTime).</summary>
    public TimeSpan ImpersonatedLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A refusal to answer the token exchange with instead of a token; null to issue one.</summary>
    public RecordingHttpServer.Reply? StsRefusal { get; set; }

    /// <summary>A refusal to answer generateAccessToken with instead of a token; null to issue one.</summary>
    public RecordingHttpServer.Reply? IamRefusal { get; set; }

    public IReadOnlyList<RecordingHttpServer.Recorded> Exchanges => [.. _server.Requests.Where(r => r.PathAndQuery == "/v1/token")];

    public IReadOnlyList<RecordingHttpServer.Recorded> Impersonations => [.. _server.Requests.Where(r => Uri.UnescapeDataString(r.PathAndQuery) == ImpersonationPath)];

    public int RequestCount => _server.Requests.Count;

    /// <summary>Holds every STS answer until <see cref="ReleaseSts"/>.</summary>
    public void HoldSts() => _stsGate.Reset();

    public void ReleaseSts() => _stsGate.Set();

    public static string FederatedToken(int n) => $"ya29.federated-{n}";

    public static string ImpersonatedToken(int n) => $"ya29.impersonated-{n}";

    /// <summary>An application/x-www-form-urlencoded body as its fields, each name once.</summary>
    public static Dictionary<string, string> Form(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => Decode(kv[0]), kv => Decode(kv.Length > 1 ? kv[1] : ""), StringComparer.Ordinal);

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private RecordingHttpServer.Reply Answer(RecordingHttpServer.Recorded request)
    {
        if (request.Method == "POST" && request.PathAndQuery == "/v1/token")
        {
            _stsGate.Wait(TimeSpan.FromSeconds(30));
            if (StsRefusal is { } refusal)
            {
                return refusal;
            }
            return Json(200, new JsonObject
            {
                ["access_token"] = FederatedToken(Interlocked.Increment(ref _federated)),
                ["issued_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
                ["token_type"] = "Bearer",
                ["expires_in"] = StsExpiresIn,
            });
        }
        if (request.Method == "POST" && Uri.UnescapeDataString(request.PathAndQuery) == ImpersonationPath)
        {
            if (IamRefusal is { } refusal)
            {
                return refusal;
            }
            return Json(200, new JsonObject
            {
                ["accessToken"] = ImpersonatedToken(Interlocked.Increment(ref _impersonated)),
                ["expireTime"] = (_now() + ImpersonatedLifetime).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            });
        }
        return Json(404, new JsonObject { ["error"] = new JsonObject { ["code"] = 404, ["message"] = "Not found", ["status"] = "NOT_FOUND" } });
    }

    public static RecordingHttpServer.Reply Json(int status, JsonNode body) =>
        new(status, body.ToJsonString(), new Dictionary<string, string> { ["Content-Type"] = "application/json" });

    public async ValueTask DisposeAsync()
    {
        _stsGate.Set();
        await _server.DisposeAsync();
        _stsGate.Dispose();
    }
}

/// <summary>
/// The app's Entra ID credential as the managed identity would be: numbered tokens for whatever scope is asked, each
/// asked scope recorded; or an authentication failure when told to fail.
/// </summary>
public sealed class FakeEntraCredential : TokenCredential
{
    private int _issued;

    public List<string> Scopes { get; } = [];

    public Exception? Failure { get; set; }

    public static string Token(int n) => $"eyJ0eXAiOiJKV1QifQ.entra-{n}.signature";

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (Scopes)
        {
            Scopes.AddRange(requestContext.Scopes);
        }
        if (Failure is { } failure)
        {
            throw failure;
        }
        return new AccessToken(Token(Interlocked.Increment(ref _issued)), DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
