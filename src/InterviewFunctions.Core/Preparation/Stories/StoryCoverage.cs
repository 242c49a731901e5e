using InterviewFunctions.Core.Interviews;

namespace InterviewFunctions.Core.Preparation.Stories;

/// <param name="By"><c>tagged</c> when the candidate listed the competency on the story, <c>text</c> when its words show it.</param>
/// <param name="Cues">For <c>text</c>, the cue words found in the story.</param>
public sealed record StoryEvidence(string StoryId, string Title, string By, IReadOnlyList<string> Cues);

/// <param name="Cues">What in the job description asked for it; empty when it comes from the interview type.</param>
public sealed record CompetencyCoverage(string Id, string Name, string StoryPrompt, IReadOnlyList<string> Cues, IReadOnlyList<StoryEvidence> Stories)
{
    public bool Covered => Stories.Count > 0;
}

/// <param name="Source"><c>job-description</c> when the competencies were found in the interview's text, <c>interview-type</c> when it named none.</param>
/// <param name="Covered">Ids of the competencies that have at least one story.</param>
/// <param name="Missing">Ids of the competencies without a story yet: what to write next.</param>
public sealed record CoverageReport(string Source, IReadOnlyList<CompetencyCoverage> Competencies, IReadOnlyList<string> Covered, IReadOnlyList<string> Missing, int StoryCount);

/// <summary>Which of the competencies a job asks for the candidate's stories already show, and which still need a story.</summary>
public static class StoryCoverageMap
{
    /// <summary>At most this many competencies are reported, the best-evidenced first; a longer list stops being a plan.</summary>
    public const int MaxCompetencies = 8;

    public static CoverageReport Compute(string? jobText, InterviewType type, IReadOnlyList<StarStory> stories)
    {
        ArgumentNullException.ThrowIfNull(stories);
        var found = Competencies.FindIn(jobText);
        var (source, required) = found.Count > 0
            ? ("job-description", found.Take(MaxCompetencies).ToList())
            : ("interview-type", [.. Competencies.TypicalFor(type).Select(c => new CompetencyMatch(c, []))]);
        var storyCues = stories.ToDictionary(s => s.Id, s => Competencies.FindIn(s.Text).ToDictionary(m => m.Competency.Id, m => m.Cues), StringComparer.Ordinal);
        var coverage = required.Select(match =>
        {
            var evidence = new List<StoryEvidence>();
            foreach (var story in stories)
            {
                if (story.Competencies.Contains(match.Competency.Id))
                {
                    evidence.Add(new StoryEvidence(story.Id, story.Title, "tagged", []));
                }
                else if (storyCues[story.Id].TryGetValue(match.Competency.Id, out var cues))
                {
                    evidence.Add(new StoryEvidence(story.Id, story.Title, "text", cues));
                }
            }
            // Stories the candidate tagged come first: they chose them for this.
            return new CompetencyCoverage(match.Competency.Id, match.Competency.Name, match.Competency.StoryPrompt, match.Cues,
                [.. evidence.OrderBy(e => e.By == "tagged" ? 0 : 1)]);
        }).ToList();
        return new CoverageReport(source, coverage,
            [.. coverage.Where(c => c.Covered).Select(c => c.Id)],
            [.. coverage.Where(c => !c.Covered).Select(c => c.Id)],
            stories.Count);
    }
}
