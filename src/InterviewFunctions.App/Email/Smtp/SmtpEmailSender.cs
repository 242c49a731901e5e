using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Net.Sockets;
using System.Text;
using InterviewFunctions.App.Email.Outbox;
using InterviewFunctions.Core.Email;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Email.Smtp;

/// <summary>
/// Sends through an SMTP relay with <see cref="SmtpClient"/>. SMTP has no idempotency: the Message-ID derived from the
/// idempotency key lets a receiving system spot a repeat, but a retry after a lost answer can deliver twice.
/// </summary>
public sealed partial class SmtpEmailSender(IOptions<EmailOptions> options, TimeProvider clock, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    private readonly EmailOptions _options = options.Value;

    public string Name => "smtp";

    public async Task<EmailSendResult> SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken)
    {
        EmailIdentity.EnsureSendable(message);
        var messageId = EmailIdentity.MessageId(EmailIdentity.Hash(message.TenantId, idempotencyKey), _options.From);
        using var mail = ToMailMessage(message, messageId);
        var smtp = _options.Smtp;
        // SmtpClient holds one connection and is not safe for concurrent sends: one per email.
        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = smtp.TimeoutSeconds * 1000,
        };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(smtp.TimeoutSeconds));
        try
        {
            await client.SendMailAsync(mail, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(message, $"The SMTP server {smtp.Host}:{smtp.Port} did not answer within {smtp.TimeoutSeconds} s.", transient: true, null);
        }
        catch (SmtpFailedRecipientsException e)
        {
            var transient = e.InnerExceptions.All(r => IsTransient(r.StatusCode));
            throw Failed(message, $"The SMTP server refused {e.InnerExceptions.Length} recipient(s): {e.Message}", transient, e);
        }
        catch (SmtpException e)
        {
            throw Failed(message, $"The SMTP server {smtp.Host}:{smtp.Port} did not take the email ({(int)e.StatusCode}): {e.Message}", IsTransient(e.StatusCode), e);
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidOperationException)
        {
            throw Failed(message, $"The SMTP server {smtp.Host}:{smtp.Port} could not be reached: {e.Message}", transient: true, e);
        }
        Log.Sent(logger, message.Kind, message.InterviewId, messageId);
        return new EmailSendResult(Name, messageId, clock.GetUtcNow());
    }

    /// <summary>
    /// 4xx replies are temporary by definition (RFC 5321 section 4.2.1); 5xx are permanent. Anything below 400 here means
    /// no reply at all (<see cref="SmtpStatusCode.GeneralFailure"/>: refused connection, timeout), worth a retry.
    /// </summary>
    public static bool IsTransient(SmtpStatusCode status) => (int)status < 500;

    private EmailSendException Failed(EmailMessage message, string text, bool transient, Exception? inner)
    {
        Log.Failed(logger, message.Kind, message.InterviewId, transient, inner);
        return new EmailSendException(text, transient, inner);
    }

    private MailMessage ToMailMessage(EmailMessage message, string messageId)
    {
        var mail = new MailMessage
        {
            From = new MailAddress(_options.From, _options.FromName, Encoding.UTF8),
            Subject = new string([.. message.Subject.Select(c => char.IsControl(c) ? ' ' : c)]),
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
        };
        foreach (var to in message.To)
        {
            mail.To.Add(new MailAddress(to.Address, to.DisplayName, Encoding.UTF8));
        }
        foreach (var cc in message.Cc)
        {
            mail.CC.Add(new MailAddress(cc.Address, cc.DisplayName, Encoding.UTF8));
        }
        if (message.ReplyTo is { } replyTo)
        {
            mail.ReplyToList.Add(new MailAddress(replyTo.Address, replyTo.DisplayName, Encoding.UTF8));
        }
        mail.Headers.Add("Message-ID", messageId);
        mail.Headers.Add(MimeWriter.KindHeader, message.Kind);
        if (message.InterviewId is not null)
        {
            mail.Headers.Add(MimeWriter.InterviewIdHeader, message.InterviewId);
        }
        mail.AlternateViews.Add(View(message.PlainText, MediaTypeNames.Text.Plain));
        if (!string.IsNullOrEmpty(message.Html))
        {
            mail.AlternateViews.Add(View(message.Html, MediaTypeNames.Text.Html));
        }
        foreach (var attachment in message.Attachments)
        {
            ContentType type;
            try
            {
                type = new ContentType(MimeWriter.AttachmentContentType(attachment.ContentType));
            }
            catch (FormatException)
            {
                type = new ContentType(MediaTypeNames.Application.Octet);
            }
            type.Name = attachment.Name;
            var part = new Attachment(new MemoryStream(attachment.Content, writable: false), type) { TransferEncoding = TransferEncoding.Base64 };
            part.ContentDisposition!.Inline = false;
            part.ContentDisposition.FileName = attachment.Name;
            mail.Attachments.Add(part);
        }
        return mail;
    }

    private static AlternateView View(string text, string mediaType)
    {
        var view = AlternateView.CreateAlternateViewFromString(text, Encoding.UTF8, mediaType);
        view.TransferEncoding = TransferEncoding.QuotedPrintable;
        return view;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Email {Kind} for interview {InterviewId} handed to the SMTP server as {MessageId}")]
        public static partial void Sent(ILogger logger, string kind, string? interviewId, string messageId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Email {Kind} for interview {InterviewId} was not taken by the SMTP server (transient: {Transient})")]
        public static partial void Failed(ILogger logger, string kind, string? interviewId, bool transient, Exception? exception);
    }
}
