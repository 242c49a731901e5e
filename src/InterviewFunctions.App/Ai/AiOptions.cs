namespace InterviewFunctions.App.Ai;

/// <summary>
/// Azure OpenAI through its v1 endpoint (<c>https://RESOURCE.openai.azure.com/openai/v1/</c>) or OpenAI itself
/// (<c>https://api.openai.com/v1/</c>). With no endpoint, or no deployment for a feature, that feature stays offline:
/// the offline engines are the default, and the fallback whenever the service fails.
/// </summary>
public sealed class AiOptions
{
    public const string Section = "AzureOpenAI";

    /// <summary>Microsoft Entra ID scope for Azure OpenAI, used when no API key is set.</summary>
    public const string EntraScope = "https://cognitiveservices.azure.com/.default";

    /// <summary>The v1 base URL; chat completions go to <c>{Endpoint}/chat/completions</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The chat model's deployment name (Azure) or model name (OpenAI): screening, evaluation, questions, pitch, mock feedback.</summary>
    public string? ChatDeployment { get; set; }

    /// <summary>The speech-to-text deployment (e.g. a whisper or gpt-4o-transcribe deployment) for voice answers.</summary>
    public string? TranscriptionDeployment { get; set; }

    /// <summary>
    /// An API key; leave empty to authenticate with Microsoft Entra ID (managed identity in Azure, the developer's
    /// login locally) through DefaultAzureCredential, which is the recommended setup.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Whole-call budget per AI request, retries included; past it the offline result stands.</summary>
    public double TimeoutSeconds { get; set; } = 20;

    /// <summary>Retries of a throttled (429) or failed (5xx) call, within <see cref="TimeoutSeconds"/>.</summary>
    public int MaxRetries { get; set; } = 1;

    /// <summary>Kept low so that the same input gives nearly the same judgement.</summary>
    public float Temperature { get; set; } = 0.1f;

    public int MaxOutputTokens { get; set; } = 2000;

    /// <summary>
    /// Largest audio answer accepted for transcription. The mock interview answers endpoint admits a body this large plus
    /// the multipart framing, above Api:MaxRequestBodyBytes; its JSON answers keep that general limit.
    /// </summary>
    public long MaxAudioBytes { get; set; } = 4 * 1024 * 1024;

    public bool ChatConfigured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(ChatDeployment);

    public bool TranscriptionConfigured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(TranscriptionDeployment);

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public const string EndpointSetting = Section + "__" + nameof(Endpoint);
    public const string TranscriptionSetting = Section + "__" + nameof(TranscriptionDeployment);

    /// <exception cref="InvalidOperationException">A set value that cannot work.</exception>
    public void Validate()
    {
        if (!string.IsNullOrWhiteSpace(Endpoint) && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            throw new InvalidOperationException($"{Section}:Endpoint must be an absolute http(s) URL such as https://RESOURCE.openai.azure.com/openai/v1/; it is '{Endpoint}'.");
        }
        if (TimeoutSeconds is <= 0 or > 600 || MaxRetries is < 0 or > 5 || Temperature is < 0 or > 2 || MaxOutputTokens < 16 || MaxAudioBytes < 1)
        {
            throw new InvalidOperationException($"{Section}: TimeoutSeconds must be in (0, 600], MaxRetries 0 to 5, Temperature 0 to 2, MaxOutputTokens at least 16 and MaxAudioBytes positive.");
        }
    }
}
