using System.Security.Cryptography;
using System.Text;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Email;

namespace InterviewFunctions.App.Email;

/// <summary>
/// Names derived from an idempotency key, so that a retried send names the same message everywhere: the outbox file,
/// the Message-ID header, the Communication Services operation. The tenant is part of the hash, so two tenants that
/// happen to use the same key never collide.
/// </summary>
public static class EmailIdentity
{
    /// <summary>32 lower-case hex digits (128 bits of SHA-256 over tenant and key).</summary>
    public static string Hash(string tenantId, string idempotencyKey)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{tenantId}\n{idempotencyKey}"));
        return Convert.ToHexStringLower(digest.AsSpan(0, 16));
    }

    /// <summary>An RFC 5322 msg-id, <c>&lt;hash@sender-domain&gt;</c>.</summary>
    public static string MessageId(string hash, string fromAddress)
    {
        var at = fromAddress.LastIndexOf('@');
        var domain = at >= 0 ? fromAddress[(at + 1)..] : "localhost";
        return $"<{hash}@{domain}>";
    }

    /// <summary>A UUID built from the hash (RFC 9562 version 8: custom, here name-based over SHA-256).</summary>
    public static Guid OperationId(string hash)
    {
        var bytes = Convert.FromHexString(hash);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>Refuses what no adapter can send: no recipient, or an address that is not a plain ASCII address.</summary>
    /// <exception cref="EmailSendException">Permanent: retrying the same message cannot help.</exception>
    public static void EnsureSendable(EmailMessage message)
    {
        if (message.To.Count == 0)
        {
            throw new EmailSendException("The email has no recipient.", transient: false);
        }
        foreach (var address in message.To.Concat(message.Cc).Append(message.ReplyTo).OfType<EmailAddress>())
        {
            if (!Validation.IsEmail(address.Address) || address.Address.Any(c => c > '~'))
            {
                throw new EmailSendException($"'{address.Address}' is not an email address this sender can use.", transient: false);
            }
        }
    }
}
