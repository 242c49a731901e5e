using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using InterviewFunctions.App.Interviews;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Candidates;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InterviewFunctions.App.Jobs;

/// <param name="NextStatuses">The statuses the job may move to next (PATCH <c>status</c>).</param>
public sealed record JobResource(
    string Id,
    string Title,
    string? Domain,
    string? Department,
    string? Description,
    IReadOnlyList<string> RequiredSkills,
    IReadOnlyList<string> NiceToHaveSkills,
    ExperienceRange? Experience,
    string? Location,
    Workplace? Workplace,
    JobStatus Status,
    IReadOnlyList<JobStatus> NextStatuses,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("etag")] string ETag)
{
    public static JobResource From(Job job) => new(
        job.Id, job.Title, job.Domain, job.Department, job.Description, job.RequiredSkills, job.NiceToHaveSkills, job.Experience,
        job.Location, job.Workplace, job.Status, JobStateMachine.AllowedFrom(job.Status), job.CreatedAt, job.UpdatedAt, ETagOf(job));

    public static string ETagOf(Job job) => $"\"r{job.Revision.ToString(CultureInfo.InvariantCulture)}\"";
}

public sealed record JobList(IReadOnlyList<JobResource> Items, string? ContinuationToken);

/// <summary>
/// A tenant's job postings. Admins and recruiters write them; interviewers may read them (they interview for them);
/// candidates may not, since postings in draft or on hold are the hiring team's business.
/// </summary>
public static partial class JobsApi
{
    public const int MaxPageSize = ListParameters.MaxPageSize;
    public const int DefaultPageSize = ListParameters.DefaultPageSize;
    private const int MaxConcurrentRetries = 5;

    public static RouteGroupBuilder MapJobs(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/jobs").WithTags("Jobs");
        group.MapPost("", Create);
        group.MapGet("", List);
        group.MapGet("/{id}", Get);
        group.MapPatch("/{id}", Patch).Accepts<JsonObject>("application/merge-patch+json", "application/json");
        group.MapDelete("/{id}", Delete);
        return group;
    }

    private static ProblemHttpResult? RefuseReaders(Caller caller) => caller.Role == CallerRole.Candidate
        ? Problem.Forbidden("Job postings are the hiring team's data; candidates do not read them here.")
        : null;

    private static ProblemHttpResult? RefuseWriters(Caller caller) => caller.CanManage
        ? null
        : Problem.Forbidden("Only admins and recruiters create, change or delete jobs.");

    private static async Task<Results<Created<JobResource>, ValidationProblem, ProblemHttpResult>> Create(
        CreateJobRequest request,
        [FromHeader(Name = CreateIdempotency.Header)] string? idempotencyKey,
        HttpContext http,
        IJobStore store,
        TimeProvider clock,
        ILogger<Job> logger,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (RefuseWriters(caller) is { } refused)
        {
            return refused;
        }
        if (CreateIdempotency.Read(http, idempotencyKey, out var key) is { } badKey)
        {
            return badKey;
        }
        var now = clock.GetUtcNow();
        var (job, errors) = JobRules.Create(request, caller.TenantId, Guid.CreateVersion7(now).ToString(), now);
        if (job is null)
        {
            return Problem.Invalid(errors);
        }
        var (id, reused) = await CreateIdempotency.ClaimAsync(http, key, request, HiringJsonContext.Default.CreateJobRequest,
            caller.TenantId, job.Id, now, store.ClaimCreateAsync, "job", cancellationToken);
        if (reused is not null)
        {
            return reused;
        }
        job = job with { Id = id };
        var stored = await CreateIdempotency.CreateOnceAsync<Job, JobAlreadyExistsException>(
            () => store.CreateAsync(job, cancellationToken),
            created => Log.Created(logger, created.Id, created.TenantId),
            () => store.FindAsync(caller.TenantId, job.Id, cancellationToken));
        if (stored is null)
        {
            return CreateIdempotency.DeletedMeanwhile("job");
        }
        http.Response.Headers.ETag = JobResource.ETagOf(stored);
        return TypedResults.Created($"/api/jobs/{stored.Id}", JobResource.From(stored));
    }

    private static async Task<Results<Ok<JobList>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http,
        IJobStore store,
        [FromQuery] string[]? status,
        string? domain,
        string? q,
        string? pageSize,
        string? continuationToken,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (RefuseReaders(caller) is { } refused)
        {
            return refused;
        }
        var v = new Validation();
        var query = new JobQuery(
            v.EnumList<JobStatus>("status", status),
            v.Optional("domain", domain, JobRules.MaxDomain)?.ToLowerInvariant(),
            v.Optional("q", q, JobRules.MaxTitle)?.ToLowerInvariant(),
            v.PageSize(pageSize),
            v.ContinuationToken(continuationToken));
        return await ListParameters.AnswerAsync(v,
            () => store.ListAsync(caller.TenantId, query, cancellationToken),
            page => new JobList([.. page.Items.Select(JobResource.From)], page.ContinuationToken));
    }

    private static async Task<Results<Ok<JobResource>, ProblemHttpResult>> Get(string id, HttpContext http, IJobStore store, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (RefuseReaders(caller) is { } refused)
        {
            return refused;
        }
        if (await store.FindAsync(caller.TenantId, id, cancellationToken) is not { } job)
        {
            return Problem.NotFound($"Job '{id}'");
        }
        http.Response.Headers.ETag = JobResource.ETagOf(job);
        return TypedResults.Ok(JobResource.From(job));
    }

    /// <summary>
    /// A JSON merge patch. With If-Match the client's ETag must be current (else 412); without it a write that lost a race
    /// is re-applied to the fresh job a few times.
    /// </summary>
    private static async Task<Results<Ok<JobResource>, ValidationProblem, ProblemHttpResult>> Patch(
        string id, JsonObject patch, HttpContext http, IJobStore store, TimeProvider clock, ILogger<Job> logger, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (RefuseWriters(caller) is { } refused)
        {
            return refused;
        }
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        for (var attempt = 1; ; attempt++)
        {
            if (await store.FindAsync(caller.TenantId, id, cancellationToken) is not { } job)
            {
                return Problem.NotFound($"Job '{id}'");
            }
            if (ifMatch.Length > 0 && !HttpETag.Matches(ifMatch, JobResource.ETagOf(job)))
            {
                return CreateIdempotency.PreconditionFailed("job");
            }
            var result = job;
            switch (JobRules.Patch(job, patch, clock.GetUtcNow()))
            {
                case JobChange.Invalid invalid:
                    return Problem.Invalid(invalid.Errors);
                case JobChange.Conflict conflict:
                    return Problem.Conflict(conflict.Detail);
                case JobChange.Applied applied:
                    try
                    {
                        result = await store.ReplaceAsync(applied.Job, cancellationToken);
                        if (result.Status != job.Status)
                        {
                            Log.StatusChanged(logger, result.Id, result.Status);
                        }
                    }
                    catch (StaleJobException) when (attempt < MaxConcurrentRetries)
                    {
                        continue;
                    }
                    catch (StaleJobException)
                    {
                        return Problem.Conflict("The job kept changing while this request tried to apply; retry.");
                    }
                    break;
            }
            http.Response.Headers.ETag = JobResource.ETagOf(result);
            return TypedResults.Ok(JobResource.From(result));
        }
    }

    /// <summary>
    /// Deletes a job no candidate applies to. Candidates that list it keep the job refused (409, with their number): a
    /// pipeline should not silently lose what its people applied for. Detach them (PATCH their jobIds) or close the job.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, HttpContext http, IJobStore store, ICandidateStore candidates, ILogger<Job> logger, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (RefuseWriters(caller) is { } refused)
        {
            return refused;
        }
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        for (var attempt = 1; ; attempt++)
        {
            if (await store.FindAsync(caller.TenantId, id, cancellationToken) is not { } job)
            {
                return Problem.NotFound($"Job '{id}'");
            }
            if (ifMatch.Length > 0 && !HttpETag.Matches(ifMatch, JobResource.ETagOf(job)))
            {
                return CreateIdempotency.PreconditionFailed("job");
            }
            var applicants = await candidates.CountForJobAsync(caller.TenantId, id, cancellationToken);
            if (applicants > 0)
            {
                return TypedResults.Problem(
                    detail: $"{applicants} candidate{(applicants == 1 ? "" : "s")} apply to this job. Remove it from their jobIds first, or close the job instead.",
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Conflict",
                    extensions: new Dictionary<string, object?> { ["candidateCount"] = applicants });
            }
            try
            {
                await store.DeleteAsync(caller.TenantId, id, job.ETag, cancellationToken);
            }
            catch (StaleJobException) when (attempt < MaxConcurrentRetries)
            {
                continue;
            }
            catch (StaleJobException)
            {
                return Problem.Conflict("The job kept changing while this request tried to delete it; retry.");
            }
            Log.Deleted(logger, id, caller.TenantId);
            return TypedResults.NoContent();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} created for tenant {TenantId}")]
        public static partial void Created(ILogger logger, string jobId, string tenantId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} is now {Status}")]
        public static partial void StatusChanged(ILogger logger, string jobId, JobStatus status);

        [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} deleted from tenant {TenantId}")]
        public static partial void Deleted(ILogger logger, string jobId, string tenantId);
    }
}
