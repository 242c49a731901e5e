using System.Diagnostics;
using System.Net.Sockets;

namespace InterviewFunctions.Tests.Support;

/// <summary>
/// The npm Cosmos DB emulator (@vercel/cosmosdb-server, installed into tools/ by the test project's build), started on
/// a free port for the test run and stopped after it. Its data lives in memory, so every run starts empty.
/// It is never skipped: if it cannot start, the tests that need it fail and say why.
/// </summary>
public sealed class CosmosEmulator : IAsyncLifetime
{
    // Any base64 key is accepted by the emulator; this one is only ever used against it.
    private const string EmulatorKey = "dGhlLWVtdWxhdG9yLWFjY2VwdHMtYW55LWtleQ==";

    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public string ConnectionString => $"AccountEndpoint=https://127.0.0.1:{Port}/;AccountKey={EmulatorKey};";

    /// <summary>Settings that point the app at this emulator, in a database of its own.</summary>
    public Dictionary<string, string?> AppSettings(string database) => new()
    {
        ["Storage:Provider"] = "cosmos",
        ["Cosmos:ConnectionString"] = ConnectionString,
        ["Cosmos:Database"] = database,
        ["Cosmos:CreateIfMissing"] = "true",
        ["Cosmos:LimitToEndpoint"] = "true",
        ["Cosmos:AcceptAnyServerCertificate"] = "true",
    };

    public async Task InitializeAsync()
    {
        var cli = Path.Combine(RepoPaths.Root, "tools", "node_modules", "@vercel", "cosmosdb-server", "lib", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"The Cosmos DB emulator is not installed at {cli}. Run 'npm ci' in tools/ (the test project's build does it).");
        }
        var start = new ProcessStartInfo("node", [cli, "--host", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
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
                throw new InvalidOperationException($"The Cosmos DB emulator exited with code {_process.ExitCode}.");
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
        throw new TimeoutException($"The Cosmos DB emulator did not listen on port {Port} within 30 s.");
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
public sealed class CosmosCollection : ICollectionFixture<CosmosEmulator>
{
    public const string Name = "cosmos";
}
