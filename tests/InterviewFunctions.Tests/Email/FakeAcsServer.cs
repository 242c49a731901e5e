using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InterviewFunctions.Tests.Email;

public sealed record AcsRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset ReceivedAt)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

public sealed record AcsAnswer(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// Communication Services Email on loopback, speaking its REST protocol: <c>POST /emails:send</c> answered 202 with an
/// Operation-Location, <c>GET /emails/operations/{id}</c> answered with the operation's status. It checks
/// authentication as the service does (recomputing the HMAC signature and the content hash, or comparing the bearer
/// token) and answers 401 otherwise, records every request, and can be scripted to throttle, fail or run slowly.
/// </summary>
public sealed class FakeAcsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[]? _accessKey;
    private readonly string? _bearerToken;
    private readonly ConcurrentDictionary<string, int> _polls = new();
    private readonly List<AcsRequest> _requests = [];

    private FakeAcsServer(byte[]? accessKey, string? bearerToken)
    {
        _accessKey = accessKey;
        _bearerToken = bearerToken;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public static string NewAccessKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Answers given to the next sends, in order, before the ordinary 202.</summary>
    public ConcurrentQueue<AcsAnswer> SendAnswers { get; } = new();

    /// <summary>The status the n-th poll (from 1) of an operation reports.</summary>
    public Func<int, string> OperationStatus { get; set; } = _ => "Succeeded";

    /// <summary>Sent as <c>retry-after-ms</c> on the 202 and on unfinished polls, when set.</summary>
    public int? RetryAfterMilliseconds { get; set; }

    public IReadOnlyList<AcsRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Requests the fake refused for their authentication, with the reason.</summary>
    public ConcurrentQueue<string> Rejections { get; } = new();

    public static async Task<FakeAcsServer> StartAsync(byte[]? accessKey = null, string? bearerToken = null)
    {
        var server = new FakeAcsServer(accessKey, bearerToken);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Endpoint = new Uri(address + "/");
        return server;
    }

    public string ConnectionString => $"endpoint={Endpoint};accesskey={Convert.ToBase64String(_accessKey!)}";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        lock (_requests)
        {
            _requests.Add(new AcsRequest(context.Request.Method, target,
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body, DateTimeOffset.UtcNow));
        }
        if (Authenticate(context, target, body) is { } rejection)
        {
            Rejections.Enqueue(rejection);
            await WriteAsync(context, new AcsAnswer(401, Error("Denied", "Denied by the resource provider.")));
            return;
        }
        var path = context.Request.Path.Value ?? "";
        if (context.Request.Query["api-version"] is not [{ Length: > 0 }])
        {
            await WriteAsync(context, new AcsAnswer(400, Error("MissingApiVersionParameter", "The api-version query parameter is required.")));
        }
        else if (HttpMethods.IsPost(context.Request.Method) && path == "/emails:send")
        {
            await WriteAsync(context, SendAnswers.TryDequeue(out var scripted) ? scripted : Accept(context, body));
        }
        else if (HttpMethods.IsGet(context.Request.Method) && path.StartsWith("/emails/operations/", StringComparison.Ordinal))
        {
            var id = path["/emails/operations/".Length..];
            var status = OperationStatus(_polls.AddOrUpdate(id, 1, (_, n) => n + 1));
            var result = new JsonObject { ["id"] = id, ["status"] = status };
            if (status == "Failed")
            {
                result["error"] = new JsonObject { ["code"] = "EmailDroppedAllRecipientsSuppressed", ["message"] = "Message was dropped because all recipients were suppressed" };
            }
            await WriteAsync(context, new AcsAnswer(200, result.ToJsonString(), status is "Running" or "NotStarted" ? RetryAfter() : null));
        }
        else
        {
            await WriteAsync(context, new AcsAnswer(404, Error("NotFound", "No such resource.")));
        }
    }

    private AcsAnswer Accept(HttpContext context, byte[] body)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }
        if (json?["senderAddress"] is null || json["recipients"]?["to"] is not JsonArray { Count: > 0 } || json["content"]?["subject"] is null)
        {
            return new AcsAnswer(400, Error("BadRequest", "senderAddress, recipients.to and content.subject are required."));
        }
        var id = context.Request.Headers["Operation-Id"].FirstOrDefault() ?? Guid.NewGuid().ToString();
        var headers = new Dictionary<string, string>(RetryAfter() ?? new Dictionary<string, string>())
        {
            ["Operation-Location"] = $"{Endpoint}emails/operations/{id}?api-version=2023-03-31",
        };
        return new AcsAnswer(202, new JsonObject { ["id"] = id, ["status"] = "Running" }.ToJsonString(), headers);
    }

    private Dictionary<string, string>? RetryAfter() =>
        RetryAfterMilliseconds is { } ms ? new Dictionary<string, string> { ["retry-after-ms"] = ms.ToString(CultureInfo.InvariantCulture) } : null;

    /// <summary>What the service checks: the content hash matches the body, the date is recent, the signature recomputes.</summary>
    private string? Authenticate(HttpContext context, string target, byte[] body)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (_bearerToken is not null)
        {
            return authorization == $"Bearer {_bearerToken}" ? null : $"expected the bearer token, got '{authorization}'";
        }
        const string prefix = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=";
        if (!authorization.StartsWith(prefix, StringComparison.Ordinal))
        {
            return $"not an HMAC-SHA256 authorization: '{authorization}'";
        }
        var date = context.Request.Headers["x-ms-date"].ToString();
        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || (DateTimeOffset.UtcNow - signedAt).Duration() > TimeSpan.FromMinutes(15))
        {
            return $"x-ms-date '{date}' is not a recent RFC 1123 date";
        }
        var contentHash = context.Request.Headers["x-ms-content-sha256"].ToString();
        if (contentHash != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return "x-ms-content-sha256 does not match the body";
        }
        var stringToSign = $"{context.Request.Method}\n{target}\n{date};{context.Request.Host.Value};{contentHash}";
        var expected = HMACSHA256.HashData(_accessKey!, Encoding.UTF8.GetBytes(stringToSign));
        byte[] presented;
        try
        {
            presented = Convert.FromBase64String(authorization[prefix.Length..]);
        }
        catch (FormatException)
        {
            return "the signature is not base64";
        }
        return CryptographicOperations.FixedTimeEquals(expected, presented) ? null : "the signature does not match";
    }

    private static string Error(string code, string message) => new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString();

    private static async Task WriteAsync(HttpContext context, AcsAnswer answer)
    {
        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }
        if (answer.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body);
        }
    }
}
