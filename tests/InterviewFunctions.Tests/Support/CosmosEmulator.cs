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

    private NodeTool? _tool;

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

    /// <summary>The containers of a database of its own on this emulator, created on first use, for a store contract suite.</summary>
    public App.Storage.Cosmos.CosmosContainers Containers(string database) =>
        new(Microsoft.Extensions.Options.Options.Create(new App.Storage.Cosmos.CosmosOptions
        {
            ConnectionString = ConnectionString,
            Database = database,
            CreateIfMissing = true,
            LimitToEndpoint = true,
            AcceptAnyServerCertificate = true,
        }), new RecordingCredential());

    public async Task InitializeAsync() =>
        _tool = await NodeTool.StartAsync("The Cosmos DB emulator", "@vercel/cosmosdb-server/lib/cli.js",
            ["--host", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], Port);

    public Task DisposeAsync()
    {
        _tool?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class CosmosCollection : ICollectionFixture<CosmosEmulator>
{
    public const string Name = "cosmos";
}
