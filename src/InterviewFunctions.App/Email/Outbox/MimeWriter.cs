using System.Text;
using System.Text.RegularExpressions;
using InterviewFunctions.Core.Email;

namespace InterviewFunctions.App.Email.Outbox;

/// <summary>
/// Writes an <see cref="EmailMessage"/> as an RFC 5322 message: <c>multipart/alternative</c> (text and HTML,
/// quoted-printable UTF-8), inside <c>multipart/mixed</c> when there are attachments (base64).
/// </summary>
public static partial class MimeWriter
{
    public const string KindHeader = "X-Interview-Functions-Kind";
    public const string InterviewIdHeader = "X-Interview-Functions-Interview-Id";

    /// <summary>The send instant to the millisecond: <c>Date</c> has only seconds, and the outbox lists newest first.</summary>
    public const string SentAtHeader = "X-Interview-Functions-Sent-At";

    /// <param name="hash">Makes the boundaries; "=_" never occurs in quoted-printable or base64 text, so no part can contain them.</param>
    public static byte[] Write(EmailMessage message, EmailAddress from, string messageId, DateTimeOffset sentAt, string hash)
    {
        var mime = new StringBuilder();
        mime.Append("Date: ").Append(MimeText.Date(sentAt)).Append(MimeText.Crlf);
        mime.Append(MimeText.AddressHeader("From", [from]));
        mime.Append(MimeText.AddressHeader("To", message.To));
        if (message.Cc.Count > 0)
        {
            mime.Append(MimeText.AddressHeader("Cc", message.Cc));
        }
        if (message.ReplyTo is { } replyTo)
        {
            mime.Append(MimeText.AddressHeader("Reply-To", [replyTo]));
        }
        mime.Append(MimeText.Header("Subject", message.Subject));
        mime.Append("Message-ID: ").Append(messageId).Append(MimeText.Crlf);
        mime.Append("MIME-Version: 1.0").Append(MimeText.Crlf);
        mime.Append(MimeText.Header(KindHeader, message.Kind));
        if (message.InterviewId is not null)
        {
            mime.Append(MimeText.Header(InterviewIdHeader, message.InterviewId));
        }
        mime.Append(SentAtHeader).Append(": ").Append(sentAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)).Append(MimeText.Crlf);

        if (message.Attachments.Count == 0)
        {
            AppendText(mime, message, hash);
            return Encoding.ASCII.GetBytes(mime.ToString());
        }
        var mixed = $"=_mixed_{hash}";
        mime.Append($"Content-Type: multipart/mixed;{MimeText.Crlf} boundary=\"{mixed}\"").Append(MimeText.Crlf).Append(MimeText.Crlf);
        mime.Append("This is a multi-part message in MIME format.").Append(MimeText.Crlf);
        mime.Append("--").Append(mixed).Append(MimeText.Crlf);
        AppendText(mime, message, hash);
        foreach (var attachment in message.Attachments)
        {
            mime.Append(MimeText.Crlf).Append("--").Append(mixed).Append(MimeText.Crlf);
            var name = SafeFileName(attachment.Name);
            mime.Append("Content-Type: ").Append(AttachmentContentType(attachment.ContentType)).Append(';').Append(MimeText.Crlf)
                .Append(' ').Append(MimeText.Parameter("name", name)).Append(MimeText.Crlf);
            mime.Append("Content-Transfer-Encoding: base64").Append(MimeText.Crlf);
            mime.Append("Content-Disposition: attachment;").Append(MimeText.Crlf)
                .Append(' ').Append(MimeText.Parameter("filename", name)).Append(MimeText.Crlf).Append(MimeText.Crlf);
            mime.Append(MimeText.Base64(attachment.Content));
        }
        mime.Append(MimeText.Crlf).Append("--").Append(mixed).Append("--").Append(MimeText.Crlf);
        return Encoding.ASCII.GetBytes(mime.ToString());
    }

    /// <summary>
    /// The attachment's media type with its parameters (an invitation's <c>method=REQUEST</c>), <c>charset=utf-8</c> for
    /// text, and <c>application/octet-stream</c> for anything unparseable.
    /// </summary>
    public static string AttachmentContentType(string contentType)
    {
        var parts = contentType.Split(';', StringSplitOptions.TrimEntries);
        var media = parts[0].ToLowerInvariant();
        if (!MediaType().IsMatch(media))
        {
            return "application/octet-stream";
        }
        var parameters = new List<string>();
        if (media.StartsWith("text/", StringComparison.Ordinal))
        {
            parameters.Add("charset=utf-8");
        }
        foreach (var part in parts.Skip(1))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }
            var key = part[..equals].Trim().ToLowerInvariant();
            var value = part[(equals + 1)..].Trim().Trim('"');
            if (key is "charset" or "name" || !key.All(MimeText.IsTokenChar) || value.Any(c => c is < ' ' or > '~'))
            {
                continue;
            }
            parameters.Add(MimeText.Parameter(key, value));
        }
        return string.Join("; ", parameters.Prepend(media));
    }

    private static void AppendText(StringBuilder mime, EmailMessage message, string hash)
    {
        if (string.IsNullOrEmpty(message.Html))
        {
            AppendTextPart(mime, "text/plain", message.PlainText);
            return;
        }
        var alternative = $"=_alternative_{hash}";
        mime.Append($"Content-Type: multipart/alternative;{MimeText.Crlf} boundary=\"{alternative}\"").Append(MimeText.Crlf).Append(MimeText.Crlf);
        mime.Append("--").Append(alternative).Append(MimeText.Crlf);
        AppendTextPart(mime, "text/plain", message.PlainText);
        mime.Append(MimeText.Crlf).Append("--").Append(alternative).Append(MimeText.Crlf);
        AppendTextPart(mime, "text/html", message.Html);
        mime.Append(MimeText.Crlf).Append("--").Append(alternative).Append("--").Append(MimeText.Crlf);
    }

    private static void AppendTextPart(StringBuilder mime, string mediaType, string text)
    {
        mime.Append("Content-Type: ").Append(mediaType).Append("; charset=utf-8").Append(MimeText.Crlf);
        mime.Append("Content-Transfer-Encoding: quoted-printable").Append(MimeText.Crlf).Append(MimeText.Crlf);
        mime.Append(MimeText.QuotedPrintable(text));
    }

    private static string SafeFileName(string name)
    {
        var clean = new string([.. Path.GetFileName(name.Replace('\\', '/')).Where(c => !char.IsControl(c))]).Trim();
        return clean.Length == 0 ? "attachment" : clean;
    }

    [GeneratedRegex(@"^[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+$")]
    private static partial Regex MediaType();
}
