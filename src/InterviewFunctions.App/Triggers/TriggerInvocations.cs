using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewFunctions.App.Hosting;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Queues;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Triggers;

/// <summary>Marks the endpoints that take the Functions host's trigger invocations, as opposed to forwarded HTTP requests.</summary>
public sealed record TriggerEndpointMetadata(string FunctionName, string TriggerType);

/// <summary>
/// The Functions host's custom-handler invocations of queue and timer functions: <c>POST /{FunctionName}</c> with the
/// host's envelope (<c>Data</c> keyed by binding name, <c>Metadata</c>), answered with <c>Outputs</c>, <c>Logs</c> and
/// <c>ReturnValue</c>. A non-2xx answer fails the invocation and the host retries the message. Standalone they answer
/// 404: there the app runs its own listeners, and nobody on the network may inject queue work.
/// </summary>
public static partial class TriggerInvocations
{
    /// <summary>The binding name of every queue trigger in the function.json files.</summary>
    public const string QueueBinding = "message";

    /// <summary>The binding name of every timer trigger in the function.json files.</summary>
    public const string TimerBinding = "timer";

    /// <summary>The connection setting prefix of every queue trigger: <c>QueueStorage__queueServiceUri</c> (managed identity) or <c>QueueStorage</c> (a connection string).</summary>
    public const string QueueConnection = "QueueStorage";

    private static readonly JsonNodeOptions CaseInsensitive = new() { PropertyNameCaseInsensitive = true };

    public static void Map(IEndpointRouteBuilder routes)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var function in routes.ServiceProvider.GetServices<IQueueFunction>())
        {
            Claim(names, function.FunctionName);
            routes.MapPost("/" + function.FunctionName, (HttpContext http, HostingMode hosting, IOptions<QueueOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken) =>
                    InvokeQueueAsync(function, http, hosting, options.Value, loggers, cancellationToken))
                .WithMetadata(new TriggerEndpointMetadata(function.FunctionName, "queueTrigger"))
                .ExcludeFromDescription()
                .AllowAnonymous();
        }
        foreach (var function in routes.ServiceProvider.GetServices<ITimerFunction>())
        {
            Claim(names, function.FunctionName);
            routes.MapPost("/" + function.FunctionName, (HttpContext http, HostingMode hosting, ILoggerFactory loggers, CancellationToken cancellationToken) =>
                    InvokeTimerAsync(function, http, hosting, loggers, cancellationToken))
                .WithMetadata(new TriggerEndpointMetadata(function.FunctionName, "timerTrigger"))
                .ExcludeFromDescription()
                .AllowAnonymous();
        }
    }

    private static void Claim(HashSet<string> names, string functionName)
    {
        if (!names.Add(functionName))
        {
            throw new InvalidOperationException($"Two trigger functions are named '{functionName}'; function names must be unique.");
        }
    }

    private static async Task<Results<JsonHttpResult<JsonObject>, ValidationProblem, ProblemHttpResult>> InvokeQueueAsync(
        IQueueFunction function, HttpContext http, HostingMode hosting, QueueOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!FromTheHost(http, hosting))
        {
            return Problem.NotFound($"POST /{function.FunctionName}");
        }
        var (root, invalid) = await ReadEnvelopeAsync(http, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        if (root!["Data"] is not JsonObject data || !data.TryGetPropertyValue(QueueBinding, out var value) || value is null)
        {
            return Problem.Invalid($"Data.{QueueBinding}", $"The envelope must carry the message text as Data.{QueueBinding}.");
        }
        // The host has decoded the Base64; a JSON message may arrive as a string or already parsed, and is handed on as text.
        var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value.ToJsonString();
        var metadata = root["Metadata"] as JsonObject;
        if (!TryInt(metadata?["DequeueCount"], out var dequeueCount))
        {
            return Problem.Invalid("Metadata.DequeueCount", "DequeueCount must be a whole number.");
        }
        var messageId = metadata?["Id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String ? id.GetValue<string>() : "";
        var insertedAt = metadata?["InsertionTime"] is JsonValue inserted && inserted.GetValueKind() == JsonValueKind.String
            && DateTimeOffset.TryParse(inserted.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;

        var logger = loggers.CreateLogger(typeof(TriggerInvocations));
        try
        {
            await function.HandleAsync(new QueueTrigger(text, messageId, dequeueCount ?? 1, options.MaxDequeueCount, insertedAt), cancellationToken);
            return Answer(StatusCodes.Status200OK, $"{function.FunctionName} handled message {messageId} (delivery {dequeueCount ?? 1}).");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            QueueInvocationFailed(logger, e, function.FunctionName, messageId, dequeueCount ?? 1);
            return Answer(StatusCodes.Status500InternalServerError, $"{function.FunctionName} failed on message {messageId}: {QueueFailureLog.Describe(e)}");
        }
    }

    private static async Task<Results<JsonHttpResult<JsonObject>, ValidationProblem, ProblemHttpResult>> InvokeTimerAsync(
        ITimerFunction function, HttpContext http, HostingMode hosting, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!FromTheHost(http, hosting))
        {
            return Problem.NotFound($"POST /{function.FunctionName}");
        }
        var (root, invalid) = await ReadEnvelopeAsync(http, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        // The timer's shape is not documented for custom handlers: take what is there and default the rest.
        var timer = (root!["Data"] as JsonObject)?[TimerBinding] as JsonObject;
        var status = timer?["ScheduleStatus"] as JsonObject;
        var trigger = new TimerTrigger(
            timer?["IsPastDue"] is JsonValue pastDue && pastDue.GetValueKind() is JsonValueKind.True,
            Instant(status?["Last"]),
            Instant(status?["Next"]));
        var logger = loggers.CreateLogger(typeof(TriggerInvocations));
        try
        {
            await function.RunAsync(trigger, cancellationToken);
            return Answer(StatusCodes.Status200OK, $"{function.FunctionName} ran.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            TimerInvocationFailed(logger, e, function.FunctionName);
            return Answer(StatusCodes.Status500InternalServerError, $"{function.FunctionName} failed: {QueueFailureLog.Describe(e)}");
        }
    }

    /// <summary>Under the Functions host the app listens on 127.0.0.1 only, so a caller is the host; standalone there is none.</summary>
    private static bool FromTheHost(HttpContext http, HostingMode hosting)
    {
        var remote = http.Connection.RemoteIpAddress;
        return hosting.IsCustomHandler && (remote is null || IPAddress.IsLoopback(remote));
    }

    private static async Task<(JsonObject? Root, ValidationProblem? Invalid)> ReadEnvelopeAsync(HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            var node = await JsonNode.ParseAsync(http.Request.Body, CaseInsensitive, cancellationToken: cancellationToken);
            return node is JsonObject root
                ? (root, null)
                : (null, Problem.Invalid("body", "The invocation must be a JSON object with Data and Metadata."));
        }
        catch (JsonException)
        {
            return (null, Problem.Invalid("body", "The invocation is not valid JSON."));
        }
    }

    private static bool TryInt(JsonNode? node, out int? value)
    {
        value = null;
        if (node is null)
        {
            return true;
        }
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var number))
            {
                value = number;
                return true;
            }
            if (v.GetValueKind() == JsonValueKind.String && int.TryParse(v.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
            {
                value = number;
                return true;
            }
        }
        return false;
    }

    private static DateTimeOffset? Instant(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String
        && DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    /// <summary>The custom-handler answer; ReturnValue is written as null, which the shared serializer options would drop.</summary>
    private static JsonHttpResult<JsonObject> Answer(int status, string log) =>
        TypedResults.Json(new JsonObject { ["Outputs"] = new JsonObject(), ["Logs"] = new JsonArray(log), ["ReturnValue"] = null }, ApiJsonContext.Default.JsonObject, statusCode: status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{FunctionName} failed on message {MessageId} (delivery {DequeueCount}) invoked by the Functions host")]
    private static partial void QueueInvocationFailed(ILogger logger, Exception exception, string functionName, string messageId, int dequeueCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {FunctionName} failed when invoked by the Functions host")]
    private static partial void TimerInvocationFailed(ILogger logger, Exception exception, string functionName);
}
