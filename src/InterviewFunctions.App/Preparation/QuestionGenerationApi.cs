using System.Text;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Preparation;
using InterviewFunctions.Core.Preparation.Bank;
using InterviewFunctions.Core.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewFunctions.App.Preparation;

/// <summary>What to generate for a stored job: the job supplies the description, skills, title and domain.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record JobInterviewQuestionsRequest(string? Company = null, string? InterviewType = null, int? Count = null);

/// <summary>
/// Interview questions generated from a job description: technical, behavioral and company-specific, with the key
/// topics to study, from a pasted description or from a stored job. Stateless: nothing is stored, and the offline
/// engine gives the same answer to the same request.
/// </summary>
public static class QuestionGenerationApi
{
    public static RouteGroupBuilder MapQuestionGeneration(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("Question bank");
        group.MapPost("/questions/generate", Generate);
        group.MapPost("/jobs/{jobId}/interview-questions", ForJob);
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

    /// <summary>
    /// The same generator as <c>POST /questions/generate</c>, fed with the job: its title, description and skills as
    /// the text, and its domain when that is a bank domain. The job's description must be long enough on its own, as
    /// a pasted one must. Candidates may not read jobs, so they may not use this either.
    /// </summary>
    private static async Task<Results<Ok<GeneratedQuestionSet>, ValidationProblem, ProblemHttpResult>> ForJob(
        string jobId, JobInterviewQuestionsRequest? request, HttpContext http, IJobStore jobs, QuestionBank bank, IQuestionGenerator generator,
        CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (caller.Role == CallerRole.Candidate)
        {
            return Problem.Forbidden("Job postings are the hiring team's data; candidates generate questions from a pasted description (POST /api/questions/generate).");
        }
        if (await jobs.FindAsync(caller.TenantId, jobId, cancellationToken) is not { } job)
        {
            return Problem.NotFound($"Job '{jobId}'");
        }
        var domain = job.Domain?.Trim().ToLowerInvariant() is { } d && bank.FindDomain(d) is not null ? d : null;
        var (checkedInput, errors) = QuestionGenerationRules.Validate(
            new GenerateQuestionsRequest(job.Description, request?.Company, request?.InterviewType, request?.Count, domain), bank);
        if (checkedInput is null)
        {
            // The description's errors are about the stored job, which PATCH /api/jobs/{id} fixes.
            return Problem.Invalid(errors.ToDictionary(
                e => e.Key == "jobDescription" ? "description" : e.Key,
                e => e.Key == "jobDescription" ? [.. e.Value.Select(m => $"The job's description cannot be used: {m.Replace("'jobDescription'", "it", StringComparison.Ordinal)} Update the job's description (PATCH /api/jobs/{jobId}).")] : e.Value));
        }
        return TypedResults.Ok(await generator.GenerateAsync(checkedInput with { JobDescription = Compose(job, checkedInput.JobDescription) }, cancellationToken));
    }

    /// <summary>The job as one description: the title leads (it names the role), the skill lists follow the text.</summary>
    private static string Compose(Job job, string description)
    {
        var text = new StringBuilder();
        text.Append(job.Title).Append("\n\n").Append(description);
        if (job.RequiredSkills.Count > 0)
        {
            text.Append("\n\nRequired skills: ").AppendJoin(", ", job.RequiredSkills).Append('.');
        }
        if (job.NiceToHaveSkills.Count > 0)
        {
            text.Append("\nNice to have: ").AppendJoin(", ", job.NiceToHaveSkills).Append('.');
        }
        return text.ToString();
    }
}
