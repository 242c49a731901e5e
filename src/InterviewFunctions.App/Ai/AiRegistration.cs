using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core;
using InterviewFunctions.Core.Evaluation;
using InterviewFunctions.Core.Preparation;
using InterviewFunctions.Core.Preparation.Bank;
using InterviewFunctions.Core.Preparation.Coaching;
using InterviewFunctions.Core.Screening;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenAI;
using OpenAI.Audio;
using OpenAI.Chat;

namespace InterviewFunctions.App.Ai;

// The SDK marks its AuthenticationPolicy constructors experimental (OPENAI001); they are the documented way to use
// Entra ID tokens with Azure OpenAI's v1 endpoint, and the only one that needs no API key.
#pragma warning disable OPENAI001

public static class AiRegistration
{
    /// <summary>
    /// The AI engines, when <c>AzureOpenAI:Endpoint</c> and a deployment are configured: each decorates the offline
    /// service already registered (so call this after them) and falls back to it. Unconfigured, nothing is registered
    /// and the offline services serve alone.
    /// </summary>
    /// <exception cref="InvalidOperationException">A configured value that cannot work.</exception>
    public static IServiceCollection AddAi(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(AiOptions.Section);
        services.Configure<AiOptions>(section);
        var options = section.Get<AiOptions>() ?? new AiOptions();
        options.Validate();
        if (!options.ChatConfigured && !options.TranscriptionConfigured)
        {
            return services;
        }
        // Managed identity in Azure (AZURE_CLIENT_ID picks a user-assigned one), the developer's login locally.
        services.TryAddSingleton<TokenCredential>(_ => new Azure.Identity.DefaultAzureCredential());
        if (options.ChatConfigured)
        {
            services.AddSingleton(sp => new AiChat(
                Authenticated(options, sp, (key, o) => new ChatClient(options.ChatDeployment, key, o), (policy, o) => new ChatClient(options.ChatDeployment, policy, o)),
                options, sp.GetRequiredService<ILogger<AiChat>>()));
            Decorate<IQuestionGenerator>(services, (sp, offline) => new AiQuestionGenerator(offline, sp.GetRequiredService<AiChat>(), sp.GetRequiredService<QuestionBank>()));
            Decorate<IElevatorPitchWriter>(services, (sp, offline) => new AiPitchWriter(offline, sp.GetRequiredService<AiChat>()));
            Decorate<IScreeningEngine>(services, (sp, offline) => new AiScreeningEngine(offline, sp.GetRequiredService<AiChat>()));
            Decorate<IInterviewEvaluator>(services, (sp, offline) => new AiInterviewEvaluator(offline, sp.GetRequiredService<AiChat>()));
            services.AddSingleton<IMockInterviewVoice>(sp => new AiMockVoice(sp.GetRequiredService<AiChat>()));
        }
        if (options.TranscriptionConfigured)
        {
            services.AddSingleton<ISpeechToText>(sp => new AiSpeechToText(
                Authenticated(options, sp, (key, o) => new AudioClient(options.TranscriptionDeployment, key, o), (policy, o) => new AudioClient(options.TranscriptionDeployment, policy, o)),
                options, sp.GetRequiredService<ILogger<AiSpeechToText>>()));
        }
        return services;
    }

    /// <summary>A client with the API key when one is set (sent as a bearer token, as the v1 endpoint accepts), else an Entra ID token.</summary>
    private static TClient Authenticated<TClient>(
        AiOptions options, IServiceProvider services, Func<ApiKeyCredential, OpenAIClientOptions, TClient> withKey, Func<AuthenticationPolicy, OpenAIClientOptions, TClient> withToken)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(options.Endpoint!),
            NetworkTimeout = options.Timeout,
            RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
        };
        // A transport registered in the container replaces the SDK's own HttpClient (tests route calls to a fake service).
        if (services.GetService<PipelineTransport>() is { } transport)
        {
            clientOptions.Transport = transport;
        }
        return string.IsNullOrWhiteSpace(options.ApiKey)
            ? withToken(new BearerTokenPolicy(services.GetRequiredService<TokenCredential>(), AiOptions.EntraScope), clientOptions)
            : withKey(new ApiKeyCredential(options.ApiKey), clientOptions);
    }

    /// <summary>Wraps the service's current registration, when there is one; without one there is nothing to improve on.</summary>
    private static void Decorate<TService>(IServiceCollection services, Func<IServiceProvider, TService, TService> decorate) where TService : class
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(TService) && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }
        if (index < 0)
        {
            return;
        }
        var inner = services[index];
        services[index] = ServiceDescriptor.Describe(typeof(TService), sp => decorate(sp, Resolve<TService>(sp, inner)), inner.Lifetime);
    }

    private static TService Resolve<TService>(IServiceProvider services, ServiceDescriptor descriptor) where TService : class =>
        (TService)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.GetServiceOrCreateInstance(services, descriptor.ImplementationType!));
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AiQuestionAnswer))]
[JsonSerializable(typeof(AiPitchAnswer))]
[JsonSerializable(typeof(AiMockVoiceAnswer))]
[JsonSerializable(typeof(AiScreeningAnswer))]
[JsonSerializable(typeof(AiEvaluationAnswer))]
internal sealed partial class AiJsonContext : JsonSerializerContext;
