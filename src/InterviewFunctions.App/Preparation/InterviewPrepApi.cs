using InterviewFunctions.App.Interviews;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation;
using InterviewFunctions.Core.Preparation.Coaching;
using InterviewFunctions.Core.Preparation.Stories;
using InterviewFunctions.Core.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewFunctions.App.Preparation;

/// <param name="Group"><c>base</c> for the items every interview has, else the interview type's wire name.</param>
public sealed record PrepChecklistItemView(string Id, string Text, string Group, bool Done);

public sealed record PrepChecklistView(IReadOnlyList<PrepChecklistItemView> Items, int Done, int Total, [property: System.Text.Json.Serialization.JsonPropertyName("etag")] string ETag)
{
    public static PrepChecklistView Of(Interview interview)
    {
        var done = new HashSet<string>(interview.PrepChecklistDone ?? [], StringComparer.Ordinal);
        var baseIds = PrepChecklists.Base.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var items = PrepChecklists.For(interview.Type)
            .Select(i => new PrepChecklistItemView(i.Id, i.Text, baseIds.Contains(i.Id) ? "base" : interview.Type.ToWire(), done.Contains(i.Id)))
            .ToList();
        return new PrepChecklistView(items, items.Count(i => i.Done), items.Count, HttpETag.Of(interview));
    }
}

/// <param name="StoriesIncluded">False for the hiring team: the candidate's stories are theirs alone, so only the competencies to prepare are shown.</param>
/// <param name="Covered">Competencies with at least one of the candidate's stories; null when stories are not included.</param>
/// <param name="Missing">Competencies with no story yet; null when stories are not included.</param>
public sealed record CompetencyPlan(string Source, IReadOnlyList<CompetencyCoverage> Competencies, bool StoriesIncluded, IReadOnlyList<string>? Covered, IReadOnlyList<string>? Missing, int? StoryCount);

/// <summary>Everything to prepare for one interview, tailored to its type, role, company and job description.</summary>
public sealed record InterviewPrepResource(
    string InterviewId,
    InterviewType Type,
    string Company,
    string Role,
    DateTimeOffset ScheduledStart,
    TypeTips Tips,
    PrepChecklistView Checklist,
    CompetencyPlan Competencies,
    CommonQuestionSet CommonQuestions,
    IReadOnlyList<QuestionTheme> QuestionsToAsk,
    StarGuide Star,
    StrengthsAndWeaknessesGuide StrengthsAndWeaknesses,
    CompanyResearchTemplate CompanyResearch,
    [property: System.Text.Json.Serialization.JsonPropertyName("etag")] string ETag);

/// <summary>The interview prep view and its checklist. Writes go through the interview API's read-check-apply-write.</summary>
public static class InterviewPrepApi
{
    public static RouteGroupBuilder MapInterviewPrep(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/interviews").WithTags("Preparation");
        group.MapGet("/{id}/prep", Get);
        group.MapPost("/{id}/prep/checklist", Tick);
        return group;
    }

    private static async Task<Results<Ok<InterviewPrepResource>, ProblemHttpResult>> Get(
        string id, HttpContext http, IInterviewStore store, IStoryStore stories, ICommonQuestions commonQuestions, CancellationToken cancellationToken)
    {
        var caller = http.User.ToCaller();
        if (await InterviewsApi.FindVisibleAsync(store, caller, id, cancellationToken) is not { } interview)
        {
            return Problem.NotFound($"Interview '{id}'");
        }
        if (!caller.CanKeepPrepNotes)
        {
            return Problem.Forbidden("Interview preparation belongs to the candidate and the hiring team, not to interviewers.");
        }
        var storiesIncluded = caller.Role == CallerRole.Candidate;
        var bank = storiesIncluded ? await StoriesApi.ReadAllAsync(stories, caller.TenantId, StoriesApi.OwnerOf(caller), cancellationToken) : [];
        // The job description when the hiring team gave one, else the role title. Internal notes are never mined: the
        // candidate would see their cue words.
        var report = StoryCoverageMap.Compute(interview.JobDescription ?? interview.Role, interview.Type, bank);
        var plan = storiesIncluded
            ? new CompetencyPlan(report.Source, report.Competencies, true, report.Covered, report.Missing, report.StoryCount)
            : new CompetencyPlan(report.Source, [.. report.Competencies.Select(c => c with { Stories = [] })], false, null, null, null);
        http.Response.Headers.ETag = HttpETag.Of(interview);
        return TypedResults.Ok(new InterviewPrepResource(
            interview.Id,
            interview.Type,
            interview.Company,
            interview.Role,
            interview.ScheduledStart,
            InterviewTypeTips.For(interview.Type),
            PrepChecklistView.Of(interview),
            plan,
            // The role title names the family; the job description is the fallback when the title is too generic to.
            commonQuestions.Find(interview.Role, interview.JobDescription, interview.Type, BuiltInCommonQuestions.DefaultMax),
            QuestionsToAsk.Themes,
            StarMethod.Guide,
            StrengthsAndWeaknesses.Guide,
            CompanyResearch.For(interview.Company),
            HttpETag.Of(interview)));
    }

    private static Task<Results<Ok<PrepChecklistView>, ValidationProblem, ProblemHttpResult>> Tick(
        string id, PrepChecklistRequest request, HttpContext http, InterviewCommands commands, CancellationToken cancellationToken) =>
        InterviewsApi.Change(id, http, commands,
            caller => caller.CanKeepPrepNotes ? null : "Only the candidate and the hiring team tick the prep checklist.",
            (interview, now) => InterviewRules.SetPrepChecklist(interview, request, now),
            (interview, _) => PrepChecklistView.Of(interview),
            cancellationToken);
}
