using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OpenAI.Chat;

namespace InterviewFunctions.App.Ai;

/// <summary>An AI answer parsed into <typeparamref name="T"/>, or why there is none, in words fit for a result's notes.</summary>
public sealed record AiReply<T>(T? Value, string? Failure) where T : class;

/// <summary>
/// One structured-output chat call: a strict JSON schema as the response format, the configured low temperature and
/// token limit, and one budget for the whole call (retries included). Every way the call can go wrong (timeout,
/// throttling, a server error, a refusal, a truncated or malformed answer) comes back as a failure reason rather
/// than an exception, so the engines can keep their offline result and say why.
/// </summary>
public sealed partial class AiChat(ChatClient client, AiOptions options, ILogger<AiChat> logger)
{
    public string Model => options.ChatDeployment ?? "";

    public async Task<AiReply<T>> CompleteJsonAsync<T>(
        string feature, string systemPrompt, string userPrompt, string schemaName, string jsonSchema, JsonTypeInfo<T> type,
        CancellationToken cancellationToken) where T : class
    {
        var completionOptions = new ChatCompletionOptions
        {
            Temperature = options.Temperature,
            MaxOutputTokenCount = options.MaxOutputTokens,
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(schemaName, BinaryData.FromString(jsonSchema), jsonSchemaIsStrict: true),
        };
        ChatMessage[] messages = [new SystemChatMessage(systemPrompt), new UserChatMessage(userPrompt)];
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.Timeout);
        ChatCompletion completion;
        try
        {
            completion = (await client.CompleteChatAsync(messages, completionOptions, budget.Token)).Value;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, feature, "timeout", null);
            return Failed<T>($"the AI service did not answer within {options.TimeoutSeconds:0.#} s");
        }
        catch (ClientResultException e)
        {
            LogFailed(logger, feature, "status", e.Status);
            return Failed<T>(e.Status switch
            {
                429 => "the AI service is throttling requests (429)",
                0 => "the AI service could not be reached",
                _ => $"the AI service answered with status {e.Status}",
            });
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            LogFailed(logger, feature, "network", null);
            return Failed<T>("the AI service could not be reached");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever else the SDK throws (a credential that cannot get a token, a policy refusing the endpoint), the
            // offline result is still good: report it, do not fail the request.
            LogError(logger, feature, e);
            return Failed<T>($"the AI call failed ({e.GetType().Name})");
        }

        if (!string.IsNullOrEmpty(completion.Refusal))
        {
            LogFailed(logger, feature, "refusal", null);
            return Failed<T>("the AI model declined to answer");
        }
        if (completion.FinishReason is ChatFinishReason.Length or ChatFinishReason.ContentFilter)
        {
            LogFailed(logger, feature, completion.FinishReason.ToString(), null);
            return Failed<T>(completion.FinishReason == ChatFinishReason.Length
                ? "the AI answer was cut off at the output limit"
                : "the AI service's content filter stopped the answer");
        }
        var text = completion.Content.Count > 0 ? string.Concat(completion.Content.Select(p => p.Text)) : "";
        try
        {
            if (JsonSerializer.Deserialize(text, type) is { } value)
            {
                LogCompleted(logger, feature, completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0);
                return new AiReply<T>(value, null);
            }
        }
        catch (JsonException)
        {
            // Reported below with the empty answer: both mean the schema was not followed.
        }
        LogFailed(logger, feature, "invalid-json", null);
        return Failed<T>("the AI answer was not valid JSON of the expected shape");
    }

    private static AiReply<T> Failed<T>(string why) where T : class => new(null, why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AI {Feature} call failed ({Reason}, status {Status}); the offline result stands")]
    private static partial void LogFailed(ILogger logger, string feature, string reason, int? status);

    [LoggerMessage(Level = LogLevel.Error, Message = "AI {Feature} call failed unexpectedly; the offline result stands")]
    private static partial void LogError(ILogger logger, string feature, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "AI {Feature} call answered ({InputTokens} input, {OutputTokens} output tokens)")]
    private static partial void LogCompleted(ILogger logger, string feature, int inputTokens, int outputTokens);
}
