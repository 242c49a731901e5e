using System.Globalization;
using System.Net;
using System.Xml.Linq;

namespace InterviewFunctions.App.AzureStorage;

/// <summary>A Storage service refused a request, after retries where retrying could help.</summary>
public class StorageServiceException(HttpStatusCode status, string? errorCode, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The service's error code (e.g. <c>AuthenticationFailed</c>, <c>QueueNotFound</c>, <c>BlobNotFound</c>), when it gave one.</summary>
    public string? ErrorCode { get; } = errorCode;
}

/// <summary>
/// How every request to a Storage service goes out: built afresh for each attempt (a new date, a new client request
/// id, a new signature or token), with the service version, and retried on transient failures (408, 429, 5xx, network
/// errors) with exponential back-off and jitter, honouring Retry-After. What is particular to a service (its paths,
/// its answers) stays in its adapter.
/// </summary>
public sealed partial class StorageRequests(HttpClient http, StorageAuthorization authorization, string apiVersion, TimeProvider clock, ILogger logger)
{
    internal const int MaxAttempts = 5;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(15);

    public string ApiVersion => apiVersion;

    /// <param name="build">Called once per attempt; content must be re-creatable (a buffer, not a one-shot stream).</param>
    /// <param name="completion">
    /// <see cref="HttpCompletionOption.ResponseHeadersRead"/> to stream a large answer; the body of a transient failure
    /// is dropped either way.
    /// </param>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = build();
            request.Headers.Add("x-ms-version", apiVersion);
            // The service checks the date against its own clock, so it is the real time whatever clock the app runs on.
            request.Headers.Add("x-ms-date", DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture));
            request.Headers.Add("x-ms-client-request-id", Guid.NewGuid().ToString());
            await authorization.AuthorizeAsync(request, cancellationToken);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, completion, cancellationToken);
            }
            catch (Exception e) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or IOException)
            {
                var delay = Backoff(attempt);
                RetryingAfterError(logger, request.Method.Method, attempt, delay, e.GetType().Name);
                await Task.Delay(delay, clock, cancellationToken);
                continue;
            }
            if (attempt < MaxAttempts && IsTransient(response.StatusCode))
            {
                var delay = RetryAfter(response) ?? Backoff(attempt);
                RetryingAfterStatus(logger, request.Method.Method, (int)response.StatusCode, attempt, delay);
                response.Dispose();
                await Task.Delay(delay, clock, cancellationToken);
                continue;
            }
            return response;
        }
    }

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The service's error code: the <c>x-ms-error-code</c> header, else the <c>Code</c> of the XML error body.</summary>
    public static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var code = response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.FirstOrDefault() : null;
        if (code is not null)
        {
            return code;
        }
        var (bodyCode, _) = await ReadErrorAsync(response, cancellationToken);
        return bodyCode;
    }

    /// <param name="forbiddenHint">What to check when the service answers 403: the key, or the identity's role.</param>
    public static async Task<TException> FailureAsync<TException>(HttpResponseMessage response, string forbiddenHint,
        Func<HttpStatusCode, string?, string, TException> create, CancellationToken cancellationToken)
        where TException : StorageServiceException
    {
        var (bodyCode, message) = await ReadErrorAsync(response, cancellationToken);
        var code = (response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.FirstOrDefault() : null) ?? bodyCode;
        var status = (int)response.StatusCode;
        var hint = response.StatusCode == HttpStatusCode.Forbidden ? " " + forbiddenHint : "";
        return create(response.StatusCode, code,
            $"Azure Storage answered {status} {code ?? response.ReasonPhrase} to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {message ?? "(no detail)"}.{hint}");
    }

    private static async Task<(string? Code, string? Message)> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (body.Length == 0)
            {
                return (null, null);
            }
            var error = XDocument.Parse(body).Root;
            return (error?.Element("Code")?.Value, error?.Element("Message")?.Value.Split('\n')[0]);
        }
        catch (System.Xml.XmlException)
        {
            return (null, null);
        }
    }

    /// <summary>Doubling delays, each drawn between half and all of its value so that many clients do not retry in step.</summary>
    private static TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(LongestRetryDelay.TotalMilliseconds, FirstRetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        TimeSpan? delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - clock.GetUtcNow() : null);
        return delay is { } d ? TimeSpan.FromTicks(Math.Clamp(d.Ticks, 0, LongestRetryDelay.Ticks)) : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage {Method} failed with {Error} (attempt {Attempt}); retrying in {Delay}")]
    private static partial void RetryingAfterError(ILogger logger, string method, int attempt, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage {Method} answered {Status} (attempt {Attempt}); retrying in {Delay}")]
    private static partial void RetryingAfterStatus(ILogger logger, string method, int status, int attempt, TimeSpan delay);
}
