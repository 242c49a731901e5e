using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Email;

/// <summary>
/// maildev 2.2.1 (installed into tools/ by the test project's build), a real SMTP server that keeps what it receives
/// and shows it through a REST API. Started on free ports for the test run, stopped after it; never skipped.
/// </summary>
public sealed class MailDev : IAsyncLifetime
{
    private Process? _process;

    public int SmtpPort { get; } = FreePort.Next();

    public int WebPort { get; } = FreePort.Next();

    public HttpClient Web { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var cli = Path.Combine(RepoPaths.Root, "tools", "node_modules", "maildev", "bin", "maildev");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"maildev is not installed at {cli}. Run 'npm ci' in tools/ (the test project's build does it).");
        }
        var start = new ProcessStartInfo("node", [cli, "--ip", "127.0.0.1", "--smtp", Port(SmtpPort), "--web", Port(WebPort), "--silent"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Web = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{WebPort}/") };

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"maildev exited with code {_process.ExitCode}.");
            }
            if (await ListensAsync(SmtpPort) && await ListensAsync(WebPort))
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"maildev did not listen on ports {SmtpPort} and {WebPort} within 30 s.");
    }

    public async Task ClearAsync() => (await Web.DeleteAsync("email/all")).EnsureSuccessStatusCode();

    /// <summary>The received emails (maildev's JSON), waiting briefly because maildev parses a message after accepting it.</summary>
    public async Task<JsonObject> SingleWithSubjectAsync(string subject)
    {
        for (var i = 0; i < 50; i++)
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
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        return Task.CompletedTask;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static async Task<bool> ListensAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class MailDevCollection : ICollectionFixture<MailDev>
{
    public const string Name = "maildev";
}
