using InterviewFunctions.App.Queues;
using InterviewFunctions.App.Queues.AzureStorage;
using InterviewFunctions.App.Queues.Embedded;
using InterviewFunctions.App.Storage;
using InterviewFunctions.Core.Queues;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Triggers;

public static class TriggerRegistration
{
    /// <summary>The queue adapter chosen by configuration, the standalone listeners and timers.</summary>
    public static IServiceCollection AddQueues(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(QueueOptions.Section);
        services.Configure<QueueOptions>(section);
        var options = section.Get<QueueOptions>() ?? new QueueOptions();
        options.Validate();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new QueueDatabase(Path.Combine(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectoryFullPath, QueueDatabase.FileName)));
        services.AddSingleton<QueueFailureLog>();
        services.AddSingleton<QueueWakeups>();

        Func<IServiceProvider, IMessageQueues> adapter;
        switch (options.Provider.ToLowerInvariant())
        {
            case "embedded":
                adapter = sp => new EmbeddedMessageQueues(sp.GetRequiredService<QueueDatabase>(), sp.GetRequiredService<TimeProvider>());
                break;
            case "azure":
                adapter = AzureAdapter(services, options);
                break;
            default:
                throw new InvalidOperationException($"Queues:Provider must be 'embedded' or 'azure'; it is '{options.Provider}'.");
        }
        services.AddSingleton<IMessageQueues>(sp => new SignallingMessageQueues(adapter(sp), sp.GetRequiredService<QueueWakeups>()));
        services.AddSingleton<IQueueInspection>(sp => (IQueueInspection)sp.GetRequiredService<IMessageQueues>());
        services.AddHostedService<StandaloneTriggers>();
        return services;
    }

    private static Func<IServiceProvider, IMessageQueues> AzureAdapter(IServiceCollection services, QueueOptions options)
    {
        // Read now, so that a malformed setting stops the app at start rather than at the first message.
        StorageConnection? connection = null;
        Uri? serviceUri = null;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            connection = StorageConnection.Parse(options.ConnectionString);
        }
        else if (Uri.TryCreate(options.ServiceUri, UriKind.Absolute, out var uri))
        {
            serviceUri = uri;
            // Managed identity in Azure (AZURE_CLIENT_ID picks a user-assigned one), the developer's login locally.
            services.TryAddSingleton<Azure.Core.TokenCredential>(_ => new Azure.Identity.DefaultAzureCredential());
        }
        else
        {
            throw new InvalidOperationException("Queues:Provider 'azure' needs Queues:ConnectionString (an account key or UseDevelopmentStorage=true) or Queues:ServiceUri (Entra ID).");
        }
        services.AddKeyedSingleton(QueueHttpClient, (_, _) => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        });
        return sp =>
        {
            var clock = sp.GetRequiredService<TimeProvider>();
            StorageAuthorization authorization = connection is not null
                ? new SharedKeyAuthorization(connection.AccountName!, connection.AccountKey!)
                : new BearerTokenAuthorization(sp.GetRequiredService<Azure.Core.TokenCredential>(), clock);
            return new AzureStorageMessageQueues(sp.GetRequiredKeyedService<HttpClient>(QueueHttpClient), authorization,
                connection?.QueueServiceUri ?? serviceUri!, clock, sp.GetRequiredService<ILogger<AzureStorageMessageQueues>>());
        };
    }

    private const string QueueHttpClient = "queues";

    public static IServiceCollection AddQueueFunction<TFunction>(this IServiceCollection services)
        where TFunction : class, IQueueFunction
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQueueFunction, TFunction>());
        return services;
    }

    public static IServiceCollection AddTimerFunction<TFunction>(this IServiceCollection services)
        where TFunction : class, ITimerFunction
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITimerFunction, TFunction>());
        return services;
    }

    /// <summary><c>POST /{FunctionName}</c> for every queue and timer function: the Functions host's custom-handler invocations.</summary>
    public static IEndpointRouteBuilder MapTriggerFunctions(this IEndpointRouteBuilder routes)
    {
        TriggerInvocations.Map(routes);
        return routes;
    }
}
