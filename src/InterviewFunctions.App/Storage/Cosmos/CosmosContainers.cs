using System.Collections.ObjectModel;
using Azure.Core;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Storage.Cosmos;

/// <summary>The Cosmos DB client and the containers the app uses, created on first use when configured to.</summary>
public sealed class CosmosContainers : IDisposable
{
    private readonly CosmosOptions _options;
    private readonly CosmosClient _client;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    /// <param name="credential">Used when no connection string is configured: Entra ID (managed identity in Azure).</param>
    public CosmosContainers(IOptions<CosmosOptions> options, TokenCredential credential)
    {
        _options = options.Value;
        // The SDK plans ORDER BY and aggregate queries natively only with these switches on Linux; without them it asks
        // the gateway, which emulators do not serve.
        SetDefault("AZURE_COSMOS_USE_QUERY_PLAN_INTEROP_LINUX", "true");
        SetDefault("AZURE_COSMOS_OPTIMISTIC_DIRECT_EXECUTION_ENABLED", "true");
        var clientOptions = new CosmosClientOptions
        {
            UseSystemTextJsonSerializerWithOptions = StoredJson.Options,
            ConnectionMode = Enum.Parse<ConnectionMode>(_options.ConnectionMode, ignoreCase: true),
            LimitToEndpoint = _options.LimitToEndpoint,
            ApplicationName = "InterviewFunctions",
        };
        if (_options.AcceptAnyServerCertificate)
        {
            clientOptions.ServerCertificateCustomValidationCallback = (_, _, _) => true;
        }
        _client = !string.IsNullOrWhiteSpace(_options.ConnectionString)
            ? new CosmosClient(_options.ConnectionString, clientOptions)
            : new CosmosClient(
                _options.AccountEndpoint ?? throw new InvalidOperationException("Cosmos:ConnectionString or Cosmos:AccountEndpoint must be set when Storage:Provider is cosmos."),
                credential,
                clientOptions);
        Interviews = _client.GetContainer(_options.Database, _options.InterviewsContainer);
        Idempotency = _client.GetContainer(_options.Database, _options.IdempotencyContainer);
        Stories = _client.GetContainer(_options.Database, _options.StoriesContainer);
        Jobs = _client.GetContainer(_options.Database, _options.JobsContainer);
        Candidates = _client.GetContainer(_options.Database, _options.CandidatesContainer);
        MockInterviews = _client.GetContainer(_options.Database, _options.MockInterviewsContainer);
        Resumes = _client.GetContainer(_options.Database, _options.ResumesContainer);
        Screenings = _client.GetContainer(_options.Database, _options.ScreeningsContainer);
        Evaluations = _client.GetContainer(_options.Database, _options.EvaluationsContainer);
        FeedTokens = _client.GetContainer(_options.Database, _options.FeedTokensContainer);
        Calendar = _client.GetContainer(_options.Database, _options.CalendarContainer);
    }

    public Container Calendar { get; }

    public Container Interviews { get; }

    public Container Idempotency { get; }

    public Container Stories { get; }

    public Container Jobs { get; }

    public Container Candidates { get; }

    public Container MockInterviews { get; }

    public Container Resumes { get; }

    public Container Screenings { get; }

    public Container Evaluations { get; }
    public Container FeedTokens { get; }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_initialized || !_options.CreateIfMissing)
        {
            return;
        }
        await _initLock.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }
            Database database = await _client.CreateDatabaseIfNotExistsAsync(_options.Database, cancellationToken: cancellationToken);
            var interviews = new ContainerProperties(_options.InterviewsContainer, "/tenantId");
            interviews.IndexingPolicy.CompositeIndexes.Add(new Collection<CompositePath>
            {
                new() { Path = "/scheduledStart", Order = CompositePathSortOrder.Ascending },
                new() { Path = "/id", Order = CompositePathSortOrder.Ascending },
            });
            await database.CreateContainerIfNotExistsAsync(interviews, cancellationToken: cancellationToken);
            // Idempotency records expire by themselves; the store also checks their age.
            await database.CreateContainerIfNotExistsAsync(
                new ContainerProperties(_options.IdempotencyContainer, "/tenantId") { DefaultTimeToLive = (int)TimeSpan.FromDays(2).TotalSeconds },
                cancellationToken: cancellationToken);
            await database.CreateContainerIfNotExistsAsync(new ContainerProperties(_options.StoriesContainer, "/tenantId"), cancellationToken: cancellationToken);
            await database.CreateContainerIfNotExistsAsync(new ContainerProperties(_options.JobsContainer, "/tenantId"), cancellationToken: cancellationToken);
            // Unique keys hold within a logical partition, so this is one email per candidate per tenant, enforced by
            // Cosmos itself. The policy can only be set when the container is made (Bicep must set it too).
            var candidates = new ContainerProperties(_options.CandidatesContainer, "/tenantId");
            candidates.UniqueKeyPolicy.UniqueKeys.Add(new UniqueKey { Paths = { "/email" } });
            await database.CreateContainerIfNotExistsAsync(candidates, cancellationToken: cancellationToken);
            await database.CreateContainerIfNotExistsAsync(new ContainerProperties(_options.MockInterviewsContainer, "/tenantId"), cancellationToken: cancellationToken);
            await database.CreateContainerIfNotExistsAsync(new ContainerProperties(_options.ResumesContainer, "/tenantId"), cancellationToken: cancellationToken);
            // A job's ranking orders by two properties, which Cosmos serves only from a composite index.
            var screenings = new ContainerProperties(_options.ScreeningsContainer, "/tenantId");
            screenings.IndexingPolicy.CompositeIndexes.Add(new Collection<CompositePath>
            {
                new() { Path = "/rankScore", Order = CompositePathSortOrder.Descending },
                new() { Path = "/id", Order = CompositePathSortOrder.Ascending },
            });
            await database.CreateContainerIfNotExistsAsync(screenings, cancellationToken: cancellationToken);
            await database.CreateContainerIfNotExistsAsync(new ContainerProperties(_options.EvaluationsContainer, "/tenantId"), cancellationToken: cancellationToken);
            await database.CreateContainerIfNotExistsAsync(new ContainerProperties(_options.FeedTokensContainer, "/tenantId"), cancellationToken: cancellationToken);
            await database.CreateContainerIfNotExistsAsync(new ContainerProperties(_options.CalendarContainer, "/tenantId") { DefaultTimeToLive = -1 }, cancellationToken: cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    public async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        await Interviews.ReadContainerAsync(cancellationToken: cancellationToken);
    }

    public void Dispose()
    {
        _client.Dispose();
        _initLock.Dispose();
    }

    private static void SetDefault(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is null)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
