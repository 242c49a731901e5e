using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using InterviewFunctions.App.Evaluations;
using InterviewFunctions.App.Ai;
using InterviewFunctions.App.Interviews;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Preparation.Bank;
using InterviewFunctions.Core.Preparation.Mock;
using InterviewFunctions.Core.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Preparation;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MockAnswerRequest(string? Answer);

/// <param name="CurrentQuestion">The turn waiting for an answer; null once the session has ended.</param>
/// <param name="EndsBy">When the time limit closes the session.</param>
/// <param name="Engine">What conducted the interview, and the version of the rubric its scores follow.</param>
public sealed record MockInterviewResource(
    string Id,
    MockKind Kind,
    string? Domain,
    string? Role,
    QuestionDifficulty Difficulty,
    MockPersona Persona,
    int QuestionCount,
    int TimeLimitMinutes,
    string? JobId,
    MockState State,
    MockEndReason? EndReason,
    DateTimeOffset StartedAt,
    DateTimeOffset EndsBy,
    DateTimeOffset? EndedAt,
    MockTurn? CurrentQuestion,
    IReadOnlyList<MockTurn> Turns,
    MockSummary? Summary,
    MockEvaluationHandOff? Evaluation,
    string Engine,
    string Rubric,
    [property: JsonPropertyName("etag")] string ETag)
{
    public static MockInterviewResource From(MockInterview s) => new(
        s.Id, s.Kind, s.DomainId, s.Role, s.Difficulty, s.Persona, s.QuestionCount, s.TimeLimitMinutes, s.JobId, s.State, s.EndReason,
        s.StartedAt, s.Deadline, s.EndedAt, s.Current, s.Turns, s.Summary, s.Evaluation,
        MockInterviewConductor.EngineName, MockAnswerAssessor.RubricVersion, ETagOf(s));

    public static string ETagOf(MockInterview session) => $"\"r{session.Revision.ToString(CultureInfo.InvariantCulture)}\"";
}

/// <param name="Assessed">The answered turn with its feedback, scores and what it lacked.</param>
/// <param name="Next">The follow-up or next question; null when the answer ended the session.</param>
public sealed record MockAnswerResult(
    MockTurn Assessed,
    MockTurn? Next,
    MockState State,
    MockEndReason? EndReason,
    MockSummary? Summary,
    MockEvaluationHandOff? Evaluation,
    [property: JsonPropertyName("etag")] string ETag);

public sealed record MockInterviewListItem(
    string Id,
    MockKind Kind,
    string? Domain,
    QuestionDifficulty Difficulty,
    MockPersona Persona,
    MockState State,
    MockEndReason? EndReason,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    int QuestionCount,
    int QuestionsAnswered,
    double? Overall)
{
    public static MockInterviewListItem From(MockInterview s) => new(
        s.Id, s.Kind, s.DomainId, s.Difficulty, s.Persona, s.State, s.EndReason, s.StartedAt, s.EndedAt, s.QuestionCount,
        s.Turns.Where(t => t.Answer is not null).Select(t => t.Number).Distinct().Count(), s.Summary?.Overall);
}

public sealed record MockInterviewList(IReadOnlyList<MockInterviewListItem> Items, string? ContinuationToken);

/// <summary>
/// Mock interviews: a candidate practises against the offline conductor, question by question, and gets feedback and
/// scores on each answer and a summary at the end. Sessions are the candidate's private practice, like the story
/// bank: only candidates use the API, each sees only their own sessions, and another candidate's id answers 404.
/// The hiring team does not read them: practice answers are not evidence about a candidate.
/// </summary>
public static class MockInterviewsApi
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;

    public static RouteGroupBuilder MapMockInterviews(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/mock-interviews").WithTags("Mock interviews");
        group.MapPost("", Create);
        group.MapGet("", List);
        group.MapGet("/{id}", Get);
        // No Accepts metadata: it would make routing answer 415 to audio before the handler can say 501.
        // A recording in a form needs more than the API's general body limit; a JSON answer is still held to that limit
        // by the handler, so the larger allowance is for audio alone.
        group.MapPost("/{id}/answers", Answer).ProducesProblem(StatusCodes.Status501NotImplemented)
            .WithRequestBodyLimit(AnswerBodyLimit(routes.ServiceProvider));
        group.MapPost("/{id}/end", End);
        return group;
    }

    /// <summary>The answers endpoint's body limit: a recording of AzureOpenAI:MaxAudioBytes in a multipart form, or a JSON answer.</summary>
    internal static long AnswerBodyLimit(IServiceProvider services) => Math.Max(
        services.GetRequiredService<IOptions<AiOptions>>().Value.MaxAudioBytes + EndpointBodyLimits.MultipartOverheadBytes,
        services.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes);

    public static IServiceCollection AddMockInterviews(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<MockInterviewConductor>();
        return services;
    }

    private static ProblemHttpResult? RefuseNonCandidates(Caller caller) => caller.Role == CallerRole.Candidate
        ? null
        : Problem.Forbidden("Mock interviews are candidates' private practice; each candidate runs and reads their own.");

    private static async Task<Results<Created<MockInterviewResource>, ValidationProblem, ProblemHttpResult>> Create(
        MockInterviewRequest request, HttpContext http, IMockInterviewStore store, MockInterviewConductor conductor, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (RefuseNonCandidates(caller) is { } refused)
        {
            return refused;
        }
        var now = clock.GetUtcNow();
        var (session, errors) = conductor.Start(request, caller.TenantId, StoriesApi.OwnerOf(caller), Guid.CreateVersion7(now).ToString(), now);
        if (session is null)
        {
            return Problem.Invalid(errors);
        }
        var stored = await store.CreateAsync(session, cancellationToken);
        http.Response.Headers.ETag = MockInterviewResource.ETagOf(stored);
        return TypedResults.Created($"/api/mock-interviews/{stored.Id}", MockInterviewResource.From(stored));
    }

    private static async Task<Results<Ok<MockInterviewList>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http, IMockInterviewStore store, TimeProvider clock, string? pageSize, string? continuationToken, CancellationToken cancellationToken)
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
        var page = await store.ListAsync(caller.TenantId, StoriesApi.OwnerOf(caller), size, token, cancellationToken);
        var now = clock.GetUtcNow();
        // The listing shows a session past its time limit as ended; the session itself is closed when next opened.
        return TypedResults.Ok(new MockInterviewList(
            [.. page.Items.Select(s => MockInterviewListItem.From(MockInterviewConductor.CloseIfOverdue(s, now)))], page.ContinuationToken));
    }

    private static async Task<Results<Ok<MockInterviewResource>, ProblemHttpResult>> Get(
        string id, HttpContext http, IMockInterviewStore store, EvaluationHandOff handOff, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (RefuseNonCandidates(caller) is { } refused)
        {
            return refused;
        }
        if (await LoadAsync(store, handOff, caller, id, clock.GetUtcNow(), cancellationToken) is not { } session)
        {
            return Problem.NotFound($"Mock interview '{id}'");
        }
        http.Response.Headers.ETag = MockInterviewResource.ETagOf(session);
        return TypedResults.Ok(MockInterviewResource.From(session));
    }

    /// <summary>
    /// Takes the answer to the current question. With If-Match the client's ETag must be current (else 412); two
    /// answers racing for the same question get one 200 and one 409, never two assessments of one question.
    /// </summary>
    private static async Task<Results<Ok<MockAnswerResult>, ValidationProblem, ProblemHttpResult>> Answer(
        string id, HttpContext http, IMockInterviewStore store, EvaluationHandOff handOff, TimeProvider clock, IOptions<AiOptions> options,
        IOptions<ApiOptions> api, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (RefuseNonCandidates(caller) is { } refused)
        {
            return refused;
        }
        var now = clock.GetUtcNow();
        if (await LoadAsync(store, handOff, caller, id, now, cancellationToken) is not { } session)
        {
            return Problem.NotFound($"Mock interview '{id}'");
        }
        var (answer, problem, invalid) = await ReadAnswerAsync(http, options.Value, api.Value.MaxRequestBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (invalid is not null)
        {
            return invalid;
        }
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && !HttpETag.Matches(ifMatch, MockInterviewResource.ETagOf(session)))
        {
            return Problem.Of(StatusCodes.Status412PreconditionFailed, "Precondition failed",
                "The mock interview changed since you read it (If-Match does not match its ETag). Read it again and retry.");
        }
        if (session.State == MockState.Ended)
        {
            return Problem.Conflict(session.EndReason == MockEndReason.TimeLimit
                ? "The mock interview's time limit has passed; it has ended and takes no more answers. GET it for the summary."
                : "The mock interview has ended and takes no more answers. GET it for the summary.");
        }
        var answered = MockInterviewConductor.Answer(session, answer!, now);
        if (http.RequestServices.GetService<IMockInterviewVoice>() is { } voice)
        {
            answered = await voice.VoiceAsync(answered, cancellationToken);
        }
        MockInterview stored;
        try
        {
            stored = await store.ReplaceAsync(answered, cancellationToken);
        }
        catch (StaleMockInterviewException)
        {
            // Not retried: the other request answered this question, and this answer was written for it.
            return Problem.Conflict("Another answer to this question was recorded first. GET the session for the current question.");
        }
        if (stored.State == MockState.Ended)
        {
            await handOff.MockEndedAsync(stored, now, cancellationToken);
        }
        var assessed = stored.Turns.Last(t => t.Answer is not null);
        http.Response.Headers.ETag = MockInterviewResource.ETagOf(stored);
        return TypedResults.Ok(new MockAnswerResult(assessed, stored.Current, stored.State, stored.EndReason, stored.Summary, stored.Evaluation, MockInterviewResource.ETagOf(stored)));
    }

    private static async Task<Results<Ok<MockInterviewResource>, ProblemHttpResult>> End(
        string id, HttpContext http, IMockInterviewStore store, EvaluationHandOff handOff, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (RefuseNonCandidates(caller) is { } refused)
        {
            return refused;
        }
        var now = clock.GetUtcNow();
        if (await LoadAsync(store, handOff, caller, id, now, cancellationToken) is not { } session)
        {
            return Problem.NotFound($"Mock interview '{id}'");
        }
        if (session.State == MockState.Active)
        {
            try
            {
                session = await store.ReplaceAsync(MockInterviewConductor.End(session, MockEndReason.EndedByCandidate, now), cancellationToken);
                await handOff.MockEndedAsync(session, now, cancellationToken);
            }
            catch (StaleMockInterviewException)
            {
                return Problem.Conflict("The mock interview changed while it was being ended (an answer arrived); retry.");
            }
        }
        // Ending an ended session changes nothing and answers the same, so a retried request is harmless.
        http.Response.Headers.ETag = MockInterviewResource.ETagOf(session);
        return TypedResults.Ok(MockInterviewResource.From(session));
    }

    /// <summary>The owner's session, closed first (and stored so, and handed to evaluation) when its time limit has passed.</summary>
    internal static async Task<MockInterview?> LoadAsync(IMockInterviewStore store, EvaluationHandOff handOff, Caller caller, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var owner = StoriesApi.OwnerOf(caller);
        if (await store.FindAsync(caller.TenantId, owner, id, cancellationToken) is not { } session)
        {
            return null;
        }
        var closed = MockInterviewConductor.CloseIfOverdue(session, now);
        if (ReferenceEquals(closed, session))
        {
            return session;
        }
        try
        {
            var stored = await store.ReplaceAsync(closed, cancellationToken);
            await handOff.MockEndedAsync(stored, now, cancellationToken);
            return stored;
        }
        catch (StaleMockInterviewException)
        {
            // Someone else changed it meanwhile (closed it too, or answered in time): their version stands.
            return await store.FindAsync(caller.TenantId, owner, id, cancellationToken) is { } current ? MockInterviewConductor.CloseIfOverdue(current, now) : null;
        }
    }

    /// <summary>
    /// The answer's text: from a JSON body, or transcribed from audio (an audio body, or a multipart form with an
    /// <c>audio</c> part) when speech-to-text is configured; without it audio answers get 501. The endpoint admits bodies
    /// as large as a recording, so a JSON body is held here to the API's general limit (<paramref name="maxJsonBytes"/>).
    /// </summary>
    private static async Task<(string? Answer, ProblemHttpResult? Problem, ValidationProblem? Invalid)> ReadAnswerAsync(
        HttpContext http, AiOptions options, long maxJsonBytes, CancellationToken cancellationToken)
    {
        var request = http.Request;
        var mediaType = request.ContentType is { } contentType && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            ? parsed.MediaType.Value ?? ""
            : "";
        IFormFile? audioPart = null;
        var isAudio = mediaType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase);
        if (!isAudio && mediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) && request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            audioPart = form.Files.GetFile("audio") ?? form.Files.FirstOrDefault(f => f.ContentType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase));
            isAudio = audioPart is not null;
            if (!isAudio)
            {
                return (null, null, Problem.Invalid("audio", "A multipart answer needs an 'audio' part with the recording (or send JSON { \"answer\": \"...\" })."));
            }
        }
        if (isAudio)
        {
            return await TranscribeAsync(http, audioPart, mediaType, options, cancellationToken);
        }
        if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) && !mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the answer as JSON: { \"answer\": \"...\" } with Content-Type: application/json."), null);
        }
        var (json, tooLarge) = await EndpointBodyLimits.ReadBodyAsync(request, maxJsonBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return (null, tooLarge, null);
        }
        MockAnswerRequest? body;
        try
        {
            body = JsonSerializer.Deserialize(EndpointBodyLimits.Decode(request, json), PreparationJsonContext.Default.MockAnswerRequest);
        }
        catch (JsonException e)
        {
            return (null, null, Problem.Invalid("answer", "The body is not valid JSON of the form { \"answer\": \"...\" }: " + e.Message));
        }
        var v = new Validation();
        var answer = v.Required("answer", body?.Answer, MockInterviewConductor.MaxAnswer);
        return v.IsValid ? (answer, null, null) : (null, null, Problem.Invalid(v.Errors));
    }

    private static async Task<(string? Answer, ProblemHttpResult? Problem, ValidationProblem? Invalid)> TranscribeAsync(
        HttpContext http, IFormFile? part, string bodyMediaType, AiOptions options, CancellationToken cancellationToken)
    {
        if (http.RequestServices.GetService<ISpeechToText>() is not { } speechToText)
        {
            return (null, Problem.Of(StatusCodes.Status501NotImplemented, "Speech-to-text is not available",
                $"Speech-to-text is not configured, so voice answers cannot be transcribed; the settings {AiOptions.EndpointSetting} and {AiOptions.TranscriptionSetting} enable it. Send the answer as text: JSON {{ \"answer\": \"...\" }}."), null);
        }
        var mediaType = part is null ? bodyMediaType : (Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(part.ContentType, out var parsed) ? parsed.MediaType.Value ?? "" : "");
        if (!AiSpeechToText.Formats.TryGetValue(mediaType, out var extension))
        {
            return (null, Problem.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported audio format",
                $"Audio of type '{mediaType}' cannot be transcribed; send one of {string.Join(", ", AiSpeechToText.Formats.Keys)}."), null);
        }
        var declared = part?.Length ?? http.Request.ContentLength;
        if (declared > options.MaxAudioBytes)
        {
            return (null, TooLarge(options), null);
        }
        using var audio = new MemoryStream();
        await using (var source = part?.OpenReadStream() ?? http.Request.Body)
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (audio.Length + read > options.MaxAudioBytes)
                {
                    return (null, TooLarge(options), null);
                }
                audio.Write(buffer, 0, read);
            }
        }
        if (audio.Length == 0)
        {
            return (null, null, Problem.Invalid("audio", "The audio answer is empty."));
        }
        audio.Position = 0;
        var transcription = await speechToText.TranscribeAsync(audio, "answer." + extension, cancellationToken);
        if (transcription.Text is not { } text)
        {
            return (null, Problem.Of(StatusCodes.Status503ServiceUnavailable, "Speech-to-text failed",
                $"The voice answer could not be transcribed: {transcription.Failure}. Nothing was recorded; retry, or send the answer as text."), null);
        }
        var v = new Validation();
        var answer = v.Required("answer", text, MockInterviewConductor.MaxAnswer);
        if (answer is null)
        {
            return (null, Problem.Of(StatusCodes.Status422UnprocessableEntity, "No answer heard",
                "The recording was transcribed, but no usable answer was heard in it (it was silent, or too long). Record it again or send the answer as text."), null);
        }
        return (answer, null, null);
    }

    private static ProblemHttpResult TooLarge(AiOptions options) => Problem.Of(StatusCodes.Status413PayloadTooLarge, "The recording is too large",
        $"A voice answer may be at most {options.MaxAudioBytes} bytes; record a shorter answer.");
}
