using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using InterviewFunctions.App.Interviews;
using InterviewFunctions.App.Jobs;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Candidates;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InterviewFunctions.App.Candidates;

/// <param name="NextStatuses">The pipeline statuses the candidate may move to next (PATCH <c>status</c>).</param>
public sealed record CandidateResource(
    string Id,
    string Name,
    string Email,
    string? Phone,
    IReadOnlyList<string> Links,
    string? Location,
    CandidateStatus Status,
    IReadOnlyList<CandidateStatus> NextStatuses,
    IReadOnlyList<string> JobIds,
    string? Notes,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("etag")] string ETag)
{
    public static CandidateResource From(CandidateProfile candidate) => new(
        candidate.Id, candidate.Name, candidate.Email, candidate.Phone, candidate.Links, candidate.Location, candidate.Status,
        CandidatePipeline.AllowedFrom(candidate.Status), candidate.JobIds, candidate.Notes, candidate.CreatedAt, candidate.UpdatedAt, ETagOf(candidate));

    public static string ETagOf(CandidateProfile candidate) => $"\"r{candidate.Revision.ToString(CultureInfo.InvariantCulture)}\"";
}

public sealed record CandidateList(IReadOnlyList<CandidateResource> Items, string? ContinuationToken);

/// <summary>
/// The people in a tenant's hiring pipeline. Profiles hold contact details and the team's notes, so only admins and
/// recruiters read or write them; interviewers see a candidate's name and email on their interviews, and candidates
/// (the role) get 403.
/// </summary>
public static partial class CandidatesApi
{
    public const int MaxPageSize = ListParameters.MaxPageSize;
    public const int DefaultPageSize = ListParameters.DefaultPageSize;
    private const int MaxConcurrentRetries = 5;

    public static RouteGroupBuilder MapCandidates(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/candidates").WithTags("Candidates");
        group.MapPost("", Create);
        group.MapGet("", List);
        group.MapGet("/{id}", Get);
        group.MapPatch("/{id}", Patch).Accepts<JsonObject>("application/merge-patch+json", "application/json");
        group.MapDelete("/{id}", Delete);
        return group;
    }

    private static ProblemHttpResult? Refuse(Caller caller) => caller.CanManage
        ? null
        : Problem.Forbidden("Candidate profiles are read and kept by admins and recruiters only.");

    private static ProblemHttpResult EmailTaken(string existingId) => TypedResults.Problem(
        detail: $"Candidate '{existingId}' already has this email; a tenant keeps one profile per email.",
        statusCode: StatusCodes.Status409Conflict,
        title: "Conflict",
        extensions: new Dictionary<string, object?> { ["existingCandidateId"] = existingId });

    private static async Task<Results<Created<CandidateResource>, ValidationProblem, ProblemHttpResult>> Create(
        CreateCandidateRequest request,
        [FromHeader(Name = CreateIdempotency.Header)] string? idempotencyKey,
        HttpContext http,
        ICandidateStore store,
        IJobStore jobs,
        TimeProvider clock,
        ILogger<CandidateProfile> logger,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (Refuse(caller) is { } refused)
        {
            return refused;
        }
        if (CreateIdempotency.Read(http, idempotencyKey, out var key) is { } badKey)
        {
            return badKey;
        }
        var now = clock.GetUtcNow();
        var (candidate, errors) = CandidateRules.Create(request, caller.TenantId, Guid.CreateVersion7(now).ToString(), now);
        if (candidate is null)
        {
            return Problem.Invalid(errors);
        }
        if (await MissingJobsAsync(jobs, caller.TenantId, candidate.JobIds, [], cancellationToken) is { } missing)
        {
            return missing;
        }
        var (id, reused) = await CreateIdempotency.ClaimAsync(http, key, request, HiringJsonContext.Default.CreateCandidateRequest,
            caller.TenantId, candidate.Id, now, store.ClaimCreateAsync, "candidate", cancellationToken);
        if (reused is not null)
        {
            return reused;
        }
        candidate = candidate with { Id = id };
        CandidateProfile? stored;
        try
        {
            stored = await CreateIdempotency.CreateOnceAsync<CandidateProfile, CandidateAlreadyExistsException>(
                () => store.CreateAsync(candidate, cancellationToken),
                created => Log.Created(logger, created.Id, created.TenantId),
                () => store.FindAsync(caller.TenantId, candidate.Id, cancellationToken));
        }
        catch (CandidateEmailTakenException taken)
        {
            return EmailTaken(taken.ExistingId);
        }
        if (stored is null)
        {
            return CreateIdempotency.DeletedMeanwhile("candidate");
        }
        http.Response.Headers.ETag = CandidateResource.ETagOf(stored);
        return TypedResults.Created($"/api/candidates/{stored.Id}", CandidateResource.From(stored));
    }

    private static async Task<Results<Ok<CandidateList>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http,
        ICandidateStore store,
        [FromQuery] string[]? status,
        string? jobId,
        string? email,
        string? q,
        string? pageSize,
        string? continuationToken,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (Refuse(caller) is { } refused)
        {
            return refused;
        }
        var v = new Validation();
        var query = new CandidateQuery(
            v.EnumList<CandidateStatus>("status", status),
            v.Optional("jobId", jobId, CandidateRules.MaxJobId),
            email is null ? null : v.Email("email", email),
            v.Optional("q", q, CandidateRules.MaxName)?.ToLowerInvariant(),
            v.PageSize(pageSize),
            v.ContinuationToken(continuationToken));
        return await ListParameters.AnswerAsync(v,
            () => store.ListAsync(caller.TenantId, query, cancellationToken),
            page => new CandidateList([.. page.Items.Select(CandidateResource.From)], page.ContinuationToken));
    }

    private static async Task<Results<Ok<CandidateResource>, ProblemHttpResult>> Get(string id, HttpContext http, ICandidateStore store, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (Refuse(caller) is { } refused)
        {
            return refused;
        }
        if (await store.FindAsync(caller.TenantId, id, cancellationToken) is not { } candidate)
        {
            return Problem.NotFound($"Candidate '{id}'");
        }
        http.Response.Headers.ETag = CandidateResource.ETagOf(candidate);
        return TypedResults.Ok(CandidateResource.From(candidate));
    }

    /// <summary>
    /// A JSON merge patch. With If-Match the client's ETag must be current (else 412); without it a write that lost a race
    /// is re-applied to the fresh profile a few times. Job ids added must exist in the tenant; a new email must be free.
    /// </summary>
    private static async Task<Results<Ok<CandidateResource>, ValidationProblem, ProblemHttpResult>> Patch(
        string id, JsonObject patch, HttpContext http, ICandidateStore store, IJobStore jobs, TimeProvider clock, ILogger<CandidateProfile> logger,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (Refuse(caller) is { } refused)
        {
            return refused;
        }
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        for (var attempt = 1; ; attempt++)
        {
            if (await store.FindAsync(caller.TenantId, id, cancellationToken) is not { } candidate)
            {
                return Problem.NotFound($"Candidate '{id}'");
            }
            if (ifMatch.Length > 0 && !HttpETag.Matches(ifMatch, CandidateResource.ETagOf(candidate)))
            {
                return CreateIdempotency.PreconditionFailed("candidate");
            }
            var result = candidate;
            switch (CandidateRules.Patch(candidate, patch, clock.GetUtcNow()))
            {
                case CandidateChange.Invalid invalid:
                    return Problem.Invalid(invalid.Errors);
                case CandidateChange.Conflict conflict:
                    return Problem.Conflict(conflict.Detail);
                case CandidateChange.Applied applied:
                    // Only the jobs added are checked: one already listed stays listable, since a job is not deleted while listed.
                    if (await MissingJobsAsync(jobs, caller.TenantId, applied.Candidate.JobIds, candidate.JobIds, cancellationToken) is { } missing)
                    {
                        return missing;
                    }
                    try
                    {
                        result = await store.ReplaceAsync(applied.Candidate, cancellationToken);
                        if (result.Status != candidate.Status)
                        {
                            Log.StatusChanged(logger, result.Id, result.Status);
                        }
                    }
                    catch (CandidateEmailTakenException taken)
                    {
                        return EmailTaken(taken.ExistingId);
                    }
                    catch (StaleCandidateException) when (attempt < MaxConcurrentRetries)
                    {
                        continue;
                    }
                    catch (StaleCandidateException)
                    {
                        return Problem.Conflict("The candidate kept changing while this request tried to apply; retry.");
                    }
                    break;
            }
            http.Response.Headers.ETag = CandidateResource.ETagOf(result);
            return TypedResults.Ok(CandidateResource.From(result));
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, HttpContext http, ICandidateStore store, ILogger<CandidateProfile> logger, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (Refuse(caller) is { } refused)
        {
            return refused;
        }
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        for (var attempt = 1; ; attempt++)
        {
            if (await store.FindAsync(caller.TenantId, id, cancellationToken) is not { } candidate)
            {
                return Problem.NotFound($"Candidate '{id}'");
            }
            if (ifMatch.Length > 0 && !HttpETag.Matches(ifMatch, CandidateResource.ETagOf(candidate)))
            {
                return CreateIdempotency.PreconditionFailed("candidate");
            }
            try
            {
                await store.DeleteAsync(caller.TenantId, id, candidate.ETag, cancellationToken);
            }
            catch (StaleCandidateException) when (attempt < MaxConcurrentRetries)
            {
                continue;
            }
            catch (StaleCandidateException)
            {
                return Problem.Conflict("The candidate kept changing while this request tried to delete it; retry.");
            }
            Log.Deleted(logger, id, caller.TenantId);
            return TypedResults.NoContent();
        }
    }

    /// <summary>A 400 naming each listed job (not in <paramref name="known"/>) that the tenant does not have; null when all exist.</summary>
    private static async Task<ValidationProblem?> MissingJobsAsync(
        IJobStore jobs, string tenantId, IReadOnlyList<string> jobIds, IReadOnlyList<string> known, CancellationToken cancellationToken)
    {
        var errors = new Validation();
        for (var i = 0; i < jobIds.Count; i++)
        {
            if (!known.Contains(jobIds[i]) && await jobs.FindAsync(tenantId, jobIds[i], cancellationToken) is null)
            {
                errors.Add($"jobIds[{i}]", $"There is no job '{jobIds[i]}' in this tenant.");
            }
        }
        return errors.IsValid ? null : Problem.Invalid(errors.Errors);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Candidate {CandidateId} created for tenant {TenantId}")]
        public static partial void Created(ILogger logger, string candidateId, string tenantId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Candidate {CandidateId} is now {Status}")]
        public static partial void StatusChanged(ILogger logger, string candidateId, CandidateStatus status);

        [LoggerMessage(Level = LogLevel.Information, Message = "Candidate {CandidateId} deleted from tenant {TenantId}")]
        public static partial void Deleted(ILogger logger, string candidateId, string tenantId);
    }
}
