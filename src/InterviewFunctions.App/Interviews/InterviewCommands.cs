using InterviewFunctions.App.Reminders;
using InterviewFunctions.Core.Interviews;

namespace InterviewFunctions.App.Interviews;

/// <summary>What an interview command did, for callers that are not HTTP requests (calendar sync, imports).</summary>
public abstract record InterviewCommandResult
{
    private InterviewCommandResult() { }

    public sealed record Done(Interview Interview, bool Changed) : InterviewCommandResult;

    public sealed record NotFound : InterviewCommandResult;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : InterviewCommandResult;

    public sealed record Refused(string Detail) : InterviewCommandResult;
}

/// <summary>
/// The interview API's write path for callers acting for a tenant rather than for a person: the same rules
/// (<see cref="InterviewRules"/>), the same reminder replanning (<see cref="InterviewPlanning"/>), the same optimistic
/// concurrency as <c>InterviewsApi</c>, so that invitations, reminders and prep follow exactly as for an API call.
/// </summary>
public sealed partial class InterviewCommands(IInterviewStore store, InterviewPlanning planning, TimeProvider clock, ILogger<InterviewCommands> logger)
{
    private const int MaxConcurrentRetries = 5;

    /// <summary>Creates the interview under <paramref name="id"/>; when it already exists (a retry), answers the existing one unchanged.</summary>
    public async Task<InterviewCommandResult> CreateAsync(string tenantId, string id, CreateInterviewRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (interview, errors) = InterviewRules.Create(request, tenantId, id, now);
        if (interview is null)
        {
            return new InterviewCommandResult.Invalid(errors);
        }
        try
        {
            var stored = await store.CreateAsync(planning.Replan(null, interview, now), cancellationToken);
            planning.Saved(stored);
            Log.Scheduled(logger, stored.Id, tenantId, stored.Type);
            return new InterviewCommandResult.Done(stored, true);
        }
        catch (InterviewAlreadyExistsException)
        {
            return await store.FindAsync(tenantId, id, cancellationToken) is { } existing
                ? new InterviewCommandResult.Done(existing, false)
                : new InterviewCommandResult.NotFound();
        }
    }

    public Task<Interview?> FindAsync(string tenantId, string id, CancellationToken cancellationToken) => store.FindAsync(tenantId, id, cancellationToken);

    public Task<InterviewCommandResult> RescheduleAsync(string tenantId, string id, RescheduleRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, id, (interview, now) => InterviewRules.Reschedule(interview, request, now), cancellationToken);

    public Task<InterviewCommandResult> CancelAsync(string tenantId, string id, CancelRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, id, (interview, now) => InterviewRules.Cancel(interview, request, now), cancellationToken);

    /// <summary>Erases the interview, as <c>DELETE /api/interviews/{id}</c> does.</summary>
    public async Task<bool> EraseAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var erased = await store.DeleteAsync(tenantId, id, cancellationToken);
        if (erased)
        {
            Log.Erased(logger, id, tenantId);
        }
        return erased;
    }

    /// <summary>Read, apply one rule, write with the ETag read; a write that lost a race is re-applied to the fresh interview.</summary>
    public async Task<InterviewCommandResult> ChangeAsync(string tenantId, string id, Func<Interview, DateTimeOffset, InterviewChange> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await store.FindAsync(tenantId, id, cancellationToken) is not { } interview)
            {
                return new InterviewCommandResult.NotFound();
            }
            var now = clock.GetUtcNow();
            switch (change(interview, now))
            {
                case InterviewChange.Invalid invalid:
                    return new InterviewCommandResult.Invalid(invalid.Errors);
                case InterviewChange.Conflict conflict:
                    return new InterviewCommandResult.Refused(conflict.Detail);
                case InterviewChange.Unchanged:
                    return new InterviewCommandResult.Done(interview, false);
                case InterviewChange.Applied applied:
                    try
                    {
                        var changed = applied.Interview with { Revision = interview.Revision + 1 };
                        var result = await store.ReplaceAsync(planning.Replan(interview, changed, now), cancellationToken);
                        planning.Saved(result);
                        Log.Changed(logger, result.Id, result.Status, result.ScheduleVersion);
                        return new InterviewCommandResult.Done(result, true);
                    }
                    catch (StaleInterviewException) when (attempt < MaxConcurrentRetries)
                    {
                        continue;
                    }
                    catch (StaleInterviewException)
                    {
                        return new InterviewCommandResult.Refused("The interview kept changing while the change tried to apply.");
                    }
                default:
                    throw new InvalidOperationException("Unknown change.");
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Interview {InterviewId} scheduled for tenant {TenantId} ({InterviewType})")]
        public static partial void Scheduled(ILogger logger, string interviewId, string tenantId, InterviewType interviewType);

        [LoggerMessage(Level = LogLevel.Information, Message = "Interview {InterviewId} is now {Status} at schedule version {ScheduleVersion}")]
        public static partial void Changed(ILogger logger, string interviewId, InterviewStatus status, int scheduleVersion);

        [LoggerMessage(Level = LogLevel.Information, Message = "Interview {InterviewId} erased from tenant {TenantId}")]
        public static partial void Erased(ILogger logger, string interviewId, string tenantId);
    }
}
