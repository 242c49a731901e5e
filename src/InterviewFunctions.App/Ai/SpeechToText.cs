using System.ClientModel;
using OpenAI.Audio;

namespace InterviewFunctions.App.Ai;

/// <param name="Text">The transcript; null when the service failed.</param>
/// <param name="Failure">Why there is no transcript, in words for the caller.</param>
public sealed record Transcription(string? Text, string? Failure);

/// <summary>Turns a spoken answer into text. Registered only when a transcription deployment is configured.</summary>
public interface ISpeechToText
{
    /// <param name="fileName">A name whose extension tells the service the audio format (e.g. <c>answer.webm</c>).</param>
    Task<Transcription> TranscribeAsync(Stream audio, string fileName, CancellationToken cancellationToken);
}

/// <summary>The transcription deployment through the SDK's audio client (<c>POST {endpoint}/audio/transcriptions</c>).</summary>
public sealed partial class AiSpeechToText(AudioClient client, AiOptions options, ILogger<AiSpeechToText> logger) : ISpeechToText
{
    /// <summary>The audio formats the transcription API takes, by media type, with the file extension it reads them by.</summary>
    public static readonly IReadOnlyDictionary<string, string> Formats = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["audio/wav"] = "wav", ["audio/x-wav"] = "wav", ["audio/wave"] = "wav",
        ["audio/mpeg"] = "mp3", ["audio/mp3"] = "mp3",
        ["audio/mp4"] = "m4a", ["audio/m4a"] = "m4a", ["audio/x-m4a"] = "m4a",
        ["audio/webm"] = "webm", ["audio/ogg"] = "ogg", ["audio/flac"] = "flac",
    };

    public async Task<Transcription> TranscribeAsync(Stream audio, string fileName, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.Timeout);
        try
        {
            var result = await client.TranscribeAudioAsync(audio, fileName, new AudioTranscriptionOptions { ResponseFormat = AudioTranscriptionFormat.Simple }, budget.Token);
            return new Transcription(result.Value.Text?.Trim() ?? "", null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, "timeout", null);
            return new Transcription(null, $"the speech-to-text service did not answer within {options.TimeoutSeconds:0.#} s");
        }
        catch (ClientResultException e)
        {
            LogFailed(logger, "status", e.Status);
            return new Transcription(null, e.Status == 429 ? "the speech-to-text service is throttling requests (429)" : $"the speech-to-text service answered with status {e.Status}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            LogFailed(logger, "network", null);
            return new Transcription(null, "the speech-to-text service could not be reached");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogError(logger, e);
            return new Transcription(null, $"the speech-to-text call failed ({e.GetType().Name})");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Speech-to-text failed unexpectedly")]
    private static partial void LogError(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Speech-to-text failed ({Reason}, status {Status})")]
    private static partial void LogFailed(ILogger logger, string reason, int? status);
}
