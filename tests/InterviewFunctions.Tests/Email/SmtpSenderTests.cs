using System.Net.Sockets;
using System.Text;
using InterviewFunctions.App.Email;
using InterviewFunctions.App.Email.Outbox;
using InterviewFunctions.App.Email.Smtp;
using InterviewFunctions.App.Storage;
using InterviewFunctions.Core.Email;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.Tests.Email;

/// <summary>The SMTP sender against a real SMTP server (maildev), read back through maildev's REST API.</summary>
[Collection(MailDevCollection.Name)]
public sealed class SmtpSenderTests(MailDev mailDev)
{
    private static SmtpEmailSender SenderFor(int port, int timeoutSeconds = 10) => new(
        Options.Create(new EmailOptions { From = "interviews@acme.test", FromName = "Acme Interviews", Smtp = new SmtpEmailOptions { Host = "127.0.0.1", Port = port, TimeoutSeconds = timeoutSeconds } }),
        TimeProvider.System,
        NullLogger<SmtpEmailSender>.Instance);

    [Fact]
    public async Task The_server_receives_subject_both_bodies_attachments_recipients_and_the_derived_message_id()
    {
        var subject = EmailSamples.NonAsciiSubject + " " + Guid.NewGuid().ToString("N")[..8];
        var message = EmailSamples.Message(subject: subject);

        var result = await SenderFor(mailDev.SmtpPort).SendAsync(message, "reminder:iv-1:v1:2h", CancellationToken.None);

        var email = await mailDev.SingleWithSubjectAsync(subject);
        Assert.Equal("smtp", result.Sender);
        Assert.Equal(EmailIdentity.MessageId(EmailIdentity.Hash("acme", "reminder:iv-1:v1:2h"), "interviews@acme.test"), result.MessageId);
        Assert.Equal(result.MessageId.Trim('<', '>'), ((string)email["messageId"]!).Trim('<', '>'));
        Assert.Equal(message.PlainText.ReplaceLineEndings("\n").TrimEnd(), ((string)email["text"]!).ReplaceLineEndings("\n").TrimEnd());
        Assert.Contains("<b>Monday</b>", (string)email["html"]!, StringComparison.Ordinal);
        Assert.Equal(["ada@example.com", "zoe@example.com"], email["to"]!.AsArray().Select(a => (string)a!["address"]!));
        Assert.Equal("Zoë Müller-Lüdenscheidt, PhD", (string)email["to"]![1]!["name"]!);
        Assert.Equal(["bob@acme.test"], email["cc"]!.AsArray().Select(a => (string)a!["address"]!));
        Assert.Equal("interviews@acme.test", (string)email["from"]![0]!["address"]!);
        Assert.Equal("reminder", (string)email["headers"]!["x-interview-functions-kind"]!);
        var attachments = email["attachments"]!.AsArray();
        Assert.Equal(["invite.ics", "notes.bin"], attachments.Select(a => (string)a!["fileName"]!));
        Assert.Equal("text/calendar", (string)attachments[0]!["contentType"]!);
        Assert.Equal(EmailSamples.Invitation, await mailDev.AttachmentAsync(email, 0));
        Assert.Equal(EmailSamples.Binary, await mailDev.AttachmentAsync(email, 1));
    }

    [Fact]
    public async Task The_app_registers_the_SMTP_sender_from_configuration()
    {
        using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Email:Provider"] = "smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = mailDev.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var subject = "Registered " + Guid.NewGuid().ToString("N");

        var result = await app.Services.GetRequiredService<IEmailSender>().SendAsync(EmailSamples.Message(subject: subject, attachments: false), "k", CancellationToken.None);

        Assert.Equal("smtp", result.Sender);
        Assert.Equal("interviews@localhost.test", (string)(await mailDev.SingleWithSubjectAsync(subject))["from"]![0]!["address"]!);
    }

    [Fact]
    public async Task An_outbox_file_delivered_verbatim_reads_the_same_in_maildev()
    {
        var directory = RepoPaths.NewTempDirectory("if-outbox-smtp");
        try
        {
            var folder = new OutboxFolder(Options.Create(new StorageOptions { DataDirectory = directory }));
            var outbox = new OutboxEmailSender(folder, Options.Create(new EmailOptions()), TimeProvider.System, NullLogger<OutboxEmailSender>.Instance);
            var subject = EmailSamples.NonAsciiSubject + " outbox " + Guid.NewGuid().ToString("N")[..8];
            var message = EmailSamples.Message(subject: subject);
            var result = await outbox.SendAsync(message, "k", CancellationToken.None);

            await SendRawAsync(mailDev.SmtpPort, await File.ReadAllTextAsync(folder.PathOf("acme", result.MessageId)));

            // maildev parses with its own MIME parser: an independent reading of what the outbox wrote.
            var email = await mailDev.SingleWithSubjectAsync(subject);
            Assert.Equal(message.PlainText.ReplaceLineEndings("\n"), ((string)email["text"]!).ReplaceLineEndings("\n").TrimEnd('\n'));
            Assert.Equal(message.Html, ((string)email["html"]!).Trim());
            Assert.Equal(["Ada Lovelace", "Zoë Müller-Lüdenscheidt, PhD"], email["to"]!.AsArray().Select(a => (string)a!["name"]!));
            Assert.Equal("Bob \"The Builder\"", (string)email["cc"]![0]!["name"]!);
            Assert.Equal(["invite.ics", "notes.bin"], email["attachments"]!.AsArray().Select(a => (string)a!["fileName"]!));
            Assert.Equal(EmailSamples.Invitation, await mailDev.AttachmentAsync(email, 0));
            Assert.Equal(EmailSamples.Binary, await mailDev.AttachmentAsync(email, 1));
        }
        finally
        {
            RepoPaths.DeleteQuietly(directory);
        }
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        var error = await Assert.ThrowsAsync<EmailSendException>(() => SenderFor(FreePort.Next()).SendAsync(EmailSamples.Message(), "k", CancellationToken.None));

        Assert.True(error.Transient, error.Message);
    }

    [Theory]
    [InlineData("550 5.1.1 No such mailbox", false)]
    [InlineData("553 5.1.3 Bad recipient address syntax", false)]
    [InlineData("451 4.3.0 Try again later", true)]
    [InlineData("452 4.2.2 Mailbox full", true)]
    public async Task A_refused_recipient_is_permanent_for_5xx_and_transient_for_4xx(string reply, bool transient)
    {
        await using var server = new ScriptedSmtpServer(reply);

        var error = await Assert.ThrowsAsync<EmailSendException>(() => SenderFor(server.Port).SendAsync(EmailSamples.Message(attachments: false), "k", CancellationToken.None));

        Assert.Equal(transient, error.Transient);
    }

    /// <summary>Speaks SMTP by hand to hand over a message exactly as written (dot-stuffed).</summary>
    private static async Task SendRawAsync(int port, string message)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        async Task Expect(string code)
        {
            string? line;
            do
            {
                line = await reader.ReadLineAsync();
                Assert.NotNull(line);
                Assert.StartsWith(code, line, StringComparison.Ordinal);
            }
            while (line.Length > 3 && line[3] == '-');
        }
        await Expect("220");
        foreach (var (command, code) in new[] { ("EHLO tests", "250"), ("MAIL FROM:<interviews@localhost.test>", "250"), ("RCPT TO:<ada@example.com>", "250"), ("DATA", "354") })
        {
            await writer.WriteLineAsync(command);
            await Expect(code);
        }
        var stuffed = string.Join("\r\n", message.Split("\r\n").Select(l => l.StartsWith('.') ? "." + l : l));
        await writer.WriteAsync(stuffed + (stuffed.EndsWith("\r\n", StringComparison.Ordinal) ? "" : "\r\n") + ".\r\n");
        await Expect("250");
        await writer.WriteLineAsync("QUIT");
    }
}
