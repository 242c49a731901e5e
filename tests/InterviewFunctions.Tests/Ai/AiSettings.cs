namespace InterviewFunctions.Tests.Ai;

/// <summary>The app's AI settings pointing at a fake server.</summary>
public static class AiSettings
{
    public const string ChatDeployment = "gpt-test-deployment";
    public const string TranscriptionDeployment = "whisper-test-deployment";
    public const string ApiKey = "test-api-key";

    public static Dictionary<string, string?> For(FakeOpenAiServer server, bool withKey = true, double timeoutSeconds = 20, bool transcription = true) => new()
    {
        ["AzureOpenAI:Endpoint"] = server.Endpoint,
        ["AzureOpenAI:ChatDeployment"] = ChatDeployment,
        ["AzureOpenAI:TranscriptionDeployment"] = transcription ? TranscriptionDeployment : null,
        ["AzureOpenAI:ApiKey"] = withKey ? ApiKey : null,
        ["AzureOpenAI:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Failure tests see exactly one request; the retry policy itself is the SDK's.
        ["AzureOpenAI:MaxRetries"] = "0",
    };
}

/// <summary>
/// Sends the SDK's https requests to the fake server over plain http: the SDK refuses to put a bearer token on an
/// http URL (rightly), and the fake server has no certificate.
/// </summary>
public sealed class HttpsToLoopbackHttp : DelegatingHandler
{
    public HttpsToLoopbackHttp() : base(new HttpClientHandler()) { }

    public static System.ClientModel.Primitives.PipelineTransport Transport() =>
        new System.ClientModel.Primitives.HttpClientPipelineTransport(new HttpClient(new HttpsToLoopbackHttp()));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { Scheme: "https", Host: "127.0.0.1" } uri)
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = "http" }.Uri;
        }
        return base.SendAsync(request, cancellationToken);
    }
}
