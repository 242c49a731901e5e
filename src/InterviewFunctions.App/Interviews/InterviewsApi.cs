using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewFunctions.App.Problems;
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
public static class InterviewsApi
{
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;
    public const int MaxIdempotencyKeyLength = 200;
    public static readonly TimeSpan IdempotencyLifetime = TimeSpan.FromHours(24);

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
        InterviewCommands commands,
        TimeProvider clock,
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
        if (await commands.SaveNewAsync(interview, now, cancellationToken) is not InterviewCommandResult.Done { Interview: var stored })
        {
            return Problem.Conflict("The interview this Idempotency-Key created was erased while this request ran; retry with a new key.");
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
        string id, JsonObject patch, HttpContext http, InterviewCommands commands, CancellationToken cancellationToken) =>
        Change(id, http, commands,
            caller => caller.CanManage ? null : "Only admins and recruiters edit interviews.",
            (interview, now) => InterviewRules.Patch(interview, patch, now),
            InterviewResource.From, cancellationToken);

    private static Task<Results<Ok<InterviewResource>, ValidationProblem, ProblemHttpResult>> Reschedule(
        string id, RescheduleRequest request, HttpContext http, InterviewCommands commands, CancellationToken cancellationToken) =>
        Change(id, http, commands,
            caller => caller.CanManage ? null : "Only admins and recruiters reschedule interviews.",
            (interview, now) => InterviewRules.Reschedule(interview, request, now),
            InterviewResource.From, cancellationToken);

    private static Task<Results<Ok<InterviewResource>, ValidationProblem, ProblemHttpResult>> Cancel(
        string id, CancelRequest? request, HttpContext http, InterviewCommands commands, CancellationToken cancellationToken) =>
        Change(id, http, commands,
            caller => caller.CanManage ? null : "Only admins and recruiters cancel interviews.",
            (interview, now) => InterviewRules.Cancel(interview, request ?? new CancelRequest(null), now),
            InterviewResource.From, cancellationToken);

    private static Task<Results<Ok<InterviewResource>, ValidationProblem, ProblemHttpResult>> ChangeStatus(
        string id, StatusChangeRequest request, HttpContext http, InterviewCommands commands, CancellationToken cancellationToken) =>
        Change(id, http, commands,
            caller => !EnumNames.TryParseWire<InterviewStatus>(request.Status, out var to) || caller.CanSetStatus(to)
                ? null
                : $"Your role cannot set the status '{request.Status}'.",
            (interview, now) => InterviewRules.ChangeStatus(interview, request, now),
            InterviewResource.From, cancellationToken);

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
        string id, HttpContext http, InterviewCommands commands, CancellationToken cancellationToken)
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
        return await Change(id, http, commands,
            caller => caller.CanKeepPrepNotes ? null : "Interviewers do not keep the candidate's prep notes.",
            (interview, now) => InterviewRules.SetPrepNotes(interview, request, now),
            (interview, _) => ToPrepNotes(interview),
            cancellationToken);
    }

    private static Task<Results<Ok<InterviewResource>, ValidationProblem, ProblemHttpResult>> PrepComplete(
        string id, PrepCompleteRequest? request, HttpContext http, InterviewCommands commands, CancellationToken cancellationToken) =>
        Change(id, http, commands,
            caller => caller.CanKeepPrepNotes ? null : "Only the candidate and the hiring team mark preparation complete.",
            (interview, now) => InterviewRules.SetPreparationComplete(interview, request ?? new PrepCompleteRequest(true), now),
            InterviewResource.From, cancellationToken);

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, HttpContext http, IInterviewStore store, InterviewCommands commands, CancellationToken cancellationToken)
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
        await commands.EraseAsync(caller.TenantId, id, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// An interview change for the calling person, on the one write path of <see cref="InterviewCommands"/>. With If-Match
    /// the client's ETag must be current (else 412); without it a write that lost a race is re-applied to the fresh interview.
    /// </summary>
    /// <param name="forbidden">Why the caller's role may not make this change, or null when it may.</param>
    internal static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> Change<T>(
        string id,
        HttpContext http,
        InterviewCommands commands,
        Func<Caller, string?> forbidden,
        Func<Interview, DateTimeOffset, InterviewChange> change,
        Func<Interview, Caller, T> present,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        var result = await commands.ChangeAsync(caller.TenantId, id,
            interview =>
                !caller.CanSee(interview) ? new InterviewCommandResult.NotFound()
                : forbidden(caller) is { } detail ? new InterviewCommandResult.Forbidden(detail)
                : ifMatch.Length > 0 && !HttpETag.Matches(ifMatch, HttpETag.Of(interview)) ? new InterviewCommandResult.PreconditionFailed()
                : null,
            change, cancellationToken);
        switch (result)
        {
            case InterviewCommandResult.Done done:
                http.Response.Headers.ETag = HttpETag.Of(done.Interview);
                return TypedResults.Ok(present(done.Interview, caller));
            case InterviewCommandResult.NotFound:
                return Problem.NotFound($"Interview '{id}'");
            case InterviewCommandResult.Forbidden refused:
                return Problem.Forbidden(refused.Detail);
            case InterviewCommandResult.PreconditionFailed:
                return Problem.PreconditionFailed();
            case InterviewCommandResult.Invalid invalid:
                return Problem.Invalid(invalid.Errors);
            case InterviewCommandResult.Refused conflict:
                return Problem.Conflict(conflict.Detail);
            case InterviewCommandResult.Contended:
                return Problem.Conflict("The interview kept changing while this request tried to apply; retry.");
            default:
                throw new InvalidOperationException("Unknown command result.");
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
}
