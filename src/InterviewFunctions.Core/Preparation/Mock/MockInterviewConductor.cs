using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation.Bank;

namespace InterviewFunctions.Core.Preparation.Mock;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MockInterviewRequest(
    string? Kind,
    string? Domain = null,
    string? Role = null,
    string? Difficulty = null,
    string? Persona = null,
    int? QuestionCount = null,
    int? TimeLimitMinutes = null,
    string? JobId = null);

/// <summary>
/// The offline interviewer: plans a session's questions from the question bank, assesses each answer against the
/// question's notes (<see cref="MockAnswerAssessor"/>), asks one follow-up when an answer leaves a key element out,
/// and closes the session with a summary. It is deterministic: the questions follow from the settings and a seed
/// derived from the session id, and the same answers give the same feedback, scores and summary.
/// </summary>
public sealed class MockInterviewConductor(QuestionBank bank, QuestionGenerator generator)
{
    public const string EngineName = "offline";
    public const int MinQuestions = 1;
    public const int MaxQuestions = 15;
    public const int DefaultQuestions = 5;
    public const int MinMinutes = 5;
    public const int MaxMinutes = 120;
    public const int DefaultMinutes = 30;
    public const int MaxAnswer = 10_000;
    public const string AlgorithmsDomain = "algorithms";

    public const string EvaluationHandedOffReason =
        "The transcript was handed to interview evaluation; GET /api/mock-interviews/{id}/evaluation for its scores.";

    /// <summary>Validates the settings and starts the session with its first question; errors name the request's fields.</summary>
    public (MockInterview? Session, IDictionary<string, string[]> Errors) Start(
        MockInterviewRequest request, string tenantId, string owner, string id, DateTimeOffset now)
    {
        var v = new Validation();
        // "system design" and "system-design" as people write it, "system_design" as the API names it.
        var kind = v.Enum<MockKind>("kind", request.Kind?.Trim().Replace(' ', '_').Replace('-', '_'));
        var difficulty = v.Enum<QuestionDifficulty>("difficulty", request.Difficulty, required: false) ?? QuestionDifficulty.Medium;
        var persona = v.Enum<MockPersona>("persona", request.Persona, required: false) ?? MockPersona.Helpful;
        var count = v.Range("questionCount", request.QuestionCount, MinQuestions, MaxQuestions, DefaultQuestions);
        var minutes = v.Range("timeLimitMinutes", request.TimeLimitMinutes, MinMinutes, MaxMinutes, DefaultMinutes);
        var domainText = v.Optional("domain", request.Domain, 100);
        var role = v.Optional("role", request.Role, Validation.ShortText);
        var jobId = v.Optional("jobId", request.JobId, Validation.ShortText);
        string? domainId = null;
        if (domainText is not null)
        {
            domainId = bank.FindDomain(domainText.ToLowerInvariant())?.Id;
            if (domainId is null)
            {
                v.Add("domain", $"'{domainText}' is not a domain of the question bank (GET /api/question-bank/domains lists them).");
            }
        }
        else if (role is not null)
        {
            domainId = generator.DetectDomains(role) is [var detected, ..] ? detected.Id : null;
        }
        if (kind is MockKind.Technical or MockKind.Domain && domainId is null && domainText is null)
        {
            v.Add(role is null ? "domain" : "role", role is null
                ? $"A {kind.Value.ToWire()} interview needs a 'domain' (or a 'role' the question bank recognises)."
                : $"No domain of the question bank matches the role '{role}'; name a 'domain'.");
        }
        if (!v.IsValid)
        {
            return (null, v.Errors);
        }

        var plan = Plan(kind!.Value, domainId, difficulty, count!.Value, id);
        if (plan.Count == 0)
        {
            return (null, new Dictionary<string, string[]> { ["domain"] = [$"The question bank has no questions for a {kind.Value.ToWire()} interview in '{domainId}'."] });
        }
        var session = new MockInterview
        {
            Id = id,
            TenantId = tenantId,
            Owner = owner,
            Kind = kind.Value,
            DomainId = kind == MockKind.Algorithm ? AlgorithmsDomain : domainId,
            Role = role,
            Difficulty = difficulty,
            Persona = persona,
            // The bank may hold fewer questions of a kind than asked for; the session asks those it has.
            QuestionCount = plan.Count,
            TimeLimitMinutes = minutes!.Value,
            JobId = jobId,
            StartedAt = now,
            Plan = plan,
            Turns = [Ask(plan[0], 1, now)],
        };
        return (session, v.Errors);
    }

    /// <summary>
    /// The questions for a session: those of the kind's pool closest to the difficulty asked for, in an order that the
    /// session id fixes (so two sessions with the same settings differ, and one session never changes).
    /// </summary>
    public IReadOnlyList<MockQuestion> Plan(MockKind kind, string? domainId, QuestionDifficulty difficulty, int count, string seed)
    {
        var pool = Pool(kind, domainId);
        return [.. pool
            .OrderBy(c => c.Rank)
            .ThenBy(c => Math.Abs((int)c.Question.Difficulty - (int)difficulty))
            .ThenBy(c => StableHash(seed + "|" + c.Question.Id))
            .ThenBy(c => c.Question.Id, StringComparer.Ordinal)
            .Select(c => c.Question)
            .Take(count)];
    }

    /// <summary>Assesses the answer to the current question and moves on: a follow-up, the next question, or the end.</summary>
    /// <exception cref="InvalidOperationException">The session is not waiting for an answer.</exception>
    public static MockInterview Answer(MockInterview session, string answer, DateTimeOffset now)
    {
        var current = session.Current ?? throw new InvalidOperationException($"Mock interview '{session.Id}' is not waiting for an answer.");
        var question = session.Plan[current.Number - 1];
        string feedback;
        MockAssessment assessment;
        if (current.IsFollowUp)
        {
            // The follow-up completes the first answer: judge the two together, and say whether the gap closed.
            var first = session.Turns.Last(t => t.Number == current.Number && !t.IsFollowUp);
            assessment = MockAnswerAssessor.Assess(session.Kind, question, first.Answer + "\n" + answer);
            var closed = !assessment.Missing.Contains(current.FollowUpFor!.Value);
            feedback = MockFeedback.FollowUpVerdict(current.FollowUpFor.Value, closed, session.Persona);
        }
        else
        {
            assessment = MockAnswerAssessor.Assess(session.Kind, question, answer);
            feedback = MockFeedback.Write(assessment, session.Persona);
        }
        var answered = current with
        {
            Answer = answer,
            AnsweredAt = now,
            Feedback = feedback,
            Scores = assessment.Scores,
            Missing = assessment.Missing,
            Covered = assessment.Covered,
        };
        var turns = session.Turns.Take(session.Turns.Count - 1).Append(answered).ToList();
        if (!current.IsFollowUp && assessment.FollowUp is { } gap)
        {
            turns.Add(new MockTurn
            {
                Number = current.Number,
                QuestionId = question.Id,
                Question = MockFeedback.FollowUpQuestion(gap, question, assessment.NotCovered),
                IsFollowUp = true,
                FollowUpFor = gap,
                AskedAt = now,
            });
        }
        else if (current.Number < session.Plan.Count)
        {
            turns.Add(Ask(session.Plan[current.Number], current.Number + 1, now));
        }
        var next = session with { Turns = turns, Revision = session.Revision + 1 };
        return turns[^1].Answer is null ? next : Close(next, MockEndReason.AllQuestionsAnswered, now);
    }

    /// <summary>Ends an active session now, with its summary; an ended one is returned unchanged.</summary>
    public static MockInterview End(MockInterview session, MockEndReason reason, DateTimeOffset now) =>
        session.State == MockState.Ended ? session : Close(session with { Revision = session.Revision + 1 }, reason, now);

    /// <summary>
    /// An active session whose time limit has passed, ended at its deadline; any other returned unchanged. Nothing runs
    /// on a timer: whoever next reads or answers the session closes it.
    /// </summary>
    public static MockInterview CloseIfOverdue(MockInterview session, DateTimeOffset now) =>
        session.State == MockState.Active && now >= session.Deadline ? End(session, MockEndReason.TimeLimit, session.Deadline) : session;

    public static MockSummary Summarize(MockInterview session)
    {
        // A question's score is that of its last answered turn: a follow-up's assessment covers both answers.
        var final = session.Turns
            .Where(t => t.Scores is not null)
            .GroupBy(t => t.Number)
            .Select(g => (Question: session.Plan[g.Key - 1], Turn: g.Last()))
            .ToList();
        var asked = session.Turns.Select(t => t.Number).Distinct().Count();
        double? Average(Func<MockScores, double> score) => final.Count == 0 ? null : Math.Round(final.Average(f => score(f.Turn.Scores!)), 1);

        var gapCounts = final.SelectMany(f => f.Turn.Missing).GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count());
        var strengths = new List<string>();
        if (final.Count > 0)
        {
            if (final.Average(f => f.Turn.Scores!.Correctness) >= 7)
            {
                strengths.Add("Covered the key points the questions' notes expect.");
            }
            if (final.Average(f => f.Turn.Scores!.Clarity) >= 7)
            {
                strengths.Add("Clear answers of a good length, without hedging.");
            }
            if (final.Average(f => f.Turn.Scores!.Depth) >= 7)
            {
                strengths.Add("Answers went into depth.");
            }
            foreach (var (gap, strength) in StrengthOfGap)
            {
                if (final.Any(f => Applies(session.Kind, f.Question, gap)) && !gapCounts.ContainsKey(gap))
                {
                    strengths.Add(strength);
                }
            }
        }
        var gaps = gapCounts
            .OrderByDescending(g => g.Value)
            .ThenBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{GapAdvice(g.Key)} (in {g.Value} of {final.Count} answers)"))
            .ToList();
        if (session.QuestionCount > final.Count)
        {
            gaps.Add(string.Create(CultureInfo.InvariantCulture, $"{session.QuestionCount - final.Count} of {session.QuestionCount} questions were not answered."));
        }
        var competencies = final
            .SelectMany(f => f.Question.Competencies.Select(c => (Competency: c, f.Turn)))
            .GroupBy(c => c.Competency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var average = Math.Round(g.Average(c => c.Turn.Scores!.Overall), 1);
                var commonGap = g.SelectMany(c => c.Turn.Missing).GroupBy(m => m).OrderByDescending(m => m.Count()).ThenBy(m => m.Key).Select(m => (MockGap?)m.Key).FirstOrDefault();
                var note = average >= 7 ? "Strong." : average >= 5 ? "Developing." : "Needs work.";
                if (commonGap is { } common && average < 7)
                {
                    note += " " + GapAdvice(common);
                }
                return new MockCompetencyNote(g.Key, g.Count(), average, note);
            })
            .ToList();
        var correctness = Average(s => s.Correctness);
        var clarity = Average(s => s.Clarity);
        var depth = Average(s => s.Depth);
        return new MockSummary(asked, final.Count, correctness, clarity, depth, Average(s => s.Overall), strengths, gaps, competencies);
    }

    /// <summary>A stable 64-bit FNV-1a hash: <see cref="string.GetHashCode()"/> differs between processes.</summary>
    public static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }

    private static readonly (MockGap Gap, string Strength)[] StrengthOfGap =
    [
        (MockGap.OwnAction, "Spoke about your own actions, not just the team's."),
        (MockGap.Result, "Every story ended with a result."),
        (MockGap.Number, "Backed answers with numbers."),
        (MockGap.TradeOff, "Weighed trade-offs."),
        (MockGap.Complexity, "Stated the complexity of each approach."),
        (MockGap.EdgeCases, "Thought about edge cases."),
    ];

    private static string GapAdvice(MockGap gap) => gap switch
    {
        MockGap.Result => "No result: say what changed and by how much.",
        MockGap.Number => "No number: quantify the result or the scale.",
        MockGap.OwnAction => "You described the team, not your own action: say what you did, with 'I'.",
        MockGap.Situation => "No situation: set the scene in a sentence or two.",
        MockGap.KeyPoints => "Missed key points of the question's notes.",
        MockGap.TradeOff => "No trade-offs: say what a choice costs.",
        MockGap.Complexity => "No complexity: state time and space.",
        MockGap.EdgeCases => "No edge cases.",
        MockGap.TooShort => "Answers too short.",
        MockGap.Rambling => "Rambling: lead with the point.",
        _ => "Hedging: commit to your answer.",
    };

    private static bool Applies(MockKind kind, MockQuestion question, MockGap gap) => gap switch
    {
        MockGap.OwnAction => kind is not (MockKind.Algorithm or MockKind.SystemDesign) && question.Type is QuestionType.Behavioral or QuestionType.Situational,
        MockGap.Result => kind is not (MockKind.Algorithm or MockKind.SystemDesign) && question.Type == QuestionType.Behavioral,
        MockGap.Number => kind == MockKind.SystemDesign || (kind != MockKind.Algorithm && question.Type == QuestionType.Behavioral),
        MockGap.TradeOff => kind == MockKind.SystemDesign || (kind != MockKind.Algorithm && question.Type is QuestionType.Technical or QuestionType.Domain && question.Difficulty != QuestionDifficulty.Easy),
        MockGap.Complexity or MockGap.EdgeCases => kind == MockKind.Algorithm,
        _ => false,
    };

    private static MockInterview Close(MockInterview session, MockEndReason reason, DateTimeOffset now)
    {
        // A question left waiting stays in the transcript, unanswered.
        var ended = session with { State = MockState.Ended, EndReason = reason, EndedAt = now };
        return ended with
        {
            Summary = Summarize(ended),
            Evaluation = new MockEvaluationHandOff(MockEvaluationHandOff.HandedOff, EvaluationHandedOffReason, Evaluation.InterviewEvaluation.IdForMockInterview(session.Id)),
        };
    }

    private static MockTurn Ask(MockQuestion question, int number, DateTimeOffset now) => new()
    {
        Number = number,
        QuestionId = question.Id,
        Question = question.Problem is null ? question.Text : question.Text + "\n\n" + question.Problem,
        AskedAt = now,
    };

    private static MockQuestion From(BankQuestion q) => new(q.Id, q.Type, q.Difficulty, q.Text, q.Keywords, q.StrongAnswer, q.Competencies, q.Problem);

    /// <summary>The questions a kind draws from, ranked: rank 0 first, later ranks only fill a short pool.</summary>
    private List<(int Rank, MockQuestion Question)> Pool(MockKind kind, string? domainId)
    {
        var domain = domainId is null ? [] : bank.QuestionsOf(domainId);
        List<(int, MockQuestion)> Ranked(Func<BankQuestion, int?> rank) =>
            [.. domain.Select(q => (Rank: rank(q), Question: q)).Where(r => r.Rank is not null).Select(r => (r.Rank!.Value, From(r.Question)))];
        switch (kind)
        {
            case MockKind.Behavioral:
                var behavioral = Ranked(q => q.Type switch { QuestionType.Behavioral => 0, QuestionType.Situational => 1, _ => null });
                behavioral.AddRange(MockPrompts.GeneralBehavioral.Select(q => (2, q)));
                return behavioral;
            case MockKind.Technical:
                return Ranked(q => q.Type switch { QuestionType.Technical => 0, QuestionType.Domain => 1, _ => null });
            case MockKind.Domain:
                return Ranked(q => q.Type switch { QuestionType.Domain => 0, QuestionType.Situational => 1, QuestionType.Technical => 2, _ => null });
            case MockKind.Algorithm:
                return [.. bank.QuestionsOf(AlgorithmsDomain).Select(q => (0, From(q)))];
            default:
                // Prompts of the family first; another family's prompts still exercise the same skills.
                return [.. MockPrompts.SystemDesign.Select(p => (p.Family == domainId || !MockPrompts.SystemDesignFamilies.Contains(domainId ?? "") ? 0 : 1, p.Question))];
        }
    }
}
