using System.Text.Json.Serialization;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Core;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewFunctions.App.Email.Outbox;

public sealed record OutboxList(IReadOnlyList<OutboxItem> Items, string? ContinuationToken);

/// <summary>What the outbox sender wrote, for the admins and recruiters of the caller's tenant.</summary>
public static class OutboxApi
{
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;

    public static RouteGroupBuilder MapOutboxApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/outbox").WithTags("Outbox").RequireAuthorization();
        group.MapGet("", List);
        group.MapGet("/{id}", Get).Produces(StatusCodes.Status200OK, contentType: "message/rfc822");
        return group;
    }

    private static async Task<Results<Ok<OutboxList>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http, OutboxFolder outbox, string? kind, string? interviewId, string? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (!caller.CanManage)
        {
            return Problem.Forbidden("Only admins and recruiters read the outbox.");
        }
        var v = new Validation();
        var filter = new OutboxFilter(v.Optional("kind", kind, 100), v.Optional("interviewId", interviewId, 100));
        var size = v.Count("pageSize", pageSize, 1, MaxPageSize, DefaultPageSize);
        var token = v.Optional("continuationToken", continuationToken, 1000);
        if (!v.IsValid)
        {
            return Problem.Invalid(v.Errors);
        }
        try
        {
            var page = await outbox.ListAsync(caller.TenantId, filter, size, token, cancellationToken);
            return TypedResults.Ok(new OutboxList(page.Items, page.ContinuationToken));
        }
        catch (FormatException)
        {
            return Problem.Invalid("continuationToken", "The continuation token is not one this API handed out.");
        }
    }

    private static Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult> Get(string id, HttpContext http, OutboxFolder outbox)
    {
        var caller = http.User.ToCaller();
        if (!caller.CanManage)
        {
            return Problem.Forbidden("Only admins and recruiters read the outbox.");
        }
        if (!OutboxFolder.IsId(id))
        {
            return Problem.Invalid("id", "An outbox id is 32 lower-case hexadecimal digits.");
        }
        try
        {
            var file = new FileStream(outbox.PathOf(caller.TenantId, id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 16 * 1024, FileOptions.Asynchronous);
            return TypedResults.Stream(file, "message/rfc822", fileDownloadName: $"{id}{OutboxFolder.Extension}");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Problem.NotFound($"Outbox email '{id}'");
        }
    }
}

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutboxList))]
internal sealed partial class OutboxJsonContext : JsonSerializerContext;
