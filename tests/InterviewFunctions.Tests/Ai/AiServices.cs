using InterviewFunctions.App.Ai;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Ai;

/// <summary>A container with an offline service and the production AI registration over it, pointed at a fake server.</summary>
public static class AiServices
{
    public static ServiceProvider Build(FakeOpenAiServer server, Action<IServiceCollection> offline, double timeoutSeconds = 20)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(AiSettings.For(server, timeoutSeconds: timeoutSeconds)).Build();
        var services = new ServiceCollection().AddLogging();
        offline(services);
        services.AddAi(configuration);
        return services.BuildServiceProvider();
    }

    public static string UserPrompt(FakeOpenAiServer.Received call) =>
        (string)call.Json["messages"]!.AsArray().Single(m => (string)m!["role"]! == "user")!["content"]!;
}
