namespace InterviewFunctions.App.Queues;

/// <summary>
/// The queue adapter and the standalone listeners' settings. The listener defaults are the Functions host's queue
/// trigger defaults (host.json <c>extensions.queues</c>), with its local-development polling interval.
/// </summary>
public sealed class QueueOptions
{
    public const string Section = "Queues";

    /// <summary><c>embedded</c> (a SQLite file in the data directory, the default) or <c>azure</c> (Storage Queues over REST).</summary>
    public string Provider { get; set; } = "embedded";

    /// <summary>For <c>azure</c>: an account connection string with a key, or <c>UseDevelopmentStorage=true</c> for Azurite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>For <c>azure</c> without a connection string: the queue service URI, reached with an Entra ID token.</summary>
    public string? ServiceUri { get; set; }

    /// <summary>Messages received per poll, 1 to 32.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>A new batch is fetched once no more than this many messages are in flight; null means half the batch size per processor.</summary>
    public int? NewBatchThreshold { get; set; }

    /// <summary>The longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a failed message stays invisible before it is retried.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>How long a message being handled stays invisible; the listener renews it at half time while the handler runs.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Deliveries before a failing message moves to <c>{queue}-poison</c>.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Run the queue listeners and timers when the app runs standalone (never under the Functions host, which runs them).</summary>
    public bool ListenersEnabled { get; set; } = true;

    public int EffectiveNewBatchThreshold => NewBatchThreshold ?? Math.Max(1, BatchSize / 2 * Environment.ProcessorCount);

    internal void Validate()
    {
        if (BatchSize is < 1 or > 32)
        {
            throw new InvalidOperationException($"Queues:BatchSize must be 1 to 32; it is {BatchSize}.");
        }
        if (NewBatchThreshold is < 0)
        {
            throw new InvalidOperationException("Queues:NewBatchThreshold must not be negative.");
        }
        if (MaxDequeueCount < 1)
        {
            throw new InvalidOperationException("Queues:MaxDequeueCount must be at least 1.");
        }
        if (MaxPollingInterval <= TimeSpan.Zero || VisibilityTimeout < TimeSpan.Zero || LeaseDuration < TimeSpan.FromSeconds(2))
        {
            throw new InvalidOperationException("Queues:MaxPollingInterval must be positive, VisibilityTimeout not negative, LeaseDuration at least 2 seconds.");
        }
    }
}
