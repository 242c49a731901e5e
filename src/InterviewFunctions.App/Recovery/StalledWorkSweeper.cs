using InterviewFunctions.App.Evaluations;
using InterviewFunctions.App.Screening;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Evaluation;
using InterviewFunctions.Core.Queues;
using InterviewFunctions.Core.Screening;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Recovery;

/// <summary>
/// Screenings and evaluations are stored first and their queue message sent after; a send that fails (or a message
/// lost after it) would leave the record queued for ever, and a process that dies mid-run would leave it running. The
/// sweeper finds records unsettled with no sign of life for longer than <see cref="StalledWorkOptions.ResendAfter"/>:
/// neither a message sent nor a heartbeat of a worker (which a live worker writes every
/// <see cref="StalledWorkOptions.HeartbeatInterval"/>, so that work that merely runs long is never sent twice) and
/// sends the message again; its delivery takes over from the dead worker (<see cref="SettleOnce"/>). The record is stamped
/// (under its ETag) before the send, so that a sweep running twice sends once, and a record that keeps stalling is
/// sent again once per period, not on every sweep. A duplicate message is harmless: the queue functions settle a
/// record once and drop messages for settled ones.
/// </summary>
public sealed partial class StalledWorkSweeper(
    IScreeningStore screenings,
    IEvaluationStore evaluations,
    IMessageQueues queues,
    TimeProvider clock,
    IOptions<StalledWorkOptions> options,
    IOptions<ScreeningOptions> screeningOptions,
    IOptions<EvaluationOptions> evaluationOptions,
    ILogger<StalledWorkSweeper> logger)
{
    public sealed record SweepResult(int Screenings, int Evaluations);

    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - options.Value.ResendAfter;
        var batch = options.Value.BatchSize;

        var resentScreenings = 0;
        foreach (var screening in await screenings.ListPendingAsync(cutoff, batch, cancellationToken))
        {
            ResumeScreening stamped;
            try
            {
                stamped = await screenings.ReplaceAsync(screening with { ResentAt = now }, cancellationToken);
            }
            catch (StaleScreeningException)
            {
                // It moved on (a delivery started or settled it) since the query: not stalled.
                continue;
            }
            await queues.SendAsync(screeningOptions.Value.QueueName, new ScreeningMessage(stamped.TenantId, stamped.Id).ToText(), TimeSpan.Zero, null, cancellationToken);
            Log.ScreeningResent(logger, stamped.Id, stamped.TenantId, stamped.Status, screening.PendingSince!.Value);
            resentScreenings++;
        }

        var resentEvaluations = 0;
        foreach (var evaluation in await evaluations.ListPendingAsync(cutoff, batch, cancellationToken))
        {
            InterviewEvaluation stamped;
            try
            {
                // Not a change a client sees: the revision (and so the HTTP ETag) stays.
                stamped = await evaluations.ReplaceAsync(evaluation with { ResentAt = now }, cancellationToken);
            }
            catch (StaleEvaluationException)
            {
                continue;
            }
            await queues.SendAsync(evaluationOptions.Value.QueueName, EvaluateInterviewFunction.MessageText(stamped.TenantId, stamped.Id), TimeSpan.Zero, null, cancellationToken);
            Log.EvaluationResent(logger, stamped.Id, stamped.TenantId, stamped.Status, evaluation.PendingSince!.Value);
            resentEvaluations++;
        }
        return new SweepResult(resentScreenings, resentEvaluations);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Screening {ScreeningId} of tenant {TenantId} was {Status} with no sign of life since {PendingSince}; message sent again")]
        public static partial void ScreeningResent(ILogger logger, string screeningId, string tenantId, ScreeningStatus status, DateTimeOffset pendingSince);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluation {EvaluationId} of tenant {TenantId} was {Status} with no sign of life since {PendingSince}; message sent again")]
        public static partial void EvaluationResent(ILogger logger, string evaluationId, string tenantId, EvaluationStatus status, DateTimeOffset pendingSince);
    }
}

/// <summary>The sweeper as a timer function, on the same schedule under the Functions host and standalone.</summary>
public sealed class ResendStalledWorkFunction(StalledWorkSweeper sweeper) : ITimerFunction
{
    public const string Name = "ResendStalledWork";

    public string FunctionName => Name;

    /// <summary>
    /// Every ten minutes: a message is taken for lost only after StalledWork:ResendAfter anyway. On the round ten minutes,
    /// where a standalone wait never outlasts another component's (the tests' fake clock checks the waits it sees).
    /// </summary>
    public string Schedule => "0 */10 * * * *";

    public Task RunAsync(TimerTrigger trigger, CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);
}

public static class StalledWorkRegistration
{
    public static IServiceCollection AddStalledWorkSweeper(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StalledWorkOptions>().Bind(configuration.GetSection(StalledWorkOptions.Section))
            .Validate(o => o.IsValid,
                "StalledWork:ResendAfter and StalledWork:HeartbeatInterval must be positive, StalledWork:BatchSize 1 to 1000, and "
                + "StalledWork:AbandonedAfter at least two heartbeat intervals and at most ResendAfter.").ValidateOnStart();
        services.AddSingleton<StalledWorkSweeper>();
        services.AddTimerFunction<ResendStalledWorkFunction>();
        return services;
    }
}
