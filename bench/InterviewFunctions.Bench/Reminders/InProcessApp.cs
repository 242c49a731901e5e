using InterviewFunctions.App;
using InterviewFunctions.App.Hosting;
using InterviewFunctions.Core.Interviews;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Bench.Reminders;

/// <summary>
/// The app built as its Program.cs builds it (slim builder, standalone hosting, <c>AddInterviewFunctions</c>), with bench
/// settings: a fresh data directory, logging at Warning, the bench clock, and Kestrel on a free loopback port (nothing
/// calls it; the hosted services are what is measured). The one addition is a pass-through of the store that tells the
/// <see cref="SendRecorder"/> about each write.
/// </summary>
internal static class InProcessApp
{
    public static WebApplication Build(string dataDirectory, TimeProvider clock, SendRecorder recorder)
    {
        // An empty content root: no appsettings.json from wherever the bench was started. Not the data directory: the
        // host watches its content root (for appsettings changes), and would be told of every email the outbox writes.
        var contentRoot = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(dataDirectory)!, Path.GetFileName(dataDirectory) + "-content"));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = contentRoot.FullName });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Storage:Provider"] = "sqlite",
            ["Storage:DataDirectory"] = dataDirectory,
            ["Queues:Provider"] = "embedded",
            ["Email:Provider"] = "outbox",
        });
        builder.UseInterviewFunctionsHosting();
        // Registered first: the app adds TimeProvider.System only when no clock is registered.
        builder.Services.AddSingleton(clock);
        builder.Services.AddInterviewFunctions(builder.Configuration);

        var store = builder.Services.Single(d => d.ServiceType == typeof(IInterviewStore));
        builder.Services.Remove(store);
        builder.Services.AddSingleton<IInterviewStore>(sp => new RecordingInterviewStore(
            store.ImplementationFactory is { } factory ? (IInterviewStore)factory(sp) : (IInterviewStore)ActivatorUtilities.CreateInstance(sp, store.ImplementationType!),
            recorder, clock));
        return builder.Build();
    }
}
