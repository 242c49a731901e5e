using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Core;
using InterviewFunctions.App.Email.Outbox;
using InterviewFunctions.Core.Email;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Email.Acs;

/// <summary>
/// Azure Communication Services Email over its REST API (the SDK package is not available here): <c>emails:send</c>,
/// then polling the operation until it succeeds or fails. Authenticates with the access key of a connection string
/// (HMAC-SHA256) or with an Entra ID token. The operation id is derived from the idempotency key, so a retried send
/// names the same operation.
/// </summary>
public sealed partial class AcsEmailSender : IEmailSender, IDisposable
{
    public const string TokenScope = "https://communication.azure.com/.default";

    private readonly EmailOptions _options;
    private readonly AcsEmailOptions _acs;
    private readonly AcsConnection _connection;
    private readonly TokenCredential? _credential;
    private readonly TimeProvider _clock;
    private readonly ILogger<AcsEmailSender> _logger;
    private readonly HttpClient _http;

    public AcsEmailSender(IOptions<EmailOptions> options, TimeProvider clock, ILogger<AcsEmailSender> logger, TokenCredential? credential = null)
    {
        _options = options.Value;
        _acs = _options.Acs;
        _connection = AcsConnection.From(_acs);
        _credential = credential;
        if (_connection.AccessKey is null && credential is null)
        {
            throw new InvalidOperationException("Email:Acs:Endpoint without a connection string needs an Entra ID credential.");
        }
        _clock = clock;
        _logger = logger;
        // The sender lives as long as the app: recycle pooled connections so that DNS changes are seen.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public string Name => "acs";

    public void Dispose() => _http.Dispose();

    public async Task<EmailSendResult> SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken)
    {
        EmailIdentity.EnsureSendable(message);
        var operationId = EmailIdentity.OperationId(EmailIdentity.Hash(message.TenantId, idempotencyKey)).ToString();
        var body = Body(message);
        var started = _clock.GetTimestamp();
        // Concatenated, not resolved: relative to a base URI, "emails:send" would read as a URI with the scheme "emails".
        var sendUri = new Uri($"{_connection.Endpoint.AbsoluteUri}emails:send?api-version={Uri.EscapeDataString(_acs.ApiVersion)}");

        using var accepted = await SendWithRetriesAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, sendUri) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("Operation-Id", operationId);
            return request;
        }, body, started, message, cancellationToken);
        Log.Accepted(_logger, message.Kind, message.InterviewId, operationId);

        var statusUri = accepted.Headers.TryGetValues("Operation-Location", out var locations) && Uri.TryCreate(locations.First(), UriKind.Absolute, out var location)
            ? location
            : new Uri($"{_connection.Endpoint.AbsoluteUri}emails/operations/{operationId}?api-version={Uri.EscapeDataString(_acs.ApiVersion)}");
        var wait = RetryAfter(accepted) ?? _acs.PollInterval;
        while (true)
        {
            await WaitAsync(wait, started, message, "the email to be sent", cancellationToken);
            using var poll = await SendWithRetriesAsync(() => new HttpRequestMessage(HttpMethod.Get, statusUri), [], started, message, cancellationToken);
            var (status, id, error) = await ReadStatusAsync(poll, cancellationToken);
            switch (status)
            {
                case "Succeeded":
                    Log.Sent(_logger, message.Kind, message.InterviewId, id ?? operationId);
                    return new EmailSendResult(Name, id ?? operationId, _clock.GetUtcNow());
                case "Failed" or "Canceled":
                    throw Failed(message, $"Communication Services reports the email as {status}: {error ?? "no reason given"}", transient: false);
            }
            wait = RetryAfter(poll) ?? _acs.PollInterval;
        }
    }

    /// <summary>
    /// One request, repeated on 429, 5xx and network failures (waiting as the service asks, else backing off
    /// exponentially) up to <see cref="AcsEmailOptions.MaxAttempts"/>. Any other 4xx is permanent.
    /// </summary>
    private async Task<HttpResponseMessage> SendWithRetriesAsync(
        Func<HttpRequestMessage> create, byte[] body, long started, EmailMessage message, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = create();
            await AuthorizeAsync(request, body, message, cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Remaining(started));
            string problem;
            TimeSpan? serviceDelay = null;
            try
            {
                var response = await _http.SendAsync(request, deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return response;
                }
                using (response)
                {
                    var error = await ReadErrorAsync(response, cancellationToken);
                    if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                    {
                        throw Failed(message, $"Communication Services refused the email ({(int)response.StatusCode}): {error}", transient: false);
                    }
                    problem = $"{(int)response.StatusCode}: {error}";
                    serviceDelay = RetryAfter(response);
                    Log.Retrying(_logger, message.Kind, message.InterviewId, (int)response.StatusCode, attempt);
                }
            }
            catch (HttpRequestException e)
            {
                problem = e.Message;
                Log.Retrying(_logger, message.Kind, message.InterviewId, 0, attempt);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Failed(message, $"Communication Services did not answer within {_acs.Timeout}; the email may still go out, and a retry reuses the same operation id.", transient: true);
            }
            if (attempt >= _acs.MaxAttempts)
            {
                throw Failed(message, $"Communication Services failed {attempt} times; the last answer was {problem}", transient: true);
            }
            var backOff = _acs.RetryBaseDelay * Math.Pow(2, attempt - 1);
            await WaitAsync(serviceDelay ?? backOff, started, message, "a retry", cancellationToken);
        }
    }

    private async Task AuthorizeAsync(HttpRequestMessage request, byte[] body, EmailMessage message, CancellationToken cancellationToken)
    {
        if (_connection.AccessKey is { } key)
        {
            // Learn: communication-services/tutorials/hmac-header-tutorial. The service recomputes all three values.
            var date = _clock.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
            var contentHash = Convert.ToBase64String(SHA256.HashData(body));
            var uri = request.RequestUri!;
            var stringToSign = $"{request.Method.Method}\n{uri.PathAndQuery}\n{date};{uri.Authority};{contentHash}";
            var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
            request.Headers.Add("x-ms-date", date);
            request.Headers.Add("x-ms-content-sha256", contentHash);
            request.Headers.Authorization = new AuthenticationHeaderValue("HMAC-SHA256", $"SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
            return;
        }
        AccessToken token;
        try
        {
            token = await _credential!.GetTokenAsync(new TokenRequestContext([TokenScope]), cancellationToken);
        }
        catch (Exception e) when (e is Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException or Azure.RequestFailedException)
        {
            throw Failed(message, $"No Entra ID token for Communication Services: {e.Message}", transient: true, e);
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
    }

    private async Task WaitAsync(TimeSpan delay, long started, EmailMessage message, string what, CancellationToken cancellationToken)
    {
        if (delay > Remaining(started))
        {
            throw Failed(message, $"Communication Services did not finish within {_acs.Timeout} (waiting for {what}); a retry reuses the same operation id.", transient: true);
        }
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _clock, cancellationToken);
        }
    }

    private TimeSpan Remaining(long started)
    {
        var remaining = _acs.Timeout - _clock.GetElapsedTime(started);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary><c>retry-after-ms</c> and <c>x-ms-retry-after-ms</c> (as the Azure SDK reads them), else <c>Retry-After</c> in seconds or as a date.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        foreach (var name in new[] { "retry-after-ms", "x-ms-retry-after-ms" })
        {
            if (response.Headers.TryGetValues(name, out var values) && double.TryParse(values.First(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
            {
                return TimeSpan.FromMilliseconds(ms);
            }
        }
        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - _clock.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero,
            _ => null,
        };
    }

    private static async Task<(string? Status, string? Id, string? Error)> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var root = json.RootElement;
            return (String(root, "status"), String(root, "id"), root.TryGetProperty("error", out var error) ? ErrorText(error) : null);
        }
        catch (Exception e) when (e is JsonException or IOException or HttpRequestException)
        {
            // An unreadable status is no answer: keep polling until the operation finishes or the time is up.
            return (null, null, null);
        }
    }

    /// <summary>The service's own words (<c>{"error":{"code","message"}}</c>), or the status when the body says nothing.</summary>
    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error) && ErrorText(error) is { } described)
            {
                return described;
            }
        }
        catch (JsonException)
        {
        }
        return response.ReasonPhrase ?? response.StatusCode.ToString();
    }

    private static string? ErrorText(JsonElement error) => error.ValueKind != JsonValueKind.Object
        ? null
        : (String(error, "code"), String(error, "message")) switch
        {
            (null, null) => null,
            (var code, null) => code,
            (null, var text) => text,
            (var code, var text) => $"{code}: {text}",
        };

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private byte[] Body(EmailMessage message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("senderAddress", _options.From);
            json.WriteStartObject("recipients");
            Addresses(json, "to", message.To);
            if (message.Cc.Count > 0)
            {
                Addresses(json, "cc", message.Cc);
            }
            json.WriteEndObject();
            json.WriteStartObject("content");
            json.WriteString("subject", new string([.. message.Subject.Select(c => char.IsControl(c) ? ' ' : c)]));
            json.WriteString("plainText", message.PlainText);
            if (!string.IsNullOrEmpty(message.Html))
            {
                json.WriteString("html", message.Html);
            }
            json.WriteEndObject();
            if (message.Attachments.Count > 0)
            {
                json.WriteStartArray("attachments");
                foreach (var attachment in message.Attachments)
                {
                    json.WriteStartObject();
                    json.WriteString("name", attachment.Name);
                    // The service checks the media type against its list of allowed types; parameters would not match.
                    json.WriteString("contentType", MimeWriter.AttachmentContentType(attachment.ContentType).Split(';')[0]);
                    json.WriteBase64String("contentInBase64", attachment.Content);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            if (message.ReplyTo is { } replyTo)
            {
                Addresses(json, "replyTo", [replyTo]);
            }
            json.WriteStartObject("headers");
            json.WriteString(MimeWriter.KindHeader, message.Kind);
            if (message.InterviewId is not null)
            {
                json.WriteString(MimeWriter.InterviewIdHeader, message.InterviewId);
            }
            json.WriteEndObject();
            // Interview mail carries no tracking pixels or rewritten links.
            json.WriteBoolean("userEngagementTrackingDisabled", true);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void Addresses(Utf8JsonWriter json, string name, IEnumerable<EmailAddress> addresses)
    {
        json.WriteStartArray(name);
        foreach (var address in addresses)
        {
            json.WriteStartObject();
            json.WriteString("address", address.Address);
            if (!string.IsNullOrWhiteSpace(address.DisplayName))
            {
                json.WriteString("displayName", address.DisplayName);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private EmailSendException Failed(EmailMessage message, string text, bool transient, Exception? inner = null)
    {
        Log.Failed(_logger, message.Kind, message.InterviewId, transient, inner);
        return new EmailSendException(text, transient, inner);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Email {Kind} for interview {InterviewId} accepted by Communication Services as operation {OperationId}")]
        public static partial void Accepted(ILogger logger, string kind, string? interviewId, string operationId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Email {Kind} for interview {InterviewId} sent by Communication Services, operation {OperationId}")]
        public static partial void Sent(ILogger logger, string kind, string? interviewId, string operationId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Email {Kind} for interview {InterviewId}: Communication Services answered {StatusCode} on try {Attempt}; retrying")]
        public static partial void Retrying(ILogger logger, string kind, string? interviewId, int statusCode, int attempt);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Email {Kind} for interview {InterviewId} was not sent by Communication Services (transient: {Transient})")]
        public static partial void Failed(ILogger logger, string kind, string? interviewId, bool transient, Exception? exception);
    }
}
