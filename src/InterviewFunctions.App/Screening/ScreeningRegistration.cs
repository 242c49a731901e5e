using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Screening;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InterviewFunctions.App.Screening;

public static class ScreeningRegistration
{
    /// <summary>
    /// The upload limit, the scheduler, the offline engine, the ScreenResume queue function and the API's serializer code. The resume and
    /// screening stores are registered with the document store, the file store by its own registration.
    /// </summary>
    public static IServiceCollection AddScreeningPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ScreeningOptions>().Bind(configuration.GetSection(ScreeningOptions.Section))
            .Validate(o => o.MaxUploadBytes > 0, "Screening:MaxUploadBytes must be a positive number of bytes.")
            .Validate(o => IsQueueName(o.QueueName), "Screening:QueueName must be 3 to 63 lower-case letters, digits and single hyphens.")
            .ValidateOnStart();
        services.AddSingleton<ScreeningScheduler>();
        // The deterministic engine, stateless and shared; an AI engine, when configured, decorates this registration.
        services.TryAddSingleton<IScreeningEngine>(_ => new OfflineScreeningEngine());
        services.AddQueueFunction<ScreenResumeFunction>();
        // After the API's own context (index 0) and before the reflection fallback.
        services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Insert(Math.Min(1, o.SerializerOptions.TypeInfoResolverChain.Count), ScreeningApiJsonContext.Default));
        return services;
    }

    private static bool IsQueueName(string name)
    {
        try
        {
            Queues.QueueNames.Validate(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
