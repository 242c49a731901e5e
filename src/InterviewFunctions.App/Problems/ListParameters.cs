using InterviewFunctions.Core;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewFunctions.App.Problems;

/// <summary>
/// The paging parameters of the hiring lists (jobs, candidates), read alike so that clients can page every list the same
/// way, and the answer once the whole query has been checked.
/// </summary>
internal static class ListParameters
{
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;
    public const int MaxContinuationToken = 8192;

    public static int PageSize(this Validation v, string? text) => v.Count("pageSize", text, 1, MaxPageSize, DefaultPageSize);

    public static string? ContinuationToken(this Validation v, string? text) => v.Optional("continuationToken", text, MaxContinuationToken);

    /// <summary>A 400 naming every bad parameter at once, else the page the query reads.</summary>
    public static async Task<Results<Ok<TList>, ValidationProblem, ProblemHttpResult>> AnswerAsync<TPage, TList>(
        Validation v, Func<Task<TPage>> listAsync, Func<TPage, TList> present)
    {
        if (!v.IsValid)
        {
            return Problem.Invalid(v.Errors);
        }
        return TypedResults.Ok(present(await listAsync()));
    }
}
