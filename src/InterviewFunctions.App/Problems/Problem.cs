using System.Text.Json;
using System.Text.RegularExpressions;
using InterviewFunctions.Core.Interviews;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InterviewFunctions.App.Problems;

/// <summary>RFC 9457 problem answers, the only shape an error takes.</summary>
public static class Problem
{
    public static ProblemHttpResult Of(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static ProblemHttpResult NotFound(string what) =>
        Of(StatusCodes.Status404NotFound, "Not found", $"{what} does not exist.");

    public static ProblemHttpResult Forbidden(string detail) => Of(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static ProblemHttpResult Conflict(string detail) => Of(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ProblemHttpResult PreconditionFailed() =>
        Of(StatusCodes.Status412PreconditionFailed, "Precondition failed", "The interview changed since you read it (If-Match does not match its ETag). Read it again and retry.");

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid.");

    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Writes a problem outside an endpoint (authentication, middleware).</summary>
    public static Task Write(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}

/// <summary>
/// Turns a request the framework could not read (malformed JSON, a wrong type, an unknown field, a body too large)
/// into a 4xx problem that names the field, instead of a bare 400 or a 500.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                var field = FieldOf(json);
                problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [MessageOf(json, field)] })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request body is not valid JSON for this operation.",
                };
                break;
            case BadHttpRequestException bad:
                problem = new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.Message };
                break;
            case InvalidContinuationTokenException:
                problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["continuationToken"] = ["The continuation token is not one this API handed out for this query."] })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request is not valid.",
                };
                break;
            default:
                return false;
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The JSON path of the offending member without the leading <c>$.</c>, e.g. <c>candidate.email</c>.</summary>
    private static string FieldOf(JsonException json)
    {
        var unmapped = UnmappedMember().Match(json.Message);
        var path = json.Path is null or "$" ? "" : json.Path.TrimStart('$').TrimStart('.');
        if (unmapped.Success && path.Length == 0)
        {
            return unmapped.Groups[1].Value;
        }
        return path.Length == 0 ? "body" : path;
    }

    private static string MessageOf(JsonException json, string field) => UnmappedMember().IsMatch(json.Message)
        ? $"'{field}' is not a field of this request."
        : json.Path is null or "$" ? "The body must be a JSON object." : $"'{field}' has a value of the wrong type or is malformed.";

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedMember();
}

/// <summary>
/// Refuses a body larger than the limit before it is read, with a problem rather than a dropped connection. An endpoint
/// that declares its own limit (through <see cref="Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata"/>, see
/// <see cref="EndpointBodyLimits"/>: resume uploads, voice answers, calendar imports) is held to that one instead; routing
/// raises Kestrel's limit to it too. A body without a declared length is bounded as it is read, by Kestrel and the handler.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, long limit)
{
    public Task InvokeAsync(HttpContext context)
    {
        var endpointLimit = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
        var effective = endpointLimit ?? limit;
        if (context.Request.ContentLength > effective)
        {
            return Problem.Write(context, StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
                $"The body has {context.Request.ContentLength} bytes; at most {effective} are accepted.");
        }
        return next(context);
    }
}
