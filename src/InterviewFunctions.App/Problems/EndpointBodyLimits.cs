using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;

namespace InterviewFunctions.App.Problems;

/// <summary>
/// Per-endpoint request body limits, for the few endpoints that take files larger than the API's general
/// <c>Api:MaxRequestBodyBytes</c>. The limit is endpoint metadata, so <see cref="RequestBodyLimitMiddleware"/> refuses a
/// declared length above it, and routing raises Kestrel's own limit for the matched endpoint to it.
/// </summary>
public static class EndpointBodyLimits
{
    /// <summary>Room for the multipart boundaries, part headers and small form fields around an uploaded file.</summary>
    public const long MultipartOverheadBytes = 64 * 1024;

    /// <summary>Holds the endpoint to <paramref name="bytes"/> instead of the API's general limit.</summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        return builder.WithMetadata(new BodyLimit(bytes));
    }

    /// <summary>
    /// The body, when it has at most <paramref name="maxBytes"/> bytes; else a 413 problem (and no bytes). For an endpoint whose own limit
    /// is larger than one of the kinds of body it takes (a JSON answer beside an audio upload): neither the declared length
    /// nor, for a chunked body, the bytes sent may pass the smaller limit, whatever the server would allow.
    /// </summary>
    public static async Task<(byte[] Body, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? TooLarge)> ReadBodyAsync(
        HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return ([], TooLarge(request.ContentLength.Value, maxBytes));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return ([], TooLarge(buffer.Length + read, maxBytes));
            }
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), null);
    }

    /// <summary>The body's text in the charset it declares (UTF-8 when it declares none).</summary>
    public static string Decode(HttpRequest request, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(request);
        Encoding encoding;
        try
        {
            encoding = request.GetTypedHeaders().ContentType?.Encoding ?? Encoding.UTF8;
        }
        catch (ArgumentException)
        {
            // An unknown charset: read it as UTF-8, and let the JSON reader complain about what it cannot read.
            encoding = Encoding.UTF8;
        }
        return encoding.GetString(body);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge(long size, long maxBytes) =>
        Problem.Of(StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
            string.Create(CultureInfo.InvariantCulture, $"The body has at least {size} bytes; at most {maxBytes} are accepted for this kind of body."));

    private sealed class BodyLimit(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize { get; } = bytes;
    }
}
