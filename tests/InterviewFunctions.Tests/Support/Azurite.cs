namespace InterviewFunctions.Tests.Support;

/// <summary>
/// Azurite's queue service (installed into tools/ by the test project's build), started in memory on a free port for the
/// test run and stopped after it. Never skipped: if it cannot start, the tests that need it fail and say why.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    private NodeTool? _tool;

    public int Port { get; } = FreePort.Next();

    public Uri QueueEndpoint => new($"http://127.0.0.1:{Port}/devstoreaccount1");

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={App.Queues.AzureStorage.StorageConnection.DevelopmentKey};QueueEndpoint={QueueEndpoint}";

    public async Task InitializeAsync() =>
        _tool = await NodeTool.StartAsync("Azurite", "azurite/dist/src/queue/main.js",
            ["--queueHost", "127.0.0.1", "--queuePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--inMemoryPersistence", "--silent", "--disableTelemetry"],
            Port);

    public Task DisposeAsync()
    {
        _tool?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<Azurite>
{
    public const string Name = "azurite";
}
