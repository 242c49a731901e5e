using System.Globalization;
using InterviewFunctions.App.AzureStorage;

namespace InterviewFunctions.Tests.Support;

/// <summary>
/// Azurite's queue and blob services (installed into tools/ by the test project's build), started in memory on free
/// ports for the test run and stopped after it. Never skipped: if they cannot start, the tests that need them fail
/// and say why.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    private NodeTool? _queues;
    private NodeTool? _blobs;

    public int Port { get; } = FreePort.Next();

    public int BlobPort { get; } = FreePort.Next();

    public Uri QueueEndpoint => new($"http://127.0.0.1:{Port}/devstoreaccount1");

    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/devstoreaccount1");

    /// <summary>An account connection string naming both services, as a real account's would.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={StorageConnection.DevelopmentKey};QueueEndpoint={QueueEndpoint};BlobEndpoint={BlobEndpoint}";

    public async Task InitializeAsync()
    {
        // One after the other: FreePort hands out ports that are free now, and two starting services must not race for one.
        _queues = await NodeTool.StartAsync("Azurite queues", "azurite/dist/src/queue/main.js",
            ["--queueHost", "127.0.0.1", "--queuePort", Port.ToString(CultureInfo.InvariantCulture), "--inMemoryPersistence", "--silent", "--disableTelemetry"],
            Port);
        _blobs = await NodeTool.StartAsync("Azurite blobs", "azurite/dist/src/blob/main.js",
            ["--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(CultureInfo.InvariantCulture), "--inMemoryPersistence", "--silent", "--disableTelemetry"],
            BlobPort);
    }

    public Task DisposeAsync()
    {
        _blobs?.Dispose();
        _queues?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<Azurite>
{
    public const string Name = "azurite";
}
