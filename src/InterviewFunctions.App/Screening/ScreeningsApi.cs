using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Candidates;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Screening;
using InterviewFunctions.Core.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InterviewFunctions.App.Screening;

/// <summary>
/// Screening resumes against a job: queue them (202, then poll each screening), read one, and rank a job's candidates
/// best first. Screenings hold the hiring team's judgement of people, so only admins and recruiters use them.
/// </summary>
public static class ScreeningsApi
{
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;

    public static RouteGroupBuilder MapScreenings(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("Screenings");
        group.MapPost("/jobs/{jobId}/screenings", Queue);
        group.MapGet("/jobs/{jobId}/screenings", List);
        group.MapGet("/screenings/{id}", Get);
        return group;
    }

    private static ProblemHttpResult? Refuse(Caller caller) => caller.CanManage
        ? null
        : Problem.Forbidden("Screenings are read and queued by admins and recruiters only.");

    /// <summary>
    /// Queues a screening of each candidate's latest resume against the job. Every candidate is checked before anything
    /// is queued: one the tenant does not have is a 404, one without a resume a 400, each named.
    /// </summary>
    private static async Task<Results<Accepted<QueuedScreenings>, ValidationProblem, ProblemHttpResult>> Queue(
        string jobId,
        ScreenCandidatesRequest request,
        bool? rescreen,
        HttpContext http,
        IJobStore jobs,
        ICandidateStore candidates,
        IResumeStore resumes,
        ScreeningScheduler scheduler,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (Refuse(caller) is { } refused)
        {
            return refused;
        }
        var v = new Validation();
        var ids = new List<(string Id, int Index)>();
        if (request.CandidateIds is not { Count: > 0 and <= ScreeningRules.MaxCandidatesPerRequest } input)
        {
            v.Add("candidateIds", $"'candidateIds' must hold 1 to {ScreeningRules.MaxCandidatesPerRequest} candidate ids (it has {request.CandidateIds?.Count ?? 0}).");
        }
        else
        {
            for (var i = 0; i < input.Count; i++)
            {
                if (v.Required($"candidateIds[{i}]", input[i], CandidateRules.MaxJobId) is { } id && !ids.Exists(e => e.Id == id))
                {
                    ids.Add((id, i));
                }
            }
        }
        if (!v.IsValid)
        {
            return Problem.Invalid(v.Errors);
        }
        if (await jobs.FindAsync(caller.TenantId, jobId, cancellationToken) is null)
        {
            return Problem.NotFound($"Job '{jobId}'");
        }
        var found = new List<(CandidateProfile Candidate, UploadedResume UploadedResume)>();
        var missing = new List<string>();
        var withoutResume = new Validation();
        foreach (var (id, index) in ids)
        {
            if (await candidates.FindAsync(caller.TenantId, id, cancellationToken) is not { } candidate)
            {
                missing.Add(id);
            }
            else if (await resumes.LatestAsync(caller.TenantId, id, cancellationToken) is not { } resume)
            {
                withoutResume.Add($"candidateIds[{index}]", $"Candidate '{id}' has no resume; upload one first (POST /api/candidates/{id}/resumes).");
            }
            else
            {
                found.Add((candidate, resume));
            }
        }
        if (missing.Count > 0)
        {
            return TypedResults.Problem(
                detail: $"There is no candidate {string.Join(", ", missing.Select(m => $"'{m}'"))} in this tenant.",
                statusCode: StatusCodes.Status404NotFound,
                title: "Not found",
                extensions: new Dictionary<string, object?> { ["missingCandidateIds"] = missing });
        }
        if (!withoutResume.IsValid)
        {
            return Problem.Invalid(withoutResume.Errors);
        }
        var queued = new List<ScreeningResource>();
        foreach (var (candidate, resume) in found)
        {
            var (screening, _) = await scheduler.QueueAsync(jobId, resume, rescreen ?? false, cancellationToken);
            await scheduler.MarkScreeningAsync(candidate, cancellationToken);
            queued.Add(ScreeningResource.From(screening, candidate.Name, withRequirements: false));
        }
        return TypedResults.Accepted(queued[0].Url, new QueuedScreenings(queued));
    }

    private static async Task<Results<Ok<ScreeningList>, ValidationProblem, ProblemHttpResult>> List(
        string jobId,
        HttpContext http,
        IJobStore jobs,
        ICandidateStore candidates,
        IScreeningStore screenings,
        string? orderBy,
        [FromQuery] string[]? status,
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
        var order = orderBy?.Trim().ToLowerInvariant() switch
        {
            null or "" or "overall" => ScreeningOrder.Overall,
            "queuedat" or "queued_at" => ScreeningOrder.QueuedAt,
            _ => Invalid(v),
        };
        var statuses = (status ?? []).SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(s => v.Enum<ScreeningStatus>("status", s)).OfType<ScreeningStatus>().Distinct().ToList();
        var query = new ScreeningQuery(order, statuses, v.Count("pageSize", pageSize, 1, MaxPageSize, DefaultPageSize), v.Optional("continuationToken", continuationToken, 8192));
        if (!v.IsValid)
        {
            return Problem.Invalid(v.Errors);
        }
        if (await jobs.FindAsync(caller.TenantId, jobId, cancellationToken) is null)
        {
            return Problem.NotFound($"Job '{jobId}'");
        }
        var page = await screenings.ListForJobAsync(caller.TenantId, jobId, query, cancellationToken);
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var candidateId in page.Items.Select(s => s.CandidateId).Distinct())
        {
            names[candidateId] = (await candidates.FindAsync(caller.TenantId, candidateId, cancellationToken))?.Name;
        }
        return TypedResults.Ok(new ScreeningList(
            [.. page.Items.Select(s => ScreeningResource.From(s, names[s.CandidateId], withRequirements: false))], page.ContinuationToken));

        static ScreeningOrder Invalid(Validation v)
        {
            v.Add("orderBy", "'orderBy' must be 'overall' (best first) or 'queuedAt' (oldest first).");
            return ScreeningOrder.Overall;
        }
    }

    private static async Task<Results<Ok<ScreeningResource>, ProblemHttpResult>> Get(
        string id, HttpContext http, IScreeningStore screenings, ICandidateStore candidates, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (Refuse(caller) is { } refused)
        {
            return refused;
        }
        if (await screenings.FindAsync(caller.TenantId, id, cancellationToken) is not { } screening)
        {
            return Problem.NotFound($"Screening '{id}'");
        }
        var candidate = await candidates.FindAsync(caller.TenantId, screening.CandidateId, cancellationToken);
        return TypedResults.Ok(ScreeningResource.From(screening, candidate?.Name, withRequirements: true));
    }
}
