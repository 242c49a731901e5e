using InterviewFunctions.App.Reminders;
using InterviewFunctions.Core.Evaluation;
using InterviewFunctions.Core.Interviews;

namespace InterviewFunctions.App.Interviews;

/// <summary>What an interview command did; each caller (the HTTP API, calendar sync) words the outcome for its own audience.</summary>
public abstract record InterviewCommandResult
{
    private InterviewCommandResult() { }

    public sealed record Done(Interview Interview, bool Changed) : InterviewCommandResult;

    public sealed record NotFound : InterviewCommandResult;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : InterviewCommandResult;

    /// <summary>The interview's rules refuse the change in its current state.</summary>
    public sealed record Refused(string Detail) : InterviewCommandResult;

    /// <summary>Every retry lost the race to another writer.</summary>
    public sealed record Contended : InterviewCommandResult;

    /// <summary>The caller's role may not make this change.</summary>
    public sealed record Forbidden(string Detail) : InterviewCommandResult;

    /// <summary>The caller asked for the change only if the interview still is as it read it (If-Match), and it is not.</summary>
    public sealed record PreconditionFailed : InterviewCommandResult;
}

/// <summary>
/// The one write path for interviews, used by the HTTP API and by callers acting for a tenant rather than for a person
/// (calendar sync): the rules (<see cref="InterviewRules"/>), the reminder replanning (<see cref="InterviewPlanning"/>)
/// and the optimistic concurrency live here once, so that invitations, reminders and prep follow every write alike.
/// </summary>
public sealed partial class InterviewCommands(
    IInterviewStore store, IEvaluationStore evaluations, InterviewPlanning planning, TimeProvider clock, ILogger<InterviewCommands> logger)
{
    private const int MaxConcurrentRetries = 5;

    /// <summary>Creates the interview under <paramref name="id"/>; when it already exists (a retry), answers the existing one unchanged.</summary>
    public async Task<InterviewCommandResult> CreateAsync(string tenantId, string id, CreateInterviewRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (interview, errors) = InterviewRules.Create(request, tenantId, id, now);
        return interview is null
            ? new InterviewCommandResult.Invalid(errors)
            : await SaveNewAsync(interview, now, cancellationToken);
    }

    /// <summary>
    /// Writes an interview that <see cref="InterviewRules.Create"/> built at <paramref name="now"/>. When its id already
    /// exists (a retry), answers the existing one unchanged; <see cref="InterviewCommandResult.NotFound"/> means that one
    /// was erased in between.
    /// </summary>
    public async Task<InterviewCommandResult> SaveNewAsync(Interview interview, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await store.CreateAsync(planning.Replan(null, interview, now), cancellationToken);
            planning.Saved(stored);
            Log.Scheduled(logger, stored.Id, stored.TenantId, stored.Type);
            return new InterviewCommandResult.Done(stored, true);
        }
        catch (InterviewAlreadyExistsException)
        {
            return await store.FindAsync(interview.TenantId, interview.Id, cancellationToken) is { } existing
                ? new InterviewCommandResult.Done(existing, false)
                : new InterviewCommandResult.NotFound();
        }
    }

    public Task<Interview?> FindAsync(string tenantId, string id, CancellationToken cancellationToken) => store.FindAsync(tenantId, id, cancellationToken);

    public Task<InterviewCommandResult> RescheduleAsync(string tenantId, string id, RescheduleRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, id, (interview, now) => InterviewRules.Reschedule(interview, request, now), cancellationToken);

    public Task<InterviewCommandResult> CancelAsync(string tenantId, string id, CancelRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, id, (interview, now) => InterviewRules.Cancel(interview, request, now), cancellationToken);

    /// <summary>Erases the interview and its transcripts and evaluations, personal data of the interview that go with it.</summary>
    public async Task<bool> EraseAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var erased = await store.DeleteAsync(tenantId, id, cancellationToken);
        if (erased)
        {
            Log.Erased(logger, id, tenantId);
        }
        // Also when the interview was gone already: an erasure interrupted between the two steps is completed by a retry.
        await evaluations.DeleteForSubjectAsync(tenantId, EvaluationSubject.Interview, id, cancellationToken);
        return erased;
    }

    public Task<InterviewCommandResult> ChangeAsync(string tenantId, string id, Func<Interview, DateTimeOffset, InterviewChange> change, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, id, precondition: null, change, cancellationToken);

    /// <summary>
    /// Read, check, apply one rule, write with the ETag read; a write that lost a race is re-applied to the fresh interview.
    /// <paramref name="precondition"/> sees every fresh read, so a caller's visibility, role and If-Match checks hold for
    /// the version actually written; a result from it stops the change with that result.
    /// </summary>
    public async Task<InterviewCommandResult> ChangeAsync(
        string tenantId,
        string id,
        Func<Interview, InterviewCommandResult?>? precondition,
        Func<Interview, DateTimeOffset, InterviewChange> change,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await store.FindAsync(tenantId, id, cancellationToken) is not { } interview)
            {
                return new InterviewCommandResult.NotFound();
            }
            if (precondition?.Invoke(interview) is { } stopped)
            {
                return stopped;
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
                        // Read again: with If-Match, a change the caller could see now fails the precondition; the
                        // dispatcher's bookkeeping alone does not.
                        continue;
                    }
                    catch (StaleInterviewException)
                    {
                        return new InterviewCommandResult.Contended();
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
