using System.Text.Json.Serialization;

namespace InterviewFunctions.Core.Preparation.Stories;

/// <summary>
/// One STAR story in a candidate's bank. It belongs to one candidate of one tenant (<see cref="Owner"/> is the
/// candidate's email, the same email that ties them to their interviews) and nobody else reads it.
/// </summary>
public sealed record StarStory
{
    public const string DocumentType = "story";

    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public string DocType { get; init; } = DocumentType;
    public required string Owner { get; init; }
    public required string Title { get; init; }
    public required string Situation { get; init; }
    public required string Task { get; init; }
    public required string Action { get; init; }
    public required string Result { get; init; }

    /// <summary>Lexicon ids where the candidate's words name a known competency, else their own words, lower-case.</summary>
    public IReadOnlyList<string> Competencies { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Counts the changes; the HTTP ETag derives from it.</summary>
    public int Revision { get; init; } = 1;
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The store's concurrency token; not part of the stored document.</summary>
    [JsonIgnore]
    public string? ETag { get; init; }

    /// <summary>The story's words, for finding competencies by their cues.</summary>
    [JsonIgnore]
    public string Text => string.Join('\n', Title, Situation, Task, Action, Result);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StoryRequest(
    string? Title,
    string? Situation,
    string? Task,
    string? Action,
    string? Result,
    IReadOnlyList<string?>? Competencies = null,
    IReadOnlyList<string?>? Tags = null);

/// <summary>The rules for what a story may hold; pure functions of the input and the time.</summary>
public static class StoryRules
{
    public const int MaxTitle = 200;
    public const int MaxPart = 4000;
    public const int MaxCompetencies = 12;
    public const int MaxTags = 20;
    public const int MaxLabel = 60;

    public static (StarStory? Story, IDictionary<string, string[]> Errors) Create(StoryRequest request, string tenantId, string owner, string id, DateTimeOffset now) =>
        Read(request, (fields) => new StarStory
        {
            Id = id,
            TenantId = tenantId,
            Owner = owner,
            Title = fields.Title,
            Situation = fields.Situation,
            Task = fields.Task,
            Action = fields.Action,
            Result = fields.Result,
            Competencies = fields.Competencies,
            Tags = fields.Tags,
            CreatedAt = now,
            UpdatedAt = now,
        });

    /// <summary>A PUT replaces every field the candidate wrote; identity, owner and creation time stay.</summary>
    public static (StarStory? Story, IDictionary<string, string[]> Errors) Replace(StarStory story, StoryRequest request, DateTimeOffset now) =>
        Read(request, fields => story with
        {
            Title = fields.Title,
            Situation = fields.Situation,
            Task = fields.Task,
            Action = fields.Action,
            Result = fields.Result,
            Competencies = fields.Competencies,
            Tags = fields.Tags,
            Revision = story.Revision + 1,
            UpdatedAt = now,
        });

    /// <summary>Whether nothing the candidate wrote differs, so that a repeated PUT changes nothing.</summary>
    public static bool SameContent(StarStory a, StarStory b) =>
        a.Title == b.Title && a.Situation == b.Situation && a.Task == b.Task && a.Action == b.Action && a.Result == b.Result
        && a.Competencies.SequenceEqual(b.Competencies) && a.Tags.SequenceEqual(b.Tags);

    private sealed record Fields(string Title, string Situation, string Task, string Action, string Result, IReadOnlyList<string> Competencies, IReadOnlyList<string> Tags);

    private static (StarStory?, IDictionary<string, string[]>) Read(StoryRequest request, Func<Fields, StarStory> build)
    {
        var v = new Validation();
        var title = v.Required("title", request.Title, MaxTitle);
        var situation = v.Required("situation", request.Situation, MaxPart);
        var task = v.Required("task", request.Task, MaxPart);
        var action = v.Required("action", request.Action, MaxPart);
        var result = v.Required("result", request.Result, MaxPart);
        var competencies = Labels(v, "competencies", request.Competencies, MaxCompetencies, label => Preparation.Competencies.Find(label)?.Id ?? label);
        var tags = Labels(v, "tags", request.Tags, MaxTags, label => label);
        return v.IsValid
            ? (build(new Fields(title!, situation!, task!, action!, result!, competencies, tags)), v.Errors)
            : (null, v.Errors);
    }

    /// <summary>Short lower-case labels, duplicates dropped, in the order given.</summary>
    private static List<string> Labels(Validation v, string field, IReadOnlyList<string?>? input, int max, Func<string, string> canonical)
    {
        var labels = new List<string>();
        if (input is null)
        {
            return labels;
        }
        if (input.Count > max)
        {
            v.Add(field, $"'{field}' may hold at most {max} entries (it has {input.Count}).");
            return labels;
        }
        for (var i = 0; i < input.Count; i++)
        {
            var label = v.Required($"{field}[{i}]", input[i], MaxLabel);
            if (label is not null && canonical(label.ToLowerInvariant()) is var value && !labels.Contains(value))
            {
                labels.Add(value);
            }
        }
        return labels;
    }
}
