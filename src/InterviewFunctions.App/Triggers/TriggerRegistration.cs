using InterviewFunctions.App.AzureStorage;
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
        var access = StorageAccess.Register(services, options.ConnectionString, options.ServiceUri, StorageService.Queue, QueueOptions.Section, nameof(QueueOptions.ServiceUri));
        services.AddKeyedSingleton(QueueHttpClient, (_, _) => StorageAccess.NewHttpClient(TimeSpan.FromSeconds(30)));
        return sp => new AzureStorageMessageQueues(sp.GetRequiredKeyedService<HttpClient>(QueueHttpClient), access.Authorization(sp),
            access.ServiceUri, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AzureStorageMessageQueues>>());
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
