using InterviewFunctions.App.Hosting;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Queues;
using InterviewFunctions.Core.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InterviewFunctions.App.Queues;

public sealed record QueuesReport(string Provider, IReadOnlyList<FunctionQueueStatus> Queues);

/// <param name="ApproximateMessageCount">See <see cref="IQueueInspection.ApproximateMessageCountAsync"/>.</param>
public sealed record FunctionQueueStatus(
    string Function,
    string Queue,
    int ApproximateMessageCount,
    string? PoisonQueue,
    int PoisonMessageCount,
    IReadOnlyList<PoisonMessageStatus> PoisonMessages);

/// <param name="OriginalMessageId">The message's id in its own queue before it was moved, when this process moved it.</param>
public sealed record PoisonMessageStatus(string Id, DateTimeOffset InsertedAt, string? OriginalMessageId, int? Deliveries, string? LastError, DateTimeOffset? FailedAt);

/// <summary><c>GET /queues</c>: each queue function's queue, its backlog and its poison messages with their last error. Admins only: queues serve every tenant.</summary>
public static class QueuesApi
{
    /// <summary>Poison messages listed per queue; the count covers them all.</summary>
    public const int MaxPoisonMessagesShown = 32;

    public static RouteGroupBuilder MapQueues(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/queues").WithTags("Queues")
            .RequireAuthorization(policy => policy.RequireRole(CallerRole.Admin.ToWire()));
        group.MapGet("", List);
        return group;
    }

    private static async Task<Ok<QueuesReport>> List(
        [FromServices] IEnumerable<IQueueFunction> functions,
        IMessageQueues queues,
        IQueueInspection inspection,
        QueueFailureLog failures,
        HostingMode hosting,
        CancellationToken cancellationToken)
    {
        var statuses = new List<FunctionQueueStatus>();
        foreach (var function in functions.OrderBy(f => f.FunctionName, StringComparer.Ordinal))
        {
            var queue = function.QueueName;
            var count = await inspection.ApproximateMessageCountAsync(queue, cancellationToken);
            if (QueueNames.IsPoisonQueue(queue))
            {
                statuses.Add(new FunctionQueueStatus(function.FunctionName, queue, count, null, 0, []));
                continue;
            }
            var poisonQueue = QueueNames.PoisonQueueFor(queue);
            var poisonCount = await inspection.ApproximateMessageCountAsync(poisonQueue, cancellationToken);
            var poisoned = await queues.PeekAsync(poisonQueue, MaxPoisonMessagesShown, cancellationToken);
            // Under the Functions host the host moves poison messages and keeps no record here.
            var lastFailures = hosting.IsCustomHandler
                ? new Dictionary<string, QueueFailure>()
                : await failures.LastFailuresOfPoisonMessagesAsync(poisoned.Select(p => p.Id).ToList(), cancellationToken);
            statuses.Add(new FunctionQueueStatus(function.FunctionName, queue, count, poisonQueue, poisonCount, poisoned.Select(p =>
            {
                var failure = lastFailures.GetValueOrDefault(p.Id);
                return new PoisonMessageStatus(p.Id, p.InsertedAt, failure?.MessageId, failure?.DequeueCount, failure?.Error, failure?.FailedAt);
            }).ToList()));
        }
        return TypedResults.Ok(new QueuesReport(queues.Name, statuses));
    }
}
