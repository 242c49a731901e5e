using System.Diagnostics;
using System.Net.Sockets;

namespace InterviewFunctions.Tests.Support;

/// <summary>
/// Azurite's queue service (installed into tools/ by the test project's build), started in memory on a free port for the
/// test run and stopped after it. Never skipped: if it cannot start, the tests that need it fail and say why.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public Uri QueueEndpoint => new($"http://127.0.0.1:{Port}/devstoreaccount1");

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={App.Queues.AzureStorage.StorageConnection.DevelopmentKey};QueueEndpoint={QueueEndpoint}";

    public async Task InitializeAsync()
    {
        var main = Path.Combine(RepoPaths.Root, "tools", "node_modules", "azurite", "dist", "src", "queue", "main.js");
        if (!File.Exists(main))
        {
            throw new InvalidOperationException($"Azurite is not installed at {main}. Run 'npm ci' in tools/ (the test project's build does it).");
        }
        var start = new ProcessStartInfo("node", [main, "--queueHost", "127.0.0.1", "--queuePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--silent", "--disableTelemetry"])
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

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode}.");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"Azurite did not listen on port {Port} within 30 s.");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<Azurite>
{
    public const string Name = "azurite";
}
