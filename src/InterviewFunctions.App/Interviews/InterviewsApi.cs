using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Reminders;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Tenancy;
using Markdig;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InterviewFunctions.App.Interviews;

public sealed record InterviewList(IReadOnlyList<InterviewResource> Items, string? ContinuationToken);

public sealed record PrepNotesResource(string Markdown, string Html, DateTimeOffset? UpdatedAt, string ETag);

/// <summary>The interview scheduling API: create, read, list, change through commands, erase.</summary>
public static partial class InterviewsApi
{
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;
    public const int MaxIdempotencyKeyLength = 200;
    public static readonly TimeSpan IdempotencyLifetime = TimeSpan.FromHours(24);
    private const int MaxConcurrentRetries = 5;

    private static readonly MarkdownPipeline PrepNotesMarkdown = new MarkdownPipelineBuilder()
        .UsePipeTables().UseTaskLists().UseAutoLinks().UseEmphasisExtras()
        // Notes are the user's own text: raw HTML in them is shown as text, never run.
        .DisableHtml()
        .Build();

    public static RouteGroupBuilder MapInterviews(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/interviews").WithTags("Interviews");
        group.MapPost("", Create);
        group.MapGet("", List);
        group.MapGet("/upcoming", Upcoming);
        group.MapGet("/stats", Stats);
        group.MapGet("/{id}", Get);
        group.MapPatch("/{id}", Patch).Accepts<JsonObject>("application/merge-patch+json", "application/json");
        group.MapDelete("/{id}", Delete);
        group.MapPost("/{id}/reschedule", Reschedule);
        group.MapPost("/{id}/cancel", Cancel);
        group.MapPost("/{id}/status", ChangeStatus);
        group.MapGet("/{id}/prep-notes", GetPrepNotes);
        group.MapPut("/{id}/prep-notes", PutPrepNotes).Accepts<PrepNotesRequest>("application/json", "text/markdown", "text/plain");
        group.MapPost("/{id}/prep-complete", PrepComplete);
        return group;
    }

    private static async Task<Results<Created<InterviewResource>, ValidationProblem, ProblemHttpResult>> Create(
        CreateInterviewRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        HttpContext http,
        IInterviewStore store,
        InterviewPlanning planning,
        TimeProvider clock,
        ILogger<Interview> logger,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (!caller.CanManage)
        {
            return Problem.Forbidden("Only admins and recruiters schedule interviews.");
        }
        // Model binding reads an empty header as absent; an empty key is still a malformed key.
        idempotencyKey ??= http.Request.Headers.ContainsKey("Idempotency-Key") ? "" : null;
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(c => c is < '!' or > '~')))
        {
            return Problem.Invalid("Idempotency-Key", $"The Idempotency-Key header must be 1 to {MaxIdempotencyKeyLength} printable ASCII characters without spaces.");
        }
        var now = clock.GetUtcNow();
        var (interview, errors) = InterviewRules.Create(request, caller.TenantId, Guid.CreateVersion7(now).ToString(), now);
        if (interview is null)
        {
            return Problem.Invalid(errors);
        }
        if (idempotencyKey is not null)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, ApiJsonContext.Default.CreateInterviewRequest)));
            var claim = await store.ClaimIdempotencyKeyAsync(new IdempotencyRecord(caller.TenantId, idempotencyKey, hash, interview.Id, now), IdempotencyLifetime, cancellationToken);
            if (claim.RequestHash != hash)
            {
                return Problem.Of(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
                    "This Idempotency-Key was already used with a different request body. Use a new key for a new interview.");
            }
            if (claim.InterviewId != interview.Id)
            {
                // A retry: answer with the interview the first request created (or finish creating it if that request died).
                http.Response.Headers["Idempotent-Replayed"] = "true";
                interview = interview with { Id = claim.InterviewId };
            }
        }
        Interview stored;
        try
        {
            stored = await store.CreateAsync(planning.Replan(null, interview, now), cancellationToken);
            planning.Saved(stored);
            Log.Scheduled(logger, stored.Id, stored.TenantId, stored.Type);
        }
        catch (InterviewAlreadyExistsException)
        {
            if (await store.FindAsync(caller.TenantId, interview.Id, cancellationToken) is not { } existing)
            {
                return Problem.Conflict("The interview this Idempotency-Key created was erased while this request ran; retry with a new key.");
            }
            stored = existing;
        }
        http.Response.Headers.ETag = HttpETag.Of(stored);
        return TypedResults.Created($"/api/interviews/{stored.Id}", InterviewResource.From(stored, caller));
    }

    private static async Task<Results<Ok<InterviewResource>, ProblemHttpResult>> Get(
        string id, HttpContext http, IInterviewStore store, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (await FindVisibleAsync(store, caller, id, cancellationToken) is not { } interview)
        {
            return Problem.NotFound($"Interview '{id}'");
        }
        http.Response.Headers.ETag = HttpETag.Of(interview);
        return TypedResults.Ok(InterviewResource.From(interview, caller));
    }

    private static async Task<Results<Ok<InterviewList>, ValidationProblem>> List(
        HttpContext http,
        IInterviewStore store,
        [FromQuery] string[]? status,
        string? type,
        string? company,
        string? jobId,
        string? from,
        string? to,
        string? pageSize,
        string? continuationToken,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        var v = new Validation();
        var statuses = (status ?? []).SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(s => v.Enum<InterviewStatus>("status", s)).OfType<InterviewStatus>().ToList();
        var query = new InterviewQuery(
            caller.Scope,
            statuses,
            v.Enum<InterviewType>("type", type, required: false),
            v.Optional("company", company)?.ToLowerInvariant(),
            v.Optional("jobId", jobId, 100),
            from is null ? null : v.Instant("from", from),
            to is null ? null : v.Instant("to", to),
            v.Count("pageSize", pageSize, 1, MaxPageSize, DefaultPageSize),
            v.Optional("continuationToken", continuationToken, 8192));
        if (query.From > query.To)
        {
            v.Add("to", "'to' must not be before 'from'.");
        }
        if (!v.IsValid)
        {
            return Problem.Invalid(v.Errors);
        }
        var page = await store.ListAsync(caller.TenantId, query, cancellationToken);
        return TypedResults.Ok(new InterviewList([.. page.Items.Select(i => InterviewResource.From(i, caller))], page.ContinuationToken));
    }

    private static async Task<Results<Ok<InterviewList>, ValidationProblem>> Upcoming(
        HttpContext http, IInterviewStore store, TimeProvider clock, string? days, string? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        var v = new Validation();
        var window = v.Count("days", days, 1, 90, 7);
        var size = v.Count("pageSize", pageSize, 1, MaxPageSize, DefaultPageSize);
        if (!v.IsValid)
        {
            return Problem.Invalid(v.Errors);
        }
        var now = clock.GetUtcNow();
        var page = await store.ListAsync(caller.TenantId, new InterviewQuery(caller.Scope, InterviewStateMachine.ActiveStatuses, From: now, To: now.AddDays(window), PageSize: size, ContinuationToken: continuationToken), cancellationToken);
        return TypedResults.Ok(new InterviewList([.. page.Items.Select(i => InterviewResource.From(i, caller))], page.ContinuationToken));
    }

    private static async Task<Ok<InterviewStatistics>> Stats(HttpContext http, IInterviewStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        var rows = await store.ListStatsRowsAsync(caller.TenantId, caller.Scope, cancellationToken);
        return TypedResults.Ok(InterviewStatistics.Compute(rows, clock.GetUtcNow()));
    }

    private static Task<Results<Ok<InterviewResource>, ValidationProblem, ProblemHttpResult>> Patch(
        string id, JsonObject patch, HttpContext http, IInterviewStore store, InterviewPlanning planning, TimeProvider clock, CancellationToken cancellationToken) =>
        Change(id, http, store, planning, clock,
            (caller, _) => caller.CanManage ? null : Problem.Forbidden("Only admins and recruiters edit interviews."),
            (interview, now) => InterviewRules.Patch(interview, patch, now),
            onSaved: null, cancellationToken);

    private static Task<Results<Ok<InterviewResource>, ValidationProblem, ProblemHttpResult>> Reschedule(
        string id, RescheduleRequest request, HttpContext http, IInterviewStore store, InterviewPlanning planning, TimeProvider clock, ILogger<Interview> logger, CancellationToken cancellationToken) =>
        Change(id, http, store, planning, clock,
            (caller, _) => caller.CanManage ? null : Problem.Forbidden("Only admins and recruiters reschedule interviews."),
            (interview, now) => InterviewRules.Reschedule(interview, request, now),
            saved => Log.Rescheduled(logger, saved.Id, saved.ScheduleVersion), cancellationToken);

    private static Task<Results<Ok<InterviewResource>, ValidationProblem, ProblemHttpResult>> Cancel(
        string id, CancelRequest? request, HttpContext http, IInterviewStore store, InterviewPlanning planning, TimeProvider clock, ILogger<Interview> logger, CancellationToken cancellationToken) =>
        Change(id, http, store, planning, clock,
            (caller, _) => caller.CanManage ? null : Problem.Forbidden("Only admins and recruiters cancel interviews."),
            (interview, now) => InterviewRules.Cancel(interview, request ?? new CancelRequest(null), now),
            saved => Log.Cancelled(logger, saved.Id), cancellationToken);

    private static Task<Results<Ok<InterviewResource>, ValidationProblem, ProblemHttpResult>> ChangeStatus(
        string id, StatusChangeRequest request, HttpContext http, IInterviewStore store, InterviewPlanning planning, TimeProvider clock, ILogger<Interview> logger, CancellationToken cancellationToken) =>
        Change(id, http, store, planning, clock,
            (caller, _) => !EnumNames.TryParseWire<InterviewStatus>(request.Status, out var to) || caller.CanSetStatus(to)
                ? null
                : Problem.Forbidden($"Your role cannot set the status '{request.Status}'."),
            (interview, now) => InterviewRules.ChangeStatus(interview, request, now),
            saved => Log.StatusChanged(logger, saved.Id, saved.Status), cancellationToken);

    private static async Task<Results<Ok<PrepNotesResource>, ProblemHttpResult>> GetPrepNotes(
        string id, HttpContext http, IInterviewStore store, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (await FindVisibleAsync(store, caller, id, cancellationToken) is not { } interview)
        {
            return Problem.NotFound($"Interview '{id}'");
        }
        if (!caller.CanKeepPrepNotes)
        {
            return Problem.Forbidden("Prep notes belong to the candidate and the hiring team, not to interviewers.");
        }
        http.Response.Headers.ETag = HttpETag.Of(interview);
        return TypedResults.Ok(ToPrepNotes(interview));
    }

    private static async Task<Results<Ok<PrepNotesResource>, ValidationProblem, ProblemHttpResult>> PutPrepNotes(
        string id, HttpContext http, IInterviewStore store, InterviewPlanning planning, TimeProvider clock, CancellationToken cancellationToken)
    {
        PrepNotesRequest request;
        if (http.Request.ContentType?.StartsWith("text/", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var reader = new StreamReader(http.Request.Body);
            request = new PrepNotesRequest(await reader.ReadToEndAsync(cancellationToken));
        }
        else if (http.Request.HasJsonContentType())
        {
            try
            {
                request = await http.Request.ReadFromJsonAsync(ApiJsonContext.Default.PrepNotesRequest, cancellationToken) ?? new PrepNotesRequest(null);
            }
            catch (JsonException)
            {
                return Problem.Invalid("markdown", "The body must be { \"markdown\": \"…\" } or Markdown text sent as text/markdown.");
            }
        }
        else
        {
            return Problem.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the notes as text/markdown, text/plain, or JSON { \"markdown\": \"…\" }.");
        }
        return await Change(id, http, store, planning, clock,
            (caller, _) => caller.CanKeepPrepNotes ? null : Problem.Forbidden("Interviewers do not keep the candidate's prep notes."),
            (interview, now) => InterviewRules.SetPrepNotes(interview, request, now),
            onSaved: null,
            present: (interview, _) => ToPrepNotes(interview),
            cancellationToken);
    }

    private static Task<Results<Ok<InterviewResource>, ValidationProblem, ProblemHttpResult>> PrepComplete(
        string id, PrepCompleteRequest? request, HttpContext http, IInterviewStore store, InterviewPlanning planning, TimeProvider clock, CancellationToken cancellationToken) =>
        Change(id, http, store, planning, clock,
            (caller, _) => caller.CanKeepPrepNotes ? null : Problem.Forbidden("Only the candidate and the hiring team mark preparation complete."),
            (interview, now) => InterviewRules.SetPreparationComplete(interview, request ?? new PrepCompleteRequest(true), now),
            onSaved: null, cancellationToken);

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, HttpContext http, IInterviewStore store, Core.Evaluation.IEvaluationStore evaluations, ILogger<Interview> logger, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (await FindVisibleAsync(store, caller, id, cancellationToken) is not { } interview)
        {
            return Problem.NotFound($"Interview '{id}'");
        }
        if (!caller.CanManage)
        {
            return Problem.Forbidden("Erasure is done by an admin or recruiter of the tenant.");
        }
        await store.DeleteAsync(caller.TenantId, id, cancellationToken);
        // Transcripts are personal data of the interview: erased with it.
        await evaluations.DeleteForSubjectAsync(caller.TenantId, Core.Evaluation.EvaluationSubject.Interview, id, cancellationToken);
        Log.Erased(logger, id, caller.TenantId);
        return TypedResults.NoContent();
    }

    private static Task<Results<Ok<InterviewResource>, ValidationProblem, ProblemHttpResult>> Change(
        string id,
        HttpContext http,
        IInterviewStore store,
        InterviewPlanning planning,
        TimeProvider clock,
        Func<Caller, Interview, ProblemHttpResult?> authorize,
        Func<Interview, DateTimeOffset, InterviewChange> change,
        Action<Interview>? onSaved,
        CancellationToken cancellationToken) =>
        Change(id, http, store, planning, clock, authorize, change, onSaved, InterviewResource.From, cancellationToken);

    /// <summary>
    /// Read, check, apply one rule, write with the ETag read. With If-Match the client's ETag must be current (else 412);
    /// without it a write that lost a race is re-applied to the fresh interview a few times.
    /// </summary>
    internal static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> Change<T>(
        string id,
        HttpContext http,
        IInterviewStore store,
        InterviewPlanning planning,
        TimeProvider clock,
        Func<Caller, Interview, ProblemHttpResult?> authorize,
        Func<Interview, DateTimeOffset, InterviewChange> change,
        Action<Interview>? onSaved,
        Func<Interview, Caller, T> present,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        for (var attempt = 1; ; attempt++)
        {
            if (await FindVisibleAsync(store, caller, id, cancellationToken) is not { } interview)
            {
                return Problem.NotFound($"Interview '{id}'");
            }
            if (authorize(caller, interview) is { } refused)
            {
                return refused;
            }
            if (ifMatch.Length > 0 && !HttpETag.Matches(ifMatch, HttpETag.Of(interview)))
            {
                return Problem.PreconditionFailed();
            }
            Interview result;
            var now = clock.GetUtcNow();
            switch (change(interview, now))
            {
                case InterviewChange.Invalid invalid:
                    return Problem.Invalid(invalid.Errors);
                case InterviewChange.Conflict conflict:
                    return Problem.Conflict(conflict.Detail);
                case InterviewChange.Unchanged:
                    result = interview;
                    break;
                case InterviewChange.Applied applied:
                    try
                    {
                        var changed = applied.Interview with { Revision = interview.Revision + 1 };
                        result = await store.ReplaceAsync(planning.Replan(interview, changed, now), cancellationToken);
                        planning.Saved(result);
                        onSaved?.Invoke(result);
                    }
                    catch (StaleInterviewException) when (attempt < MaxConcurrentRetries)
                    {
                        // Read again: with If-Match, a change the client could see now fails the precondition; the
                        // dispatcher's bookkeeping alone does not.
                        continue;
                    }
                    catch (StaleInterviewException)
                    {
                        return Problem.Conflict("The interview kept changing while this request tried to apply; retry.");
                    }
                    break;
                default:
                    throw new InvalidOperationException("Unknown change.");
            }
            http.Response.Headers.ETag = HttpETag.Of(result);
            return TypedResults.Ok(present(result, caller));
        }
    }

    /// <summary>The interview if it exists in the caller's tenant and the caller may see it; anything else looks missing.</summary>
    internal static async Task<Interview?> FindVisibleAsync(IInterviewStore store, Caller caller, string id, CancellationToken cancellationToken)
    {
        var interview = await store.FindAsync(caller.TenantId, id, cancellationToken);
        return interview is not null && caller.CanSee(interview) ? interview : null;
    }

    private static PrepNotesResource ToPrepNotes(Interview interview) =>
        new(interview.PrepNotes ?? "", Markdown.ToHtml(interview.PrepNotes ?? "", PrepNotesMarkdown), interview.PrepNotesUpdatedAt, HttpETag.Of(interview));

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Interview {InterviewId} scheduled for tenant {TenantId} ({InterviewType})")]
        public static partial void Scheduled(ILogger logger, string interviewId, string tenantId, InterviewType interviewType);

        [LoggerMessage(Level = LogLevel.Information, Message = "Interview {InterviewId} rescheduled to schedule version {ScheduleVersion}")]
        public static partial void Rescheduled(ILogger logger, string interviewId, int scheduleVersion);

        [LoggerMessage(Level = LogLevel.Information, Message = "Interview {InterviewId} cancelled")]
        public static partial void Cancelled(ILogger logger, string interviewId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Interview {InterviewId} is now {Status}")]
        public static partial void StatusChanged(ILogger logger, string interviewId, InterviewStatus status);

        [LoggerMessage(Level = LogLevel.Information, Message = "Interview {InterviewId} erased from tenant {TenantId}")]
        public static partial void Erased(ILogger logger, string interviewId, string tenantId);
    }
}
