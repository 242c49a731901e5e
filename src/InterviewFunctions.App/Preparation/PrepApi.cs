using InterviewFunctions.App.Problems;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation.Coaching;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewFunctions.App.Preparation;

/// <summary>Coaching material that needs no interview: the STAR method, tips, checklists, company research, a pitch.</summary>
public static class PrepApi
{
    public const int MaxFilterLength = 100;

    public static RouteGroupBuilder MapPrep(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/prep").WithTags("Preparation");
        group.MapGet("/materials", Materials);
        group.MapGet("/company-research", CompanyResearchTemplate);
        group.MapPost("/elevator-pitch", ElevatorPitch);
        return group;
    }

    private static Results<Ok<PrepMaterials>, ValidationProblem> Materials(string? interviewType, string? roleFamily, string? domain, ICommonQuestions commonQuestions)
    {
        var v = new Validation();
        var type = v.Enum<InterviewType>("interviewType", interviewType, required: false);
        var family = v.Optional("roleFamily", roleFamily, MaxFilterLength);
        var area = v.Optional("domain", domain, MaxFilterLength);
        if (!v.IsValid)
        {
            return Problem.Invalid(v.Errors);
        }
        return TypedResults.Ok(PrepMaterialsBuilder.Build(type, family, area, commonQuestions));
    }

    private static Results<Ok<CompanyResearchTemplate>, ValidationProblem> CompanyResearchTemplate(string? company)
    {
        var v = new Validation();
        var name = v.Required("company", company, CompanyResearch.MaxCompanyLength);
        return name is null ? Problem.Invalid(v.Errors) : TypedResults.Ok(CompanyResearch.For(name));
    }

    private static async Task<Results<Ok<ElevatorPitch>, ValidationProblem>> ElevatorPitch(
        ElevatorPitchRequest request, IElevatorPitchWriter writer, CancellationToken cancellationToken)
    {
        var (input, errors) = ElevatorPitchComposer.Validate(request);
        if (input is null)
        {
            return Problem.Invalid(errors);
        }
        return TypedResults.Ok(await writer.WriteAsync(input, cancellationToken));
    }
}
