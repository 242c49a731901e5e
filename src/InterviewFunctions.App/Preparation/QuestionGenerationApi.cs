using InterviewFunctions.App.Problems;
using InterviewFunctions.Core.Preparation;
using InterviewFunctions.Core.Preparation.Bank;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewFunctions.App.Preparation;

/// <summary>
/// Interview questions generated from a job description: technical, behavioral and company-specific, with the key
/// topics to study. Stateless: nothing is stored, and the offline engine gives the same answer to the same request.
/// </summary>
public static class QuestionGenerationApi
{
    public static RouteGroupBuilder MapQuestionGeneration(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/questions").WithTags("Question bank");
        group.MapPost("/generate", Generate);
        return group;
    }

    private static async Task<Results<Ok<GeneratedQuestionSet>, ValidationProblem>> Generate(
        GenerateQuestionsRequest request, QuestionBank bank, IQuestionGenerator generator, CancellationToken cancellationToken)
    {
        var (input, errors) = QuestionGenerationRules.Validate(request, bank);
        if (input is null)
        {
            return Problem.Invalid(errors);
        }
        return TypedResults.Ok(await generator.GenerateAsync(input, cancellationToken));
    }
}
