using System.Text;
using System.Text.RegularExpressions;
using InterviewFunctions.App.Email;
using InterviewFunctions.App.Email.Outbox;
using InterviewFunctions.App.Storage;
using InterviewFunctions.Core.Email;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.Tests.Email;

/// <summary>The outbox sender on a real folder: the files it writes are sound MIME, and a key is written once.</summary>
public sealed partial class OutboxSenderTests : IDisposable
{
    private readonly string _directory = RepoPaths.NewTempDirectory("if-outbox");
    private readonly FakeClock _clock = new();
    private readonly OutboxFolder _folder;
    private readonly OutboxEmailSender _sender;

    public OutboxSenderTests()
    {
        _folder = new OutboxFolder(Options.Create(new StorageOptions { DataDirectory = _directory }));
        _sender = new OutboxEmailSender(_folder, Options.Create(new EmailOptions { From = "interviews@acme.test", FromName = "Acme Interviews" }), _clock, NullLogger<OutboxEmailSender>.Instance);
    }

    public void Dispose() => RepoPaths.DeleteQuietly(_directory);

    [Fact]
    public async Task The_file_is_multipart_mixed_with_both_alternatives_and_the_attachments_byte_for_byte()
    {
        var message = EmailSamples.Message();

        var result = await _sender.SendAsync(message, "reminder:iv-1:v1:48h", CancellationToken.None);

        var path = Path.Combine(_directory, "outbox", "acme", result.MessageId + ".eml");
        var text = Encoding.ASCII.GetString(await File.ReadAllBytesAsync(path));
        Assert.All(text.Split("\r\n"), line => Assert.True(line.Length <= 76, $"Line longer than 76: {line}"));
        Assert.DoesNotContain(text, c => c > '~' && c is not ('\r' or '\n'));
        var mime = MimeEntity.Parse(text);
        Assert.Equal("multipart/mixed", mime.MediaType);
        Assert.Equal("1.0", mime.Header("MIME-Version"));
        Assert.Equal(3, mime.Parts.Count);

        var alternative = mime.Parts[0];
        Assert.Equal("multipart/alternative", alternative.MediaType);
        Assert.NotEqual(mime.Parameter("boundary"), alternative.Parameter("boundary"));
        Assert.Equal(["text/plain", "text/html"], alternative.Parts.Select(p => p.MediaType));
        Assert.All(alternative.Parts, p => Assert.Equal("utf-8", p.Parameter("charset")));
        Assert.Equal(message.PlainText.ReplaceLineEndings("\r\n"), alternative.Parts[0].Text);
        Assert.Equal(message.Html, alternative.Parts[1].Text);

        var invitation = mime.Parts[1];
        Assert.Equal("text/calendar", invitation.MediaType);
        Assert.Equal("utf-8", invitation.Parameter("charset"));
        Assert.Equal("REQUEST", invitation.Parameter("method"));
        Assert.Equal("invite.ics", invitation.Parameter("name"));
        Assert.Equal("attachment; filename=invite.ics", invitation.Header("Content-Disposition"));
        Assert.Equal(EmailSamples.Invitation, invitation.DecodedBody);
        var binary = mime.Parts[2];
        Assert.Equal("base64", binary.Header("Content-Transfer-Encoding"));
        Assert.Equal(EmailSamples.Binary, binary.DecodedBody);
        Assert.All(binary.RawBody.TrimEnd().Split("\r\n")[..^1], line => Assert.Equal(76, line.Length));
    }

    [Fact]
    public async Task Headers_carry_the_addresses_the_ids_and_non_ASCII_as_encoded_words()
    {
        _clock.Set(new DateTimeOffset(2026, 11, 21, 9, 30, 15, 250, TimeSpan.Zero));
        var message = EmailSamples.Message();

        var result = await _sender.SendAsync(message, "reminder:iv-1:v1:48h", CancellationToken.None);

        var mime = MimeEntity.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, "outbox", "acme", result.MessageId + ".eml")));
        Assert.Equal(EmailSamples.NonAsciiSubject, DecodeWords(mime.Header("Subject")!));
        Assert.Matches(@"^(=\?utf-8\?B\?[A-Za-z0-9+/=]+\?=\s*)+$", mime.Header("Subject")!);
        Assert.Equal("Acme Interviews <interviews@acme.test>", mime.Header("From"));
        var to = mime.Header("To")!;
        Assert.StartsWith("Ada Lovelace <ada@example.com>, ", to, StringComparison.Ordinal);
        Assert.EndsWith("<zoe@example.com>", to, StringComparison.Ordinal);
        Assert.Equal("Zoë Müller-Lüdenscheidt, PhD", DecodeWords(to.Split(", ", 2)[1].Split('<')[0].Trim()));
        Assert.Equal("\"Bob \\\"The Builder\\\"\" <bob@acme.test>", mime.Header("Cc"));
        Assert.Equal("Acme Recruiting <recruiting@acme.test>", mime.Header("Reply-To"));
        Assert.Equal("Sat, 21 Nov 2026 09:30:15 +0000", mime.Header("Date"));
        Assert.Equal($"<{result.MessageId}@acme.test>", mime.Header("Message-ID"));
        Assert.Equal(EmailIdentity.Hash("acme", "reminder:iv-1:v1:48h"), result.MessageId);
        Assert.Equal("reminder", mime.Header("X-Interview-Functions-Kind"));
        Assert.Equal("iv-1", mime.Header("X-Interview-Functions-Interview-Id"));
        Assert.Equal(new EmailSendResult("outbox", result.MessageId, _clock.GetUtcNow()), result);
    }

    [Fact]
    public async Task Without_attachments_or_html_the_message_is_as_simple_as_it_can_be()
    {
        var plain = EmailSamples.Message(subject: "Plain ASCII subject", attachments: false) with { Html = "" };

        var result = await _sender.SendAsync(plain, "k1", CancellationToken.None);

        var mime = MimeEntity.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, "outbox", "acme", result.MessageId + ".eml")));
        Assert.Equal("text/plain", mime.MediaType);
        Assert.Equal("Plain ASCII subject", mime.Header("Subject"));
        Assert.Equal(plain.PlainText.ReplaceLineEndings("\r\n"), mime.Text);
    }

    [Fact]
    public async Task A_header_value_cannot_inject_another_header()
    {
        var hostile = EmailSamples.Message(subject: "Hi\r\nBcc: victim@example.com", kind: "reminder\r\nX-Evil: 1", attachments: false);

        var result = await _sender.SendAsync(hostile, "k-hostile", CancellationToken.None);

        var mime = MimeEntity.Parse(await File.ReadAllTextAsync(Path.Combine(_directory, "outbox", "acme", result.MessageId + ".eml")));
        Assert.Null(mime.Header("Bcc"));
        Assert.Null(mime.Header("X-Evil"));
        Assert.Equal("Hi Bcc: victim@example.com", mime.Header("Subject"));
    }

    [Fact]
    public async Task The_same_key_is_written_once_and_answers_as_a_duplicate_with_the_original_id_and_time()
    {
        var first = await _sender.SendAsync(EmailSamples.Message(), "reminder:iv-1:v1:24h", CancellationToken.None);
        var written = await File.ReadAllBytesAsync(Path.Combine(_directory, "outbox", "acme", first.MessageId + ".eml"));
        _clock.Advance(TimeSpan.FromMinutes(5));

        var again = await _sender.SendAsync(EmailSamples.Message(subject: "Changed"), "reminder:iv-1:v1:24h", CancellationToken.None);
        var otherTenant = await _sender.SendAsync(EmailSamples.Message(tenantId: "globex"), "reminder:iv-1:v1:24h", CancellationToken.None);

        Assert.True(again.Duplicate);
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(first.SentAt, again.SentAt);
        Assert.Equal(written, await File.ReadAllBytesAsync(Path.Combine(_directory, "outbox", "acme", first.MessageId + ".eml")));
        Assert.Single(Directory.GetFiles(Path.Combine(_directory, "outbox", "acme")));
        Assert.False(otherTenant.Duplicate);
        Assert.NotEqual(first.MessageId, otherTenant.MessageId);
    }

    [Fact]
    public async Task Concurrent_sends_with_one_key_leave_one_file_and_one_original()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => _sender.SendAsync(EmailSamples.Message(), "same-key", CancellationToken.None))));

        Assert.Single(results, r => !r.Duplicate);
        Assert.Single(results.Select(r => r.MessageId).Distinct());
        Assert.Equal([results[0].MessageId + ".eml"], Directory.GetFiles(Path.Combine(_directory, "outbox", "acme")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_unsendable_address_is_a_permanent_failure_and_writes_nothing()
    {
        var bad = EmailSamples.Message() with { To = [new EmailAddress("ada@example.com\r\nBcc: x@example.com")] };

        var error = await Assert.ThrowsAsync<EmailSendException>(() => _sender.SendAsync(bad, "k", CancellationToken.None));

        Assert.False(error.Transient);
        Assert.False(Directory.Exists(Path.Combine(_directory, "outbox", "acme")));
    }

    [Fact]
    public async Task A_tenant_id_that_is_not_a_safe_file_name_stays_inside_the_outbox()
    {
        var result = await _sender.SendAsync(EmailSamples.Message(tenantId: "../escape"), "k", CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(Path.Combine(_directory, "outbox"), "*.eml", SearchOption.AllDirectories));
        Assert.Equal(Path.Combine(_directory, "outbox", "~2e2e2f657363617065", result.MessageId + ".eml"), file);
    }

    /// <summary>An RFC 2047 decoder of its own: adjacent B-encoded UTF-8 words, whitespace between them dropped.</summary>
    private static string DecodeWords(string value) =>
        Encoding.UTF8.GetString([.. EncodedWord().Matches(value).SelectMany(m => Convert.FromBase64String(m.Groups[1].Value))]);

    [GeneratedRegex(@"=\?utf-8\?B\?([^?]*)\?=")]
    private static partial Regex EncodedWord();
}
