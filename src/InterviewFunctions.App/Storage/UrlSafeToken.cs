using System.Buffers.Text;
using System.Text;
using InterviewFunctions.Core.Interviews;

namespace InterviewFunctions.App.Storage;

/// <summary>Continuation tokens travel in query strings: base64url of whatever the store needs to resume.</summary>
public static class UrlSafeToken
{
    public static string Wrap(string token) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(token));

    /// <exception cref="InvalidContinuationTokenException">The token is not base64url text.</exception>
    public static string Unwrap(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException e)
        {
            throw new InvalidContinuationTokenException(e);
        }
    }
}
