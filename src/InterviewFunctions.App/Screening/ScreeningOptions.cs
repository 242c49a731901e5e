namespace InterviewFunctions.App.Screening;

public sealed class ScreeningOptions
{
    public const string Section = "Screening";

    /// <summary>Largest resume file accepted, in bytes; a larger upload gets 413.</summary>
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The queue that carries screening messages to the ScreenResume function (its function.json names the same queue).</summary>
    public string QueueName { get; set; } = "screenings";

    /// <summary>The upload endpoint's body limit: the file and the multipart framing and form fields around it.</summary>
    internal long MaxRequestBytes => MaxUploadBytes + Problems.EndpointBodyLimits.MultipartOverheadBytes;
}
