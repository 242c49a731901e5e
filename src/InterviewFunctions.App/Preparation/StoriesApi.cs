using System.Globalization;
using InterviewFunctions.App.Interviews;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Preparation.Stories;
using InterviewFunctions.Core.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewFunctions.App.Preparation;

/// <param name="DetectedCompetencies">Competencies the story's own words show, whether or not it is tagged with them.</param>
public sealed record StoryResource(
    string Id,
    string Title,
    string Situation,
    string Task,
    string Action,
    string Result,
    IReadOnlyList<string> Competencies,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> DetectedCompetencies,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: System.Text.Json.Serialization.JsonPropertyName("etag")] string ETag)
{
    public static StoryResource From(StarStory story) => new(
        story.Id, story.Title, story.Situation, story.Task, story.Action, story.Result, story.Competencies, story.Tags,
        [.. Core.Preparation.Competencies.FindIn(story.Text).Select(m => m.Competency.Id)],
        story.CreatedAt, story.UpdatedAt, ETagOf(story));

    public static string ETagOf(StarStory story) => $"\"r{story.Revision.ToString(CultureInfo.InvariantCulture)}\"";
}

public sealed record StoryList(IReadOnlyList<StoryResource> Items, string? ContinuationToken);

/// <summary>
/// A candidate's STAR story bank. Stories are private to the candidate who wrote them: the API serves candidates only,
/// each sees only their own, and anyone else's story id answers 404.
/// </summary>
public static class StoriesApi
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;
    private const int MaxConcurrentRetries = 3;

    /// <summary>The prep view maps at most this many stories; a bank is a few dozen.</summary>
    private const int MaxStoriesRead = 1000;

    public static RouteGroupBuilder MapStories(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/stories").WithTags("Stories");
        group.MapPost("", Create);
        group.MapGet("", List);
        group.MapGet("/{id}", Get);
        group.MapPut("/{id}", Replace);
        group.MapDelete("/{id}", Delete);
        return group;
    }

    /// <summary>Whose stories a caller reads and writes: a candidate's email (which also ties them to their interviews).</summary>
    public static string OwnerOf(Caller caller) => caller.Email ?? "subject:" + caller.Subject;

    private static ProblemHttpResult? RefuseNonCandidates(Caller caller) => caller.Role == CallerRole.Candidate
        ? null
        : Problem.Forbidden("The story bank belongs to candidates; each candidate keeps their own stories.");

    private static async Task<Results<Created<StoryResource>, ValidationProblem, ProblemHttpResult>> Create(
        StoryRequest request, HttpContext http, IStoryStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (RefuseNonCandidates(caller) is { } refused)
        {
            return refused;
        }
        var now = clock.GetUtcNow();
        var (story, errors) = StoryRules.Create(request, caller.TenantId, OwnerOf(caller), Guid.CreateVersion7(now).ToString(), now);
        if (story is null)
        {
            return Problem.Invalid(errors);
        }
        var stored = await store.CreateAsync(story, cancellationToken);
        http.Response.Headers.ETag = StoryResource.ETagOf(stored);
        return TypedResults.Created($"/api/stories/{stored.Id}", StoryResource.From(stored));
    }

    private static async Task<Results<Ok<StoryList>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http, IStoryStore store, string? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (RefuseNonCandidates(caller) is { } refused)
        {
            return refused;
        }
        var v = new Validation();
        var size = v.Count("pageSize", pageSize, 1, MaxPageSize, DefaultPageSize);
        var token = v.Optional("continuationToken", continuationToken, 8192);
        if (!v.IsValid)
        {
            return Problem.Invalid(v.Errors);
        }
        var page = await store.ListAsync(caller.TenantId, OwnerOf(caller), size, token, cancellationToken);
        return TypedResults.Ok(new StoryList([.. page.Items.Select(StoryResource.From)], page.ContinuationToken));
    }

    private static async Task<Results<Ok<StoryResource>, ProblemHttpResult>> Get(
        string id, HttpContext http, IStoryStore store, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (RefuseNonCandidates(caller) is { } refused)
        {
            return refused;
        }
        if (await store.FindAsync(caller.TenantId, OwnerOf(caller), id, cancellationToken) is not { } story)
        {
            return Problem.NotFound($"Story '{id}'");
        }
        http.Response.Headers.ETag = StoryResource.ETagOf(story);
        return TypedResults.Ok(StoryResource.From(story));
    }

    /// <summary>Replaces the story's content. With If-Match the client's ETag must be current (else 412).</summary>
    private static async Task<Results<Ok<StoryResource>, ValidationProblem, ProblemHttpResult>> Replace(
        string id, StoryRequest request, HttpContext http, IStoryStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (RefuseNonCandidates(caller) is { } refused)
        {
            return refused;
        }
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        for (var attempt = 1; ; attempt++)
        {
            if (await store.FindAsync(caller.TenantId, OwnerOf(caller), id, cancellationToken) is not { } story)
            {
                return Problem.NotFound($"Story '{id}'");
            }
            if (ifMatch.Length > 0 && !HttpETag.Matches(ifMatch, StoryResource.ETagOf(story)))
            {
                return Problem.Of(StatusCodes.Status412PreconditionFailed, "Precondition failed",
                    "The story changed since you read it (If-Match does not match its ETag). Read it again and retry.");
            }
            var (replacement, errors) = StoryRules.Replace(story, request, clock.GetUtcNow());
            if (replacement is null)
            {
                return Problem.Invalid(errors);
            }
            var result = story;
            if (!StoryRules.SameContent(story, replacement))
            {
                try
                {
                    result = await store.ReplaceAsync(replacement, cancellationToken);
                }
                catch (StaleStoryException) when (attempt < MaxConcurrentRetries)
                {
                    continue;
                }
                catch (StaleStoryException)
                {
                    return Problem.Conflict("The story kept changing while this request tried to apply; retry.");
                }
            }
            http.Response.Headers.ETag = StoryResource.ETagOf(result);
            return TypedResults.Ok(StoryResource.From(result));
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, HttpContext http, IStoryStore store, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (RefuseNonCandidates(caller) is { } refused)
        {
            return refused;
        }
        return await store.DeleteAsync(caller.TenantId, OwnerOf(caller), id, cancellationToken)
            ? TypedResults.NoContent()
            : Problem.NotFound($"Story '{id}'");
    }

    /// <summary>Every story of an owner, for the prep view; the bank is small, so a few pages at most.</summary>
    public static async Task<IReadOnlyList<StarStory>> ReadAllAsync(IStoryStore store, string tenantId, string owner, CancellationToken cancellationToken)
    {
        var stories = new List<StarStory>();
        string? token = null;
        do
        {
            var page = await store.ListAsync(tenantId, owner, MaxPageSize, token, cancellationToken);
            stories.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null && stories.Count < MaxStoriesRead);
        return stories;
    }
}
