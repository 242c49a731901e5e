using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace InterviewFunctions.Core.Evaluation;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TranscriptRequest(IReadOnlyList<TranscriptTurnRequest?>? Turns);

/// <param name="At">Offset from the start, "hh:mm:ss" or "mm:ss", optionally with a fraction.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TranscriptTurnRequest(string? Speaker, string? Role, string? Text, string? At = null);

/// <summary>The limits a transcript must keep.</summary>
public sealed record TranscriptLimits(int MaxTurns, int MaxTurnCharacters, int MaxTranscriptCharacters, int MaxSpeakerLength = 100);

/// <summary>Who may appear in the transcript: the interview's candidate and interviewers, by name.</summary>
public sealed record TranscriptCast(string? CandidateName, IReadOnlyList<string> InterviewerNames);

/// <summary>
/// Reads a transcript in any of the three accepted forms (JSON turns, "Speaker: text" lines, WebVTT) into turns, and
/// validates it. Errors are keyed by the field path of the turn they concern (<c>turns[3].text</c>); for the text
/// forms the message also names the line. A transcript with errors yields no turns.
/// </summary>
public static partial class TranscriptReader
{
    public const string Json = "json";
    public const string Text = "text";
    public const string Vtt = "vtt";

    private sealed record Draft(string? Speaker, string? Role, string Text, TimeSpan? At, int Line);

    public static (IReadOnlyList<TranscriptTurn>? Turns, IDictionary<string, string[]> Errors) FromRequest(TranscriptRequest? request, TranscriptCast cast, TranscriptLimits limits)
    {
        var v = new Validation();
        if (request?.Turns is not { Count: > 0 } turns)
        {
            v.Add("turns", "At least one turn is required: { \"turns\": [ { \"speaker\": \"…\", \"role\": \"interviewer|candidate\", \"text\": \"…\" } ] }.");
            return (null, v.Errors);
        }
        if (turns.Count > limits.MaxTurns)
        {
            v.Add("turns", Invariant($"A transcript may have at most {limits.MaxTurns} turns (it has {turns.Count})."));
            return (null, v.Errors);
        }
        var read = new List<TranscriptTurn>();
        for (var i = 0; i < turns.Count; i++)
        {
            var field = Invariant($"turns[{i}]");
            if (turns[i] is not { } turn)
            {
                v.Add(field, "A turn must be an object with speaker, role and text.");
                continue;
            }
            TimeSpan? at = null;
            if (turn.At is { Length: > 0 } atText && !TryOffset(atText, out var offset))
            {
                v.Add(field + ".at", Invariant($"'{field}.at' must be an offset such as \"00:03:15\" or \"03:15\"."));
            }
            else if (turn.At is { Length: > 0 })
            {
                TryOffset(turn.At, out offset);
                at = offset;
            }
            if (Check(v, field, new Draft(turn.Speaker, turn.Role, turn.Text ?? "", at, 0), cast, limits, explicitRole: turn.Role is not null) is { } checkedTurn)
            {
                read.Add(checkedTurn);
            }
        }
        return Finish(v, read, limits);
    }

    /// <summary>"Speaker: text" lines, a line without a speaker continuing the turn before it; an optional "[00:03:15]" leads a line.</summary>
    public static (IReadOnlyList<TranscriptTurn>? Turns, IDictionary<string, string[]> Errors) FromText(string body, TranscriptCast cast, TranscriptLimits limits)
    {
        var v = new Validation();
        var drafts = new List<Draft>();
        var lines = (body ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var match = SpeakerLine().Match(line);
            if (match.Success && LooksLikeSpeaker(match.Groups["speaker"].Value, cast))
            {
                TimeSpan? at = match.Groups["at"].Success && TryOffset(match.Groups["at"].Value, out var offset) ? offset : null;
                drafts.Add(new Draft(match.Groups["speaker"].Value.Trim(), null, match.Groups["text"].Value.Trim(), at, n + 1));
            }
            else if (drafts.Count > 0)
            {
                drafts[^1] = drafts[^1] with { Text = drafts[^1].Text + "\n" + line };
            }
            else
            {
                v.Add("turns[0].speaker", Invariant($"Line {n + 1} has no speaker: write each turn as \"Speaker: text\"."));
                return (null, v.Errors);
            }
        }
        return Resolve(v, drafts, cast, limits);
    }

    /// <summary>WebVTT cues: the speaker from a <c>&lt;v Speaker&gt;</c> voice tag or a "Speaker:" prefix; one speaker's consecutive cues form one turn.</summary>
    public static (IReadOnlyList<TranscriptTurn>? Turns, IDictionary<string, string[]> Errors) FromVtt(string body, TranscriptCast cast, TranscriptLimits limits)
    {
        var v = new Validation();
        var text = (body ?? "").TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!VttHeader().IsMatch(text))
        {
            v.Add("turns", "A WebVTT transcript starts with a \"WEBVTT\" line.");
            return (null, v.Errors);
        }
        var drafts = new List<Draft>();
        var lines = text.Split('\n');
        var n = 0;
        while (n < lines.Length)
        {
            var timing = CueTiming().Match(lines[n]);
            if (!timing.Success)
            {
                n++;
                continue;
            }
            if (!TryOffset(timing.Groups["start"].Value, out var start))
            {
                v.Add(Invariant($"turns[{drafts.Count}].at"), Invariant($"Line {n + 1}: the cue timing '{timing.Groups["start"].Value}' is not an offset."));
                return (null, v.Errors);
            }
            var cueLine = n + 1;
            var payload = new List<string>();
            for (n++; n < lines.Length && lines[n].Trim().Length > 0; n++)
            {
                payload.Add(lines[n].Trim());
            }
            var cue = string.Join("\n", payload);
            string? speaker = null;
            var voice = VoiceTag().Match(cue);
            if (voice.Success)
            {
                speaker = voice.Groups["speaker"].Value.Trim();
            }
            var spoken = Tags().Replace(cue, "").Trim();
            if (speaker is null && SpeakerLine().Match(spoken) is { Success: true } prefixed && LooksLikeSpeaker(prefixed.Groups["speaker"].Value, cast))
            {
                speaker = prefixed.Groups["speaker"].Value.Trim();
                spoken = prefixed.Groups["text"].Value.Trim();
            }
            spoken = System.Net.WebUtility.HtmlDecode(spoken);
            if (spoken.Length == 0)
            {
                continue;
            }
            speaker ??= drafts.Count > 0 ? drafts[^1].Speaker : null;
            if (speaker is null)
            {
                v.Add("turns[0].speaker", Invariant($"Line {cueLine}: the first cue names no speaker; use a voice tag such as <v Ada Lovelace>."));
                return (null, v.Errors);
            }
            if (drafts.Count > 0 && drafts[^1].Speaker == speaker)
            {
                drafts[^1] = drafts[^1] with { Text = drafts[^1].Text + " " + spoken };
            }
            else
            {
                drafts.Add(new Draft(speaker, null, spoken, start, cueLine));
            }
        }
        return Resolve(v, drafts, cast, limits);
    }

    private static (IReadOnlyList<TranscriptTurn>?, IDictionary<string, string[]>) Resolve(Validation v, List<Draft> drafts, TranscriptCast cast, TranscriptLimits limits)
    {
        if (drafts.Count == 0)
        {
            v.Add("turns", "The transcript has no turns.");
            return (null, v.Errors);
        }
        if (drafts.Count > limits.MaxTurns)
        {
            v.Add("turns", Invariant($"A transcript may have at most {limits.MaxTurns} turns (it has {drafts.Count})."));
            return (null, v.Errors);
        }
        var read = new List<TranscriptTurn>();
        for (var i = 0; i < drafts.Count; i++)
        {
            if (Check(v, Invariant($"turns[{i}]"), drafts[i], cast, limits, explicitRole: false) is { } turn)
            {
                read.Add(turn);
            }
        }
        return Finish(v, read, limits);
    }

    private static TranscriptTurn? Check(Validation v, string field, Draft draft, TranscriptCast cast, TranscriptLimits limits, bool explicitRole)
    {
        var where = draft.Line > 0 ? Invariant($" (line {draft.Line})") : "";
        var valid = true;
        var text = draft.Text.Trim();
        if (text.Length == 0)
        {
            v.Add(field + ".text", $"'{field}.text' is required{where}.");
            valid = false;
        }
        else if (text.Length > limits.MaxTurnCharacters)
        {
            v.Add(field + ".text", Invariant($"'{field}.text' must be at most {limits.MaxTurnCharacters} characters (it has {text.Length}){where}."));
            valid = false;
        }
        else if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            v.Add(field + ".text", $"'{field}.text' must not contain control characters{where}.");
            valid = false;
        }
        var speaker = draft.Speaker?.Trim();
        if (speaker is { Length: var length } && length > limits.MaxSpeakerLength)
        {
            v.Add(field + ".speaker", Invariant($"'{field}.speaker' must be at most {limits.MaxSpeakerLength} characters{where}."));
            valid = false;
        }
        TranscriptRole? role = null;
        if (explicitRole)
        {
            role = draft.Role?.Trim().ToLowerInvariant() switch
            {
                "interviewer" => TranscriptRole.Interviewer,
                "candidate" => TranscriptRole.Candidate,
                _ => null,
            };
            if (role is null)
            {
                v.Add(field + ".role", $"'{field}.role' must be 'interviewer' or 'candidate' (it is '{draft.Role}').");
                valid = false;
            }
        }
        else if (string.IsNullOrWhiteSpace(speaker))
        {
            v.Add(field + ".role", $"'{field}' names no speaker and no role: give a role ('interviewer' or 'candidate') or a speaker of the interview{where}.");
            valid = false;
        }
        else if ((role = RoleOf(speaker, cast)) is null)
        {
            v.Add(field + ".role", $"The speaker '{speaker}'{where} is neither the interview's candidate nor one of its interviewers; " +
                "name them as the interview does, or prefix the line with 'Interviewer' or 'Candidate'.");
            valid = false;
        }
        if (!valid || role is null)
        {
            return null;
        }
        return new TranscriptTurn(string.IsNullOrWhiteSpace(speaker) ? (role == TranscriptRole.Candidate ? "Candidate" : "Interviewer") : speaker, role.Value, text, draft.At);
    }

    private static (IReadOnlyList<TranscriptTurn>?, IDictionary<string, string[]>) Finish(Validation v, List<TranscriptTurn> read, TranscriptLimits limits)
    {
        if (!v.IsValid)
        {
            return (null, v.Errors);
        }
        if (read.All(t => t.Role != TranscriptRole.Candidate))
        {
            v.Add("turns", "The transcript has no candidate turn: there is nothing to evaluate.");
            return (null, v.Errors);
        }
        var total = read.Sum(t => t.Text.Length);
        if (total > limits.MaxTranscriptCharacters)
        {
            v.Add("turns", Invariant($"A transcript may have at most {limits.MaxTranscriptCharacters} characters of text (it has {total})."));
            return (null, v.Errors);
        }
        return (read, v.Errors);
    }

    /// <summary>
    /// The role of a named speaker: an explicit role word ("Interviewer", "Candidate", "Interviewer (Bob)"), else the
    /// interview's candidate or one of its interviewers by full or first name. Null when it is none of them.
    /// </summary>
    public static TranscriptRole? RoleOf(string speaker, TranscriptCast cast)
    {
        var name = Whitespace().Replace(speaker.Trim(), " ").ToLowerInvariant();
        if (RolePrefix().Match(name) is { Success: true } prefix)
        {
            return prefix.Groups[1].Value is "interviewer" or "q" ? TranscriptRole.Interviewer : TranscriptRole.Candidate;
        }
        if (Matches(name, cast.CandidateName))
        {
            return TranscriptRole.Candidate;
        }
        return cast.InterviewerNames.Any(n => Matches(name, n)) ? TranscriptRole.Interviewer : null;
    }

    private static bool Matches(string name, string? person)
    {
        if (string.IsNullOrWhiteSpace(person))
        {
            return false;
        }
        var full = Whitespace().Replace(person.Trim(), " ").ToLowerInvariant();
        return name == full || name == full.Split(' ')[0];
    }

    /// <summary>A line's "Label:" is a speaker when it is a role word, a person of the interview, or looks like a name.</summary>
    private static bool LooksLikeSpeaker(string label, TranscriptCast cast)
    {
        var trimmed = label.Trim();
        if (RoleOf(trimmed, cast) is not null)
        {
            return true;
        }
        // "Edge cases: …" inside an answer is not a speaker; "Grace Hopper: …" is one (and then an unknown one).
        var words = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length is >= 1 and <= 4 && words.All(w => char.IsUpper(w[0]));
    }

    private static bool TryOffset(string text, out TimeSpan offset)
    {
        offset = default;
        var match = Offset().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }
        var hours = match.Groups["h"].Success ? int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture) : 0;
        var minutes = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var seconds = int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture);
        var fraction = match.Groups["f"].Success ? match.Groups["f"].Value.PadRight(3, '0')[..3] : "000";
        if (minutes > 59 || seconds > 59)
        {
            return false;
        }
        offset = new TimeSpan(0, hours, minutes, seconds, int.Parse(fraction, CultureInfo.InvariantCulture));
        return true;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?:\[?(?<at>(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\]?\s+)?(?<speaker>[^:\n<>\[\]]{1,100}?)\s*:\s*(?<text>.*)$")]
    private static partial Regex SpeakerLine();

    [GeneratedRegex(@"^(interviewer|candidate|q|a)\b")]
    private static partial Regex RolePrefix();

    [GeneratedRegex(@"^(?:(?<h>\d{1,3}):)?(?<m>\d{1,2}):(?<s>\d{2})(?:[.,](?<f>\d{1,3}))?$")]
    private static partial Regex Offset();

    [GeneratedRegex(@"\AWEBVTT(?:[ \t][^\n]*)?(?:\n|\z)")]
    private static partial Regex VttHeader();

    [GeneratedRegex(@"^\s*(?<start>(?:\d{1,3}:)?\d{2}:\d{2}\.\d{3})\s+-->\s+(?:\d{1,3}:)?\d{2}:\d{2}\.\d{3}")]
    private static partial Regex CueTiming();

    [GeneratedRegex(@"<v(?:\.[\w.-]+)?\s+(?<speaker>[^>]+)>")]
    private static partial Regex VoiceTag();

    [GeneratedRegex(@"</?[a-z][^>]*>|<\d{1,3}:\d{2}(?::\d{2})?\.\d{3}>", RegexOptions.IgnoreCase)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
