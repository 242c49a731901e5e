using System.Reflection;
using InterviewFunctions.App.Hosting;
using InterviewFunctions.Core.Email;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Queues;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewFunctions.App.Health;

public sealed record HealthReport(string Status, string Version, string Mode, IReadOnlyDictionary<string, string> Adapters, string? Error = null);

public sealed record Liveness(string Status);

/// <summary>Health (with the adapters in use and a round trip to the store) and a trivial liveness answer.</summary>
public static partial class HealthApi
{
    private static readonly string Version =
        typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static RouteGroupBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("", Check);
        group.MapGet("/live", () => TypedResults.Ok(new Liveness("alive")));
        return group;
    }

    /// <summary>Opens the store (native library, schema, connection pool) in the background at start-up.</summary>
    public static void WarmUpStore(this WebApplication app) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await app.Services.GetRequiredService<IInterviewStore>().CheckHealthAsync(app.Lifetime.ApplicationStopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not fatal: the health endpoint reports the store as unhealthy until it can be reached.
                WarmUpFailed(app.Logger, e);
            }
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "The document store could not be opened at start-up")]
    private static partial void WarmUpFailed(ILogger logger, Exception exception);

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> Check(
        IInterviewStore store, IEmailSender email, IMessageQueues queues, HostingMode hosting, CancellationToken cancellationToken)
    {
        var adapters = new Dictionary<string, string> { ["documents"] = store.Name, ["queues"] = queues.Name, ["email"] = email.Name };
        try
        {
            await store.CheckHealthAsync(cancellationToken);
            return TypedResults.Ok(new HealthReport("healthy", Version, hosting.Name, adapters));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The message names what failed (a path, an endpoint), never a secret.
            return TypedResults.Json(new HealthReport("unhealthy", Version, hosting.Name, adapters, e.GetType().Name), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
