using InterviewFunctions.Core.Queues;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InterviewFunctions.App.Triggers;

public static class TriggerRegistration
{
    /// <summary>The queue adapter chosen by configuration, the standalone listeners and timers.</summary>
    public static IServiceCollection AddQueues(this IServiceCollection services, IConfiguration configuration)
    {
        // Filled in by the queue work: embedded and Azure Storage adapters, listeners, timers.
        _ = configuration;
        return services;
    }

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
        _ = typeof(IMessageQueues);
        return routes;
    }
}
