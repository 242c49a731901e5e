using InterviewFunctions.Core.Email;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Email.Outbox;

/// <summary>
/// The default sender: nothing leaves the machine. Each email becomes an <c>.eml</c> file that any mail program opens,
/// listed by <c>GET /api/outbox</c>. The file name is the hash of the idempotency key, so a repeated send finds the
/// file and writes nothing.
/// </summary>
public sealed partial class OutboxEmailSender(OutboxFolder folder, IOptions<EmailOptions> options, TimeProvider clock, ILogger<OutboxEmailSender> logger) : IEmailSender
{
    // Sends of one key are taken one at a time in this process. The rename below refuses to overwrite, but where the
    // file system has no hard links .NET falls back to a check-then-rename, which two racing sends can both pass.
    private static readonly SemaphoreSlim[] KeyGates = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    private readonly EmailAddress _from = new(options.Value.From, options.Value.FromName);

    public string Name => "outbox";

    public async Task<EmailSendResult> SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken)
    {
        EmailIdentity.EnsureSendable(message);
        var id = EmailIdentity.Hash(message.TenantId, idempotencyKey);
        var gate = KeyGates[(int)(uint.Parse(id.AsSpan(0, 8), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) % KeyGates.Length)];
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await WriteOnceAsync(message, id, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<EmailSendResult> WriteOnceAsync(EmailMessage message, string id, CancellationToken cancellationToken)
    {
        var path = folder.PathOf(message.TenantId, id);
        if (File.Exists(path))
        {
            return await DuplicateAsync(message, path, cancellationToken);
        }
        var sentAt = clock.GetUtcNow();
        var mime = MimeWriter.Write(message, _from, EmailIdentity.MessageId(id, _from.Address), sentAt, id);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // A temporary name first, then a rename: a reader or a crash never sees half a message.
            var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{id}.{Guid.NewGuid():N}.tmp");
            try
            {
                await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024, FileOptions.Asynchronous))
                {
                    // No fsync: like the stores (SQLite WAL, synchronous NORMAL), the outbox survives any crash of the
                    // app, and only a power loss can undo its last writes. An fsync per email cost a quarter of the
                    // reminder pipeline's CPU.
                    await file.WriteAsync(mime, cancellationToken);
                }
                try
                {
                    // Without overwrite the move fails if a concurrent send with the same key got there first.
                    File.Move(temporary, path, overwrite: false);
                }
                catch (IOException) when (File.Exists(path))
                {
                    return await DuplicateAsync(message, path, cancellationToken);
                }
            }
            finally
            {
                File.Delete(temporary);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EmailSendException($"The outbox could not write the email under {folder.Root}: {e.Message}", transient: true, e);
        }
        Log.Written(logger, message.Kind, message.InterviewId, id);
        return new EmailSendResult(Name, id, sentAt);
    }

    private async Task<EmailSendResult> DuplicateAsync(EmailMessage message, string path, CancellationToken cancellationToken)
    {
        var original = await folder.SummaryAsync(path, cancellationToken);
        Log.Duplicate(logger, message.Kind, message.InterviewId, original.Id);
        return new EmailSendResult(Name, original.Id, original.SentAt, Duplicate: true);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Email {Kind} for interview {InterviewId} written to the outbox as {OutboxId}")]
        public static partial void Written(ILogger logger, string kind, string? interviewId, string outboxId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Email {Kind} for interview {InterviewId} was already in the outbox as {OutboxId}; not written again")]
        public static partial void Duplicate(ILogger logger, string kind, string? interviewId, string outboxId);
    }
}
