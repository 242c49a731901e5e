using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Ai;

/// <summary>
/// An OpenAI-compatible service on loopback (the v1 paths Azure OpenAI's v1 endpoint shares): it records every request
/// with its raw body and answers from a script, which may also hold a request unanswered until the server is disposed,
/// as a service that has stopped responding would. Requests are served concurrently.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    public sealed record Received(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string Text => Encoding.UTF8.GetString(Body);

        public JsonObject Json => JsonNode.Parse(Text)!.AsObject();

        public string? Header(string name) => Headers.GetValueOrDefault(name);
    }

    public sealed record Reply(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null);

    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly CancellationTokenSource _stopping = new();

    public FakeOpenAiServer(Func<Received, Reply?> respond)
    {
        Respond = respond;
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    /// <summary>The base URL to configure, shaped like Azure OpenAI's v1 endpoint.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}/openai/v1/";

    /// <summary>The script: a reply, or null to leave the request hanging until the server is disposed.</summary>
    public Func<Received, Reply?> Respond { get; set; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>A chat completion whose message content is <paramref name="content"/> (normally JSON text), as the service sends it.</summary>
    public static Reply Chat(string content, string finishReason = "stop", string? refusal = null) => new(200, new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["created"] = 1_763_700_000,
        ["model"] = "gpt-4o-mini-2024-07-18",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = refusal is null ? content : null, ["refusal"] = refusal },
            ["finish_reason"] = finishReason,
            ["logprobs"] = null,
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 812, ["completion_tokens"] = 140, ["total_tokens"] = 952 },
        ["system_fingerprint"] = "fp_test",
    }.ToJsonString(), Json);

    public static Reply Chat(JsonNode content) => Chat(content.ToJsonString());

    public static Reply Error(int status, string code = "server_error") => new(status,
        new JsonObject { ["error"] = new JsonObject { ["message"] = "scripted failure", ["type"] = code, ["code"] = code } }.ToJsonString(),
        status == 429 ? new Dictionary<string, string> { ["Content-Type"] = "application/json", ["Retry-After"] = "0" } : Json);

    public static Reply Transcript(string text) => new(200, new JsonObject { ["text"] = text }.ToJsonString(), Json);

    private static readonly Dictionary<string, string> Json = new() { ["Content-Type"] = "application/json" };

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        try
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            var received = new Received(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body.ToArray());
            Requests.Enqueue(received);
            if (Respond(received) is not { } reply)
            {
                await Task.Delay(Timeout.Infinite, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                context.Response.Abort();
                return;
            }
            context.Response.StatusCode = reply.Status;
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }
            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // The client went away (a timed-out call); nothing to answer.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        _listener.Close();
        await _loop;
        _stopping.Dispose();
    }
}
