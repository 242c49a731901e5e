namespace InterviewFunctions.Core.Email;

public sealed record EmailAddress(string Address, string? DisplayName = null);

public sealed record EmailAttachment(string Name, string ContentType, byte[] Content);

/// <summary>
/// One email, ready to send. The sender address comes from the sender's configuration. <see cref="Kind"/>,
/// <see cref="TenantId"/> and <see cref="InterviewId"/> say what the email is about, for the outbox listing and logs.
/// </summary>
public sealed record EmailMessage(
    string TenantId,
    string Kind,
    string? InterviewId,
    IReadOnlyList<EmailAddress> To,
    string Subject,
    string PlainText,
    string Html,
    IReadOnlyList<EmailAttachment> Attachments)
{
    public IReadOnlyList<EmailAddress> Cc { get; init; } = [];
    public EmailAddress? ReplyTo { get; init; }
}

/// <param name="Sender">The adapter that sent it (<c>outbox</c>, <c>smtp</c>, <c>acs</c>).</param>
/// <param name="MessageId">The id the adapter gave the email: outbox file name, SMTP Message-ID, ACS operation id.</param>
/// <param name="Duplicate">True when the idempotency key had already been sent and nothing went out this time.</param>
public sealed record EmailSendResult(string Sender, string MessageId, DateTimeOffset SentAt, bool Duplicate = false);

/// <summary>Sends one email. The same idempotency key sends at most once wherever the adapter can make sure of it.</summary>
public interface IEmailSender
{
    string Name { get; }

    /// <exception cref="EmailSendException">The email was not sent; <see cref="EmailSendException.Transient"/> says whether a later retry may work.</exception>
    Task<EmailSendResult> SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken);
}

public sealed class EmailSendException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;
}
