using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Reminders;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Calendar;
using InterviewFunctions.Core.Calendar.Feeds;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Calendar;

public sealed class CalendarFeedOptions
{
    public const string Section = "CalendarFeeds";

    /// <summary>Interviews that started up to this many days ago stay in the feed, so that today's are not dropped once begun.</summary>
    public int DaysBehind { get; set; } = 7;

    /// <summary>How far ahead the feed looks.</summary>
    public int DaysAhead { get; set; } = 180;

    /// <summary>Most interviews in one feed (the earliest are kept).</summary>
    public int MaxInterviews { get; set; } = 500;

    /// <summary>Tokens one person may hold at a time.</summary>
    public int MaxTokensPerOwner { get; set; } = 20;

    /// <summary>The calendar name subscribers see (X-WR-CALNAME).</summary>
    public string CalendarName { get; set; } = "Interviews";
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateFeedTokenRequest(string? Label = null, string? Email = null);

/// <param name="Token">The secret, shown only in the answer that creates it.</param>
/// <param name="FeedUrl">The path to subscribe to (relative to this API's host); with the secret, only when it is shown.</param>
public sealed record FeedTokenResource(string Id, string? Label, string Email, DateTimeOffset CreatedAt, string? Token = null, string? FeedUrl = null)
{
    public static FeedTokenResource From(FeedToken token) => new(token.Id, token.Label, token.Email, token.CreatedAt);
}

public sealed record FeedTokenList(IReadOnlyList<FeedTokenResource> Items);

/// <summary>
/// Per-person calendar subscriptions: a revocable secret in the URL of an iCalendar feed of the person's interviews,
/// as candidate or interviewer, so that Outlook, Google Calendar or Apple Calendar can subscribe without an API key.
/// </summary>
public static partial class CalendarFeedsApi
{
    public const string ContentType = "text/calendar; charset=utf-8";
    public const int MaxLabelLength = 100;

    public static RouteGroupBuilder MapCalendarFeeds(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/calendar").WithTags("Calendar");
        group.MapPost("/feed-tokens", CreateToken).RequireAuthorization();
        group.MapGet("/feed-tokens", ListTokens).RequireAuthorization();
        group.MapDelete("/feed-tokens/{id}", RevokeToken).RequireAuthorization();
        // The secret in the URL is the credential: calendar clients cannot send an API key.
        group.MapGet("/feed/{token}.ics", Feed).AllowAnonymous().Produces<string>(StatusCodes.Status200OK, "text/calendar");
        return group;
    }

    private static async Task<Results<Created<FeedTokenResource>, ValidationProblem, ProblemHttpResult>> CreateToken(
        CreateFeedTokenRequest? request,
        HttpContext http,
        IFeedTokenStore tokens,
        IOptions<CalendarFeedOptions> options,
        TimeProvider clock,
        ILogger<FeedToken> logger,
        CancellationToken cancellationToken)
    {
        request ??= new CreateFeedTokenRequest();
        var caller = http.User.ToCaller();
        var v = new Validation();
        var label = v.Optional("label", request.Label, MaxLabelLength);
        var ownEmail = string.IsNullOrWhiteSpace(caller.Email) ? null : caller.Email;
        var email = request.Email is null ? ownEmail : v.Email("email", request.Email);
        if (!v.IsValid)
        {
            return Problem.Invalid(v.Errors);
        }
        if (email is null)
        {
            return Problem.Invalid("email", "Your identity carries no email: name the email whose interviews the feed shows.");
        }
        if (!caller.CanManage && !string.Equals(email, ownEmail, StringComparison.OrdinalIgnoreCase))
        {
            return Problem.Forbidden("A feed shows your own interviews; only admins and recruiters make feeds for someone else.");
        }
        var existing = await tokens.ListAsync(caller.TenantId, caller.Subject, cancellationToken);
        if (existing.Count >= options.Value.MaxTokensPerOwner)
        {
            return Problem.Conflict($"You hold {existing.Count} feed tokens, the most allowed; revoke one first.");
        }
        var now = clock.GetUtcNow();
        var secret = FeedToken.NewSecret();
        var token = new FeedToken
        {
            Id = Guid.CreateVersion7(now).ToString(),
            TenantId = caller.TenantId,
            Owner = caller.Subject,
            Email = email.ToLowerInvariant(),
            Label = label,
            SecretHash = FeedToken.HashSecret(secret),
            CreatedAt = now,
        };
        await tokens.CreateAsync(token, cancellationToken);
        Log.TokenCreated(logger, token.Id, token.TenantId);
        var feedUrl = $"/api/calendar/feed/{secret}.ics";
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/calendar/feed-tokens/{token.Id}", FeedTokenResource.From(token) with { Token = secret, FeedUrl = feedUrl });
    }

    private static async Task<Ok<FeedTokenList>> ListTokens(HttpContext http, IFeedTokenStore tokens, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        var items = await tokens.ListAsync(caller.TenantId, caller.Subject, cancellationToken);
        return TypedResults.Ok(new FeedTokenList([.. items.Select(FeedTokenResource.From)]));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeToken(
        string id, HttpContext http, IFeedTokenStore tokens, ILogger<FeedToken> logger, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (!await tokens.RevokeAsync(caller.TenantId, caller.Subject, id, cancellationToken))
        {
            return Problem.NotFound($"Feed token '{id}'");
        }
        Log.TokenRevoked(logger, id, caller.TenantId);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// The feed: every interview naming the token's email within its window, cancelled ones included so that
    /// subscribers drop them. Its ETag is a hash of the body, whose DTSTAMP is the latest change of what it shows, so
    /// an unchanged feed answers 304 to a client that sends If-None-Match.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> Feed(
        string token,
        HttpContext http,
        IFeedTokenStore tokens,
        IInterviewStore interviews,
        PlannedEmailComposer composer,
        IOptions<CalendarFeedOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        // Every unknown, malformed or revoked secret answers alike.
        if (!FeedToken.LooksLikeSecret(token) || await tokens.FindBySecretHashAsync(FeedToken.HashSecret(token), cancellationToken) is not { } feed)
        {
            return Problem.NotFound("This calendar feed");
        }
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var found = new Dictionary<string, Interview>(StringComparer.Ordinal);
        foreach (var scope in new[] { new InterviewScope(feed.Email, null), new InterviewScope(null, feed.Email) })
        {
            string? continuation = null;
            do
            {
                var page = await interviews.ListAsync(feed.TenantId, new InterviewQuery(
                    scope,
                    From: now.AddDays(-settings.DaysBehind),
                    To: now.AddDays(settings.DaysAhead),
                    PageSize: 200,
                    ContinuationToken: continuation), cancellationToken);
                foreach (var interview in page.Items)
                {
                    found.TryAdd(interview.Id, interview);
                }
                continuation = found.Count < settings.MaxInterviews ? page.ContinuationToken : null;
            }
            while (continuation is not null);
        }
        var shown = found.Values.OrderBy(i => i.ScheduledStart).ThenBy(i => i.Id, StringComparer.Ordinal).Take(settings.MaxInterviews).ToList();
        var stamp = shown.Count == 0 ? feed.CreatedAt : shown.Max(i => i.UpdatedAt);
        var organizer = composer.Context(now).Organizer;
        var body = Encoding.UTF8.GetBytes(IcsCalendar.Feed(shown, settings.CalendarName, new IcsOptions(stamp, organizer)));
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + "\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "private, no-cache";
        if (http.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } ifNoneMatch
            && ifNoneMatch.Split(',', StringSplitOptions.TrimEntries).Any(t => t == "*" || t == etag || t == "W/" + etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(body, ContentType);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Calendar feed token {TokenId} created in tenant {TenantId}")]
        public static partial void TokenCreated(ILogger logger, string tokenId, string tenantId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Calendar feed token {TokenId} revoked in tenant {TenantId}")]
        public static partial void TokenRevoked(ILogger logger, string tokenId, string tenantId);
    }
}
