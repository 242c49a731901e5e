using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using InterviewFunctions.App.Interviews;
using InterviewFunctions.App.Jobs;
using InterviewFunctions.App.Preparation;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Evaluation;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Preparation.Mock;
using InterviewFunctions.Core.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Evaluations;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DecisionRequest(string? Decision, string? Notes);

/// <param name="Turns">The transcript as read and stored: what the assessment's quotes point into by index.</param>
/// <param name="Assessment">Once succeeded: the scores, quotes and the recommendation. A recommendation, never a decision.</param>
/// <param name="Decision">The decision a person recorded, with who and when; null until then.</param>
public sealed record EvaluationResource(
    string Id,
    EvaluationSubject Subject,
    string SubjectId,
    EvaluationStatus Status,
    int Attempts,
    string TranscriptFormat,
    IReadOnlyList<TranscriptTurn> Turns,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? Error,
    EvaluationAssessment? Assessment,
    EvaluationDecision? Decision,
    [property: JsonPropertyName("etag")] string ETag)
{
    public static EvaluationResource From(InterviewEvaluation e) => new(
        e.Id, e.Subject, e.SubjectId, e.Status, e.Attempts, e.TranscriptFormat, e.Turns, e.CreatedAt, e.StartedAt, e.CompletedAt, e.Error,
        e.Assessment, e.Decision, ETagOf(e));

    public static string ETagOf(InterviewEvaluation e) => $"\"r{e.Revision.ToString(CultureInfo.InvariantCulture)}\"";
}

/// <summary>
/// Interview evaluation: the hiring team posts a transcript, the EvaluateInterview queue function scores it, the team
/// reads the assessment and records its decision. Evaluations are the hiring team's: a candidate never reads the
/// evaluation of their interview (403), an interviewer only of the interviews they are on (404 otherwise), another
/// tenant's are missing (404). A mock interview's evaluation is its candidate's own practice feedback.
/// </summary>
public static class EvaluationsApi
{
    public static IServiceCollection AddEvaluations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EvaluationOptions>().Bind(configuration.GetSection(EvaluationOptions.Section))
            .Validate(o => o.IsValid, "Evaluation limits must be positive and Evaluation:QueueName set.").ValidateOnStart();
        // The offline evaluator unless something (an AI decorator) registered one first.
        services.TryAddSingleton<IInterviewEvaluator, OfflineInterviewEvaluator>();
        services.AddSingleton<EvaluationHandOff>();
        services.AddQueueFunction<EvaluateInterviewFunction>();
        // After the API's own context (index 0) and before the reflection fallback.
        services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Insert(Math.Min(1, o.SerializerOptions.TypeInfoResolverChain.Count), EvaluationJsonContext.Default));
        return services;
    }

    public static RouteGroupBuilder MapEvaluations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("Evaluations");
        group.MapPost("/interviews/{id}/transcript", PostTranscript).Accepts<TranscriptRequest>("application/json", "text/plain", "text/vtt");
        group.MapGet("/interviews/{id}/evaluation", GetForInterview);
        group.MapGet("/evaluations/{id}", Get);
        group.MapPut("/evaluations/{id}/decision", PutDecision);
        group.MapGet("/mock-interviews/{id}/evaluation", GetForMockInterview);
        return group;
    }

    /// <summary>
    /// Queues an evaluation of the posted transcript. With an Idempotency-Key, a retry of the same transcript (the same
    /// interview, format and turns as read) answers with the evaluation the first request queued, and queues nothing.
    /// </summary>
    private static async Task<Results<Accepted<EvaluationResource>, ValidationProblem, ProblemHttpResult>> PostTranscript(
        string id, [Microsoft.AspNetCore.Mvc.FromHeader(Name = CreateIdempotency.Header)] string? idempotencyKey, HttpContext http, IInterviewStore interviews,
        IEvaluationStore evaluations, EvaluationHandOff handOff, IOptions<EvaluationOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (await InterviewsApi.FindVisibleAsync(interviews, caller, id, cancellationToken) is not { } interview)
        {
            return Problem.NotFound($"Interview '{id}'");
        }
        if (RefuseCandidates(caller) is { } refused)
        {
            return refused;
        }
        if (CreateIdempotency.Read(http, idempotencyKey, out var key) is { } badKey)
        {
            return badKey;
        }
        var cast = new TranscriptCast(interview.Candidate.Name, [.. interview.Interviewers.Select(i => i.Name)]);
        var limits = options.Value.Limits;
        var mediaType = MediaTypeOf(http.Request);
        IReadOnlyList<TranscriptTurn>? turns;
        IDictionary<string, string[]> errors;
        string format;
        if (mediaType is "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal))
        {
            TranscriptRequest? request;
            try
            {
                request = await http.Request.ReadFromJsonAsync(EvaluationJsonContext.Default.TranscriptRequest, cancellationToken);
            }
            catch (JsonException e)
            {
                var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "turns";
                return Problem.Invalid(field, $"The body is not a transcript of the form {{ \"turns\": [ {{ \"speaker\", \"role\", \"text\", \"at\" }} ] }}: {e.Message}");
            }
            (turns, errors) = TranscriptReader.FromRequest(request, cast, limits);
            format = TranscriptReader.Json;
        }
        else if (mediaType is "text/plain" or "text/vtt")
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(cancellationToken);
            (turns, errors, format) = mediaType == "text/vtt"
                ? Tuple(TranscriptReader.FromVtt(body, cast, limits), TranscriptReader.Vtt)
                : Tuple(TranscriptReader.FromText(body, cast, limits), TranscriptReader.Text);
        }
        else
        {
            return Problem.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the transcript as JSON { \"turns\": [ … ] }, as text/plain \"Speaker: text\" lines, or as text/vtt (WebVTT).");
        }
        if (turns is null)
        {
            return Problem.Invalid(errors);
        }
        var now = clock.GetUtcNow();
        // The latest evaluation is the one created last: keep creation instants of one interview strictly increasing, even
        // when two transcripts arrive within one clock tick.
        if (await evaluations.FindLatestAsync(caller.TenantId, EvaluationSubject.Interview, interview.Id, cancellationToken) is { } previous && previous.CreatedAt >= now)
        {
            now = previous.CreatedAt.AddTicks(10);
        }
        var evaluationId = Guid.CreateVersion7(now).ToString();
        if (key is not null)
        {
            var hash = TranscriptHash(interview.Id, format, turns);
            var claim = await evaluations.ClaimCreateAsync(new CreateClaim(caller.TenantId, key, hash, evaluationId, now), CreateIdempotency.Lifetime, cancellationToken);
            if (claim.RequestHash != hash)
            {
                return CreateIdempotency.Reused("evaluation");
            }
            if (claim.ResourceId != evaluationId)
            {
                // A retry: answer with the evaluation the first request queued (or finish queueing it if that request died).
                http.Response.Headers["Idempotent-Replayed"] = "true";
                evaluationId = claim.ResourceId;
            }
        }
        InterviewEvaluation evaluation;
        try
        {
            evaluation = await handOff.EnqueueAsync(new InterviewEvaluation
            {
                Id = evaluationId,
                TenantId = caller.TenantId,
                Subject = EvaluationSubject.Interview,
                SubjectId = interview.Id,
                TranscriptFormat = format,
                Turns = turns,
                SubmittedBy = DeciderOf(caller),
                CreatedAt = now,
                UpdatedAt = now,
            }, cancellationToken);
        }
        catch (EvaluationAlreadyExistsException)
        {
            if (await evaluations.FindAsync(caller.TenantId, evaluationId, cancellationToken) is not { } existing)
            {
                return Problem.Conflict("The evaluation this Idempotency-Key queued was erased while this request ran; retry with a new key.");
            }
            evaluation = existing;
        }
        http.Response.Headers.ETag = EvaluationResource.ETagOf(evaluation);
        return TypedResults.Accepted($"/api/evaluations/{evaluation.Id}", EvaluationResource.From(evaluation));
    }

    private static async Task<Results<Ok<EvaluationResource>, ProblemHttpResult>> GetForInterview(
        string id, HttpContext http, IInterviewStore interviews, IEvaluationStore evaluations, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (await InterviewsApi.FindVisibleAsync(interviews, caller, id, cancellationToken) is not { } interview)
        {
            return Problem.NotFound($"Interview '{id}'");
        }
        if (RefuseCandidates(caller) is { } refused)
        {
            return refused;
        }
        if (await evaluations.FindLatestAsync(caller.TenantId, EvaluationSubject.Interview, interview.Id, cancellationToken) is not { } evaluation)
        {
            return Problem.NotFound($"An evaluation of interview '{id}'");
        }
        http.Response.Headers.ETag = EvaluationResource.ETagOf(evaluation);
        return TypedResults.Ok(EvaluationResource.From(evaluation));
    }

    private static async Task<Results<Ok<EvaluationResource>, ProblemHttpResult>> Get(
        string id, HttpContext http, IInterviewStore interviews, IEvaluationStore evaluations, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        var (evaluation, problem) = await FindReadableAsync(id, caller, interviews, evaluations, cancellationToken);
        if (evaluation is null)
        {
            return problem!;
        }
        http.Response.Headers.ETag = EvaluationResource.ETagOf(evaluation);
        return TypedResults.Ok(EvaluationResource.From(evaluation));
    }

    /// <summary>
    /// Records the hiring team's decision. The caller is the decider: the evaluator only recommends. With If-Match the
    /// client's ETag must be current (else 412); without it a decision racing the evaluator is applied to the fresh copy.
    /// </summary>
    private static async Task<Results<Ok<EvaluationResource>, ValidationProblem, ProblemHttpResult>> PutDecision(
        string id, DecisionRequest request, HttpContext http, IInterviewStore interviews, IEvaluationStore evaluations,
        IOptions<EvaluationOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        var v = new Validation();
        var decision = v.Enum<HiringDecision>("decision", request.Decision);
        var notes = v.Optional("notes", request.Notes, options.Value.MaxDecisionNotes);
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        for (var attempt = 1; ; attempt++)
        {
            var (evaluation, problem) = await FindReadableAsync(id, caller, interviews, evaluations, cancellationToken);
            if (evaluation is null)
            {
                return problem!;
            }
            if (evaluation.Subject == EvaluationSubject.MockInterview)
            {
                return Problem.Conflict("A mock interview's evaluation is practice feedback; no hiring decision is recorded on it.");
            }
            if (!v.IsValid)
            {
                return Problem.Invalid(v.Errors);
            }
            if (ifMatch.Length > 0 && !HttpETag.Matches(ifMatch, EvaluationResource.ETagOf(evaluation)))
            {
                return Problem.Of(StatusCodes.Status412PreconditionFailed, "Precondition failed",
                    "The evaluation changed since you read it (If-Match does not match its ETag). Read it again and retry.");
            }
            var now = clock.GetUtcNow();
            try
            {
                var stored = await evaluations.ReplaceAsync(evaluation with
                {
                    Decision = new EvaluationDecision(decision!.Value, DeciderOf(caller), now, notes),
                    UpdatedAt = now,
                    Revision = evaluation.Revision + 1,
                }, cancellationToken);
                http.Response.Headers.ETag = EvaluationResource.ETagOf(stored);
                return TypedResults.Ok(EvaluationResource.From(stored));
            }
            catch (StaleEvaluationException) when (attempt < 5 && ifMatch.Length == 0)
            {
            }
            catch (StaleEvaluationException)
            {
                return ifMatch.Length > 0
                    ? Problem.Of(StatusCodes.Status412PreconditionFailed, "Precondition failed", "The evaluation changed while the decision was being recorded. Read it again and retry.")
                    : Problem.Conflict("The evaluation kept changing while the decision was being recorded; retry.");
            }
        }
    }

    private static async Task<Results<Ok<EvaluationResource>, ProblemHttpResult>> GetForMockInterview(
        string id, HttpContext http, IMockInterviewStore sessions, IEvaluationStore evaluations, EvaluationHandOff handOff, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (caller.Role != CallerRole.Candidate)
        {
            return Problem.Forbidden("Mock interviews are candidates' private practice; each candidate reads their own evaluation.");
        }
        var now = clock.GetUtcNow();
        if (await MockInterviewsApi.LoadAsync(sessions, handOff, caller, id, now, cancellationToken) is not { } session)
        {
            return Problem.NotFound($"Mock interview '{id}'");
        }
        if (session.State != MockState.Ended)
        {
            return Problem.NotFound($"An evaluation of mock interview '{id}' (it starts when the session ends)");
        }
        // Normally handed off when the session ended; a hand-off lost to a crash in between is made now.
        var evaluation = await evaluations.FindAsync(caller.TenantId, InterviewEvaluation.IdForMockInterview(session.Id), cancellationToken)
            ?? await handOff.MockEndedAsync(session, now, cancellationToken);
        http.Response.Headers.ETag = EvaluationResource.ETagOf(evaluation);
        return TypedResults.Ok(EvaluationResource.From(evaluation));
    }

    /// <summary>The evaluation if the caller may read it: the hiring team of its interview, or the owner of its mock interview.</summary>
    private static async Task<(InterviewEvaluation? Evaluation, ProblemHttpResult? Problem)> FindReadableAsync(
        string id, Caller caller, IInterviewStore interviews, IEvaluationStore evaluations, CancellationToken cancellationToken)
    {
        var missing = Problem.NotFound($"Evaluation '{id}'");
        if (await evaluations.FindAsync(caller.TenantId, id, cancellationToken) is not { } evaluation)
        {
            return (null, missing);
        }
        if (evaluation.Subject == EvaluationSubject.MockInterview)
        {
            return caller.Role == CallerRole.Candidate && evaluation.Owner == StoriesApi.OwnerOf(caller) ? (evaluation, null) : (null, missing);
        }
        if (await InterviewsApi.FindVisibleAsync(interviews, caller, evaluation.SubjectId, cancellationToken) is null)
        {
            return (null, missing);
        }
        return RefuseCandidates(caller) is { } refused ? (null, refused) : (evaluation, null);
    }

    private static ProblemHttpResult? RefuseCandidates(Caller caller) => caller.Role == CallerRole.Candidate
        ? Problem.Forbidden("Interview evaluations belong to the hiring team; candidates do not read them.")
        : null;

    /// <summary>
    /// What makes two transcript posts the same request: the interview, and the transcript as read (not the raw bytes, so
    /// that a client re-encoding the same transcript is still retrying). Each part is length-prefixed so none runs into the next.
    /// </summary>
    private static string TranscriptHash(string interviewId, string format, IReadOnlyList<TranscriptTurn> turns)
    {
        var text = new System.Text.StringBuilder();
        void Part(string value) => text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
        Part(interviewId);
        Part(format);
        foreach (var turn in turns)
        {
            Part(turn.Speaker);
            Part(turn.Role.ToString());
            Part(turn.Text);
            Part(turn.At?.Ticks.ToString(CultureInfo.InvariantCulture) ?? "-");
        }
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Who the caller is, as recorded on what they submit or decide.</summary>
    private static string DeciderOf(Caller caller) => caller.Email ?? caller.Subject;

    private static string MediaTypeOf(HttpRequest request) =>
        request.ContentType is { } contentType && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            ? (parsed.MediaType.Value ?? "").ToLowerInvariant()
            : "";

    private static (IReadOnlyList<TranscriptTurn>?, IDictionary<string, string[]>, string) Tuple(
        (IReadOnlyList<TranscriptTurn>? Turns, IDictionary<string, string[]> Errors) read, string format) => (read.Turns, read.Errors, format);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TranscriptRequest))]
[JsonSerializable(typeof(DecisionRequest))]
[JsonSerializable(typeof(EvaluationResource))]
internal sealed partial class EvaluationJsonContext : JsonSerializerContext;
