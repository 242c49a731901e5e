using System.Text.Json.Serialization;

namespace InterviewFunctions.Core.Preparation.Coaching;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ElevatorPitchRequest(string? Name, string? CurrentRole, IReadOnlyList<string?>? Achievements, string? Goal);

/// <summary>A validated pitch request: the candidate's own words, trimmed.</summary>
public sealed record PitchInput(string Name, string CurrentRole, IReadOnlyList<string> Achievements, string Goal);

/// <param name="Engine">What wrote it: <c>offline-composer</c>, or an AI engine's name.</param>
/// <param name="Version">The composer's template version or the AI prompt's, so that a result can be traced.</param>
/// <param name="Notes">How the pitch was made when that is not obvious, e.g. why the AI pitch was not used.</param>
public sealed record ElevatorPitch(string Text, IReadOnlyList<string> Paragraphs, int WordCount, int EstimatedSeconds, string Engine, string Version, IReadOnlyList<string>? Notes = null);

/// <summary>Writes an elevator pitch. The offline composer is always there; an AI engine may take its place when configured.</summary>
public interface IElevatorPitchWriter
{
    Task<ElevatorPitch> WriteAsync(PitchInput input, CancellationToken cancellationToken);
}

/// <summary>The offline writer: <see cref="ElevatorPitchComposer"/>, deterministic and instant.</summary>
public sealed class ComposedPitchWriter : IElevatorPitchWriter
{
    public Task<ElevatorPitch> WriteAsync(PitchInput input, CancellationToken cancellationToken) => Task.FromResult(ElevatorPitchComposer.Compose(input));
}

/// <summary>
/// Composes a two-minute elevator pitch from a name, a current role, three or four achievements and a goal, with no
/// model: the candidate's words carry the substance, and connecting sentences are added in a fixed order until the
/// pitch is long enough to speak for about two minutes (250 to 320 words at a calm 140 words a minute).
/// </summary>
public static class ElevatorPitchComposer
{
    public const string Engine = "offline-composer";
    public const string Version = "pitch-v1";
    public const int MinWords = 250;
    public const int MaxWords = 320;
    public const int WordsPerMinute = 140;
    public const int MinAchievements = 3;
    public const int MaxAchievements = 4;

    // Field limits, in characters and words, keep the candidate's own words under what a two-minute pitch can hold.
    public const int MaxNameChars = 80, MaxNameWords = 6;
    public const int MaxRoleChars = 100, MaxRoleWords = 12;
    public const int MaxAchievementChars = 220, MaxAchievementWords = 35;
    public const int MaxGoalChars = 250, MaxGoalWords = 40;

    /// <summary>Where the composer stops adding sentences; the rest of the band is slack.</summary>
    private const int TargetWords = 275;
    private const int SoftCeiling = 305;

    private static readonly string[] CountWords = ["zero", "one", "two", "three", "four"];

    // Verbs a candidate often starts an achievement with ("Cut costs by…"); the composer puts "I" before them.
    private static readonly HashSet<string> PastTenseIrregular = new(StringComparer.OrdinalIgnoreCase)
    {
        "led", "built", "ran", "grew", "won", "cut", "made", "set", "wrote", "took", "brought", "drove", "taught", "sold",
        "kept", "gave", "found", "began", "rebuilt", "overhauled", "spearheaded", "oversaw", "rewrote", "shipped", "saved", "got",
    };

    public static (PitchInput? Input, IDictionary<string, string[]> Errors) Validate(ElevatorPitchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var v = new Validation();
        var name = Field(v, "name", request.Name, MaxNameChars, MaxNameWords);
        var role = Field(v, "currentRole", request.CurrentRole, MaxRoleChars, MaxRoleWords);
        var goal = Field(v, "goal", request.Goal, MaxGoalChars, MaxGoalWords);
        var achievements = new List<string>();
        if (request.Achievements is not { } given || given.Count is < MinAchievements or > MaxAchievements)
        {
            v.Add("achievements", $"'achievements' must hold {MinAchievements} or {MaxAchievements} achievements (it has {request.Achievements?.Count ?? 0}).");
        }
        else
        {
            for (var i = 0; i < given.Count; i++)
            {
                if (Field(v, $"achievements[{i}]", given[i], MaxAchievementChars, MaxAchievementWords) is { } achievement)
                {
                    if (achievements.Contains(achievement, StringComparer.OrdinalIgnoreCase))
                    {
                        v.Add($"achievements[{i}]", "This achievement is listed twice; give a different one.");
                    }
                    achievements.Add(achievement);
                }
            }
        }
        return v.IsValid ? (new PitchInput(name!, role!, achievements, goal!), v.Errors) : (null, v.Errors);
    }

    public static ElevatorPitch Compose(PitchInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Paragraph slots, each a list of (sentence, required, priority). Optional sentences join in priority order.
        var slots = new List<List<(string Text, int Priority)>> { new(), new(), new(), new() };
        const int Required = -1;
        var opening = slots[0];
        opening.Add(($"Hi, I'm {Sentence(input.Name, end: false)}.", Required));
        opening.Add(($"My current role is {Sentence(input.CurrentRole, end: false)}, and the part of the job I care about most is turning plans into results that people can see and use.", Required));
        opening.Add(("I am at my best when a problem is messy, the stakes are real and someone needs to own it from the first conversation to the final result.", 1));
        opening.Add(("Over the years I have learned that the work people remember is rarely the loudest; it is the work that quietly made everything else easier.", 6));

        var examples = slots[1];
        examples.Add(($"Let me give you {CountWords[input.Achievements.Count]} examples of what that looks like.", Required));
        string[] followUps =
        [
            "I mention it first because it shows how I work: I find the number that matters, then I change the process behind it.",
            "Nobody asked me to do that; I saw the gap, made the case for fixing it and brought the right people along.",
            "What I took from it is that careful preparation pays off most on the day something goes wrong.",
            "It also reminded me that results last longer when the people around you understand why they matter.",
        ];
        int[] followUpPriority = [2, 3, 7, 8];
        for (var i = 0; i < input.Achievements.Count; i++)
        {
            examples.Add((Achievement(input.Achievements[i]), Required));
            examples.Add((followUps[i], followUpPriority[i]));
        }

        var bridge = slots[2];
        bridge.Add(("Put together, those examples say more about me than a job title could: I finish what I start, I measure what I change, and I share the credit.", 4));
        bridge.Add(("Colleagues tend to come to me when something has to work the first time, and I take that trust seriously.", 9));
        bridge.Add(("I also keep learning on purpose; every year I choose one skill my next role will need and practise it on real work.", 10));

        var close = slots[3];
        close.Add(("I have thought carefully about what comes next, and I am not looking for just any next step.", 5));
        close.Add(($"What I want now is this: {Sentence(input.Goal, end: true)}", Required));
        close.Add(("I want a place where the standard is high, feedback is honest and good work is visible.", 11));
        close.Add(("I would love to hear what your team needs most right now, and where you think someone with my background could help first.", Required));

        var chosen = new HashSet<(int Slot, int Index)>();
        var words = 0;
        for (var s = 0; s < slots.Count; s++)
        {
            for (var i = 0; i < slots[s].Count; i++)
            {
                if (slots[s][i].Priority == Required)
                {
                    chosen.Add((s, i));
                    words += WordCount(slots[s][i].Text);
                }
            }
        }
        var optional = slots.SelectMany((slot, s) => slot.Select((sentence, i) => (Slot: s, Index: i, sentence.Text, sentence.Priority)))
            .Where(o => o.Priority != Required).OrderBy(o => o.Priority);
        foreach (var o in optional)
        {
            if (words >= TargetWords)
            {
                break;
            }
            var count = WordCount(o.Text);
            if (words + count <= SoftCeiling)
            {
                chosen.Add((o.Slot, o.Index));
                words += count;
            }
        }
        var paragraphs = slots
            .Select((slot, s) => string.Join(' ', slot.Where((_, i) => chosen.Contains((s, i))).Select(x => x.Text)))
            .Where(p => p.Length > 0)
            .ToList();
        var text = string.Join("\n\n", paragraphs);
        var total = WordCount(text);
        return new ElevatorPitch(text, paragraphs, total, (int)Math.Round(total * 60.0 / WordsPerMinute), Engine, Version);
    }

    /// <summary>Words as a listener hears them: runs of text between spaces that hold a letter or a digit.</summary>
    public static int WordCount(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));

    private static string? Field(Validation v, string field, string? value, int maxChars, int maxWords)
    {
        var text = v.Required(field, value, maxChars);
        if (text is null)
        {
            return null;
        }
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var count = WordCount(text);
        if (count > maxWords)
        {
            v.Add(field, $"'{field}' must be at most {maxWords} words (it has {count}); a pitch has room for the headline, not the whole story.");
            return null;
        }
        if (count == 0)
        {
            v.Add(field, $"'{field}' must contain words.");
            return null;
        }
        return text;
    }

    /// <summary>An achievement as a sentence in the first person: "Cut costs by 12%" becomes "I cut costs by 12%."</summary>
    private static string Achievement(string achievement)
    {
        var first = achievement.Split(' ', 2)[0];
        var bare = first.TrimEnd(',', ';', ':');
        var isPastTense = bare.Length > 3 && bare.EndsWith("ed", StringComparison.OrdinalIgnoreCase) || PastTenseIrregular.Contains(bare);
        var startsWithI = first is "I" || first.StartsWith("I'", StringComparison.Ordinal) || first.StartsWith("I\u2019", StringComparison.Ordinal);
        if (isPastTense && !startsWithI && char.IsUpper(first[0]) && (first.Length == 1 || !char.IsUpper(first[1])))
        {
            return "I " + char.ToLowerInvariant(achievement[0]) + Sentence(achievement[1..], end: true);
        }
        if (isPastTense && !startsWithI && !char.IsUpper(first[0]))
        {
            return "I " + Sentence(achievement, end: true);
        }
        return startsWithI ? Sentence(achievement, end: true) : "One example: " + Sentence(achievement, end: true);
    }

    /// <summary>The candidate's text, with a full stop added at the end (or one removed, for the middle of a sentence).</summary>
    private static string Sentence(string text, bool end)
    {
        var trimmed = text.Trim();
        if (!end)
        {
            return trimmed.TrimEnd('.', ';', ',');
        }
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' ? trimmed : trimmed + ".";
    }
}
