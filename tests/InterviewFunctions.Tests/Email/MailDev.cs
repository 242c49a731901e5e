using System.Globalization;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Email;

/// <summary>
/// maildev 2.2.1 (installed into tools/ by the test project's build), a real SMTP server that keeps what it receives
/// and shows it through a REST API. Started on free ports for the test run, stopped after it; never skipped.
/// </summary>
public sealed class MailDev : IAsyncLifetime
{
    private NodeTool? _tool;

    public int SmtpPort { get; } = FreePort.Next();

    public int WebPort { get; } = FreePort.Next();

    public HttpClient Web { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _tool = await NodeTool.StartAsync("maildev", "maildev/bin/maildev",
            ["--ip", "127.0.0.1", "--smtp", Port(SmtpPort), "--web", Port(WebPort), "--silent"], SmtpPort, WebPort);
        Web = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{WebPort}/") };
    }

    public async Task ClearAsync() => (await Web.DeleteAsync("email/all")).EnsureSuccessStatusCode();

    /// <summary>The received emails (maildev's JSON), waiting briefly because maildev parses a message after accepting it.</summary>
    public async Task<JsonObject> SingleWithSubjectAsync(string subject)
    {
        // Generous: maildev is a node process sharing two cores with the tests.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var emails = JsonNode.Parse(await Web.GetStringAsync("email"))!.AsArray();
            var found = emails.Where(e => (string?)e!["subject"] == subject).ToList();
            if (found.Count > 0)
            {
                Assert.Single(found);
                return found[0]!.AsObject();
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"maildev received no email with the subject '{subject}'.");
    }

    public Task<byte[]> AttachmentAsync(JsonObject email, int index) =>
        Web.GetByteArrayAsync($"email/{email["id"]}/attachment/{Uri.EscapeDataString((string)email["attachments"]![index]!["generatedFileName"]!)}");

    public Task DisposeAsync()
    {
        Web?.Dispose();
        _tool?.Dispose();
        return Task.CompletedTask;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}

[CollectionDefinition(Name)]
public sealed class MailDevCollection : ICollectionFixture<MailDev>
{
    public const string Name = "maildev";
}
