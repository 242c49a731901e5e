using System.Text.Json;
using InterviewFunctions.App.Preparation;
using InterviewFunctions.App.Storage;
using InterviewFunctions.Core.Preparation;
using InterviewFunctions.Core.Preparation.Bank;
using InterviewFunctions.Core.Preparation.Mock;

namespace InterviewFunctions.Tests.Preparation.Mock;

/// <summary>The offline conductor on the real question bank: planning, assessment, feedback, follow-ups, the summary.</summary>
public sealed class MockConductorTests
{
    private static readonly QuestionBank Bank = QuestionBankLoader.Load(BankCopy.Source);
    private static readonly MockInterviewConductor Conductor = new(Bank, new QuestionGenerator(Bank));
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    private static readonly MockQuestion Problem = MockPrompts.GeneralBehavioral.Single(q => q.Id == "general-behavioral-01");

    public const string StrongStory =
        "At my previous job in 2023 our nightly billing export had failed every few days for months, and two teams had given up on it. " +
        "My goal was to make it reliable before the quarter close. I pulled the logs for the last 60 runs and found the root cause: a lock timeout " +
        "when the export overlapped the backup. I laid out three options to my manager, moving the backup, splitting the export or adding retries, " +
        "and I made the decision to split the export into batches because it removed the overlap without touching the backup. I wrote the change, " +
        "tested it against a copy of production and rolled it out over a weekend. The outcome: failures dropped from 9 a month to zero over the next " +
        "six months, and finance closed the quarter two days earlier.";

    public const string NoResultStory =
        "At my previous job the billing export kept failing and others had given up on it. My task was to make it reliable. I read the logs, " +
        "I found the root cause in a lock timeout, I listed the options and I made the decision to split the export into smaller batches, " +
        "then I tested the change and rolled it out over a weekend.";

    public const string TeamStory =
        "At my previous job the billing export kept failing for months. We looked at the logs and we found the root cause in a lock timeout. " +
        "The team weighed the options, we made a decision together and we split the export. As a result failures dropped from 9 a month to zero.";

    public const string WeakStory = "We had a problem with an export and the team looked into it. Maybe it was the database, I think. It got sorted eventually.";

    private static MockInterview Start(MockKind kind, string? domain = null, MockPersona persona = MockPersona.Helpful, int count = 3, string id = "0192f0aa-0000-7000-8000-000000000001")
    {
        var (session, errors) = Conductor.Start(
            new MockInterviewRequest(kind.ToString() switch { "SystemDesign" => "system_design", var k => k.ToLowerInvariant() }, domain, null, "medium", persona.ToString().ToLowerInvariant(), count, 30),
            "acme", "ada@example.com", id, Now);
        Assert.Empty(errors);
        return session!;
    }

    [Fact]
    public void A_strong_story_has_no_gaps_and_its_star_parts_are_found()
    {
        var assessment = MockAnswerAssessor.Assess(MockKind.Behavioral, Problem, StrongStory);

        Assert.Empty(assessment.Missing);
        Assert.Null(assessment.FollowUp);
        Assert.Equal(Problem.Keywords, assessment.Covered);
    }

    [Fact]
    public void Feedback_names_a_missing_result_and_number_and_the_follow_up_asks_for_the_result()
    {
        var assessment = MockAnswerAssessor.Assess(MockKind.Behavioral, Problem, NoResultStory);

        Assert.Equal([MockGap.Result, MockGap.Number], assessment.Missing);
        Assert.Equal(MockGap.Result, assessment.FollowUp);
        var ruthless = MockFeedback.Write(assessment, MockPersona.Ruthless);
        Assert.Contains("No result: say what changed and by how much.", ruthless, StringComparison.Ordinal);
        Assert.Contains("No number.", ruthless, StringComparison.Ordinal);
        Assert.Contains("say what changed and by how much", MockFeedback.Write(assessment, MockPersona.Helpful), StringComparison.Ordinal);
    }

    [Fact]
    public void Feedback_says_when_the_answer_described_the_team_rather_than_the_candidates_action()
    {
        var assessment = MockAnswerAssessor.Assess(MockKind.Behavioral, Problem, TeamStory);

        Assert.Equal(MockGap.OwnAction, assessment.FollowUp);
        Assert.DoesNotContain(MockGap.Result, assessment.Missing);
        Assert.DoesNotContain(MockGap.Number, assessment.Missing);
        Assert.Contains("You described the team, not your own action", MockFeedback.Write(assessment, MockPersona.Ruthless), StringComparison.Ordinal);
    }

    [Fact]
    public void The_three_personas_name_the_same_gaps_in_different_voices()
    {
        var assessment = MockAnswerAssessor.Assess(MockKind.Behavioral, Problem, NoResultStory);

        var ruthless = MockFeedback.Write(assessment, MockPersona.Ruthless);
        var helpful = MockFeedback.Write(assessment, MockPersona.Helpful);
        var discovery = MockFeedback.Write(assessment, MockPersona.Discovery);

        Assert.Equal(3, new[] { ruthless, helpful, discovery }.Distinct().Count());
        Assert.True(ruthless.Length < helpful.Length, $"ruthless should be shorter: '{ruthless}' vs '{helpful}'");
        Assert.StartsWith("Good: you covered", helpful, StringComparison.Ordinal);
        Assert.Contains("for example", helpful, StringComparison.Ordinal);
        Assert.DoesNotContain("Good", ruthless, StringComparison.Ordinal);
        // Discovery leads with questions instead of verdicts: one per gap.
        Assert.True(discovery.Count(c => c == '?') >= 2, discovery);
        Assert.DoesNotContain("No result", discovery, StringComparison.Ordinal);
    }

    [Fact]
    public void A_strong_answer_scores_higher_than_a_weak_one_on_every_axis()
    {
        var strong = MockAnswerAssessor.Assess(MockKind.Behavioral, Problem, StrongStory).Scores;
        var weak = MockAnswerAssessor.Assess(MockKind.Behavioral, Problem, WeakStory).Scores;
        var partial = MockAnswerAssessor.Assess(MockKind.Behavioral, Problem, NoResultStory).Scores;

        Assert.True(strong.Correctness > weak.Correctness, $"{strong} vs {weak}");
        Assert.True(strong.Clarity > weak.Clarity, $"{strong} vs {weak}");
        Assert.True(strong.Depth > weak.Depth, $"{strong} vs {weak}");
        Assert.True(strong.Depth > partial.Depth && partial.Depth > weak.Depth, $"{strong} / {partial} / {weak}");
        Assert.InRange(strong.Depth, 9, 10);
        Assert.InRange(weak.Correctness, 0, 3);
        Assert.Contains(MockGap.Hedging, MockAnswerAssessor.Assess(MockKind.Behavioral, Problem, WeakStory).Missing);
    }

    [Fact]
    public void An_algorithm_answer_without_complexity_gets_a_follow_up_about_it()
    {
        var session = Start(MockKind.Algorithm, count: 2);
        var question = session.Plan[0];
        var answer = $"I would use a straightforward approach for this: {string.Join(", ", question.Keywords)}. I would walk the input once, keep what I have seen " +
            "in a map, and return as soon as the answer is found. I would also check empty input and duplicates before returning anything to the caller.";

        var next = MockInterviewConductor.Answer(session, answer, Now.AddMinutes(2));

        Assert.Equal([MockGap.Complexity], next.Turns[0].Missing);
        Assert.True(next.Current!.IsFollowUp);
        Assert.Equal(MockGap.Complexity, next.Current.FollowUpFor);
        Assert.Equal("What are the time and space complexity of your approach?", next.Current.Question);
    }

    [Fact]
    public void A_follow_up_comes_only_when_something_is_missing_and_at_most_once_per_question()
    {
        var session = Start(MockKind.Behavioral, count: 2);
        var strongQuestion = session with { Plan = [Problem, session.Plan[1]] };

        var afterStrong = MockInterviewConductor.Answer(strongQuestion, StrongStory, Now.AddMinutes(1));
        Assert.False(afterStrong.Current!.IsFollowUp);
        Assert.Equal(2, afterStrong.Current.Number);

        var afterPartial = MockInterviewConductor.Answer(strongQuestion, NoResultStory, Now.AddMinutes(1));
        Assert.True(afterPartial.Current!.IsFollowUp);
        Assert.Equal(1, afterPartial.Current.Number);
        Assert.Equal(MockGap.Result, afterPartial.Current.FollowUpFor);

        // The follow-up answer still lacks the number; the conductor moves on rather than asking again.
        var afterFollowUp = MockInterviewConductor.Answer(afterPartial, "It worked and finance stopped complaining, which was the result we wanted.", Now.AddMinutes(2));
        var followUp = afterFollowUp.Turns[1];
        Assert.Equal("That fills the gap; lead with it next time.", followUp.Feedback);
        Assert.Contains(MockGap.Number, followUp.Missing);
        Assert.False(afterFollowUp.Current!.IsFollowUp);
        Assert.Equal(2, afterFollowUp.Current.Number);
    }

    [Fact]
    public void The_same_session_id_and_answers_give_the_same_plan_feedback_scores_and_summary()
    {
        static string Run(string id)
        {
            var session = Start(MockKind.Technical, "backend", MockPersona.Discovery, count: 3, id: id);
            var t = Now;
            while (session.State == MockState.Active)
            {
                t = t.AddMinutes(1);
                session = MockInterviewConductor.Answer(session, "It depends on the load; I would measure first, for example with 200 requests per second, and add an index or a cache.", t);
            }
            return JsonSerializer.Serialize(session, StoredJson.Options);
        }

        Assert.Equal(Run("0192f0aa-0000-7000-8000-00000000000a"), Run("0192f0aa-0000-7000-8000-00000000000a"));
        var orders = Enumerable.Range(0, 6)
            .Select(i => string.Join(",", Start(MockKind.Technical, "backend", id: $"0192f0aa-0000-7000-8000-00000000010{i}").Plan.Select(q => q.Id)))
            .Distinct()
            .Count();
        Assert.True(orders > 1, "different sessions should draw their questions in different orders");
    }

    [Fact]
    public void Each_kind_draws_from_its_own_pool()
    {
        var technical = Conductor.Plan(MockKind.Technical, "backend", QuestionDifficulty.Medium, 5, "s");
        Assert.All(technical, q => Assert.StartsWith("backend-", q.Id, StringComparison.Ordinal));
        Assert.All(technical, q => Assert.Equal(QuestionType.Technical, q.Type));

        var behavioral = Conductor.Plan(MockKind.Behavioral, "registered-nursing", QuestionDifficulty.Medium, 5, "s");
        Assert.All(behavioral, q => Assert.Equal(QuestionType.Behavioral, q.Type));
        Assert.All(behavioral, q => Assert.StartsWith("registered-nursing-", q.Id, StringComparison.Ordinal));
        Assert.All(Conductor.Plan(MockKind.Behavioral, null, QuestionDifficulty.Medium, 5, "s"), q => Assert.StartsWith("general-behavioral-", q.Id, StringComparison.Ordinal));

        var easyAlgorithms = Conductor.Plan(MockKind.Algorithm, null, QuestionDifficulty.Easy, 3, "s");
        Assert.All(easyAlgorithms, q => Assert.StartsWith("algorithms-", q.Id, StringComparison.Ordinal));
        Assert.All(easyAlgorithms, q => Assert.Equal(QuestionDifficulty.Easy, q.Difficulty));
        Assert.All(easyAlgorithms, q => Assert.NotNull(q.Problem));

        var design = Conductor.Plan(MockKind.SystemDesign, "data", QuestionDifficulty.Medium, 4, "s");
        Assert.All(design, q => Assert.StartsWith("system-design-data-", q.Id, StringComparison.Ordinal));
        Assert.True(MockPrompts.SystemDesign.Count >= 10);

        Assert.All(Conductor.Plan(MockKind.Domain, "accounting", QuestionDifficulty.Medium, 6, "s"), q => Assert.Equal(QuestionType.Domain, q.Type));
    }

    [Fact]
    public void A_role_finds_its_domain_and_bad_settings_are_refused_by_field()
    {
        var (session, _) = Conductor.Start(new MockInterviewRequest("technical", Role: "Senior backend engineer (APIs, PostgreSQL)"), "acme", "ada@example.com", "s-1", Now);
        Assert.Equal("backend", session!.DomainId);
        Assert.Equal(MockKind.SystemDesign, Conductor.Start(new MockInterviewRequest("system design"), "acme", "ada@example.com", "s-3", Now).Session!.Kind);

        static IDictionary<string, string[]> Errors(MockInterviewRequest request) => Conductor.Start(request, "acme", "ada@example.com", "s-2", Now).Errors;
        Assert.Contains("domain", Errors(new MockInterviewRequest("technical")).Keys);
        Assert.Contains("domain", Errors(new MockInterviewRequest("behavioral", Domain: "astrology")).Keys);
        Assert.Contains("kind", Errors(new MockInterviewRequest("karaoke")).Keys);
        Assert.Contains("questionCount", Errors(new MockInterviewRequest("behavioral", QuestionCount: 16)).Keys);
        Assert.Contains("timeLimitMinutes", Errors(new MockInterviewRequest("behavioral", TimeLimitMinutes: 4)).Keys);
        Assert.Contains("persona", Errors(new MockInterviewRequest("behavioral", Persona: "sarcastic")).Keys);
    }

    [Fact]
    public void Answering_the_last_question_ends_the_session_with_a_summary_and_the_evaluation_hand_off()
    {
        var session = Start(MockKind.Behavioral, count: 2) is var s ? s with { Plan = [Problem, Problem with { Id = "second" }] } : null!;

        session = MockInterviewConductor.Answer(session, StrongStory, Now.AddMinutes(1));
        session = MockInterviewConductor.Answer(session, TeamStory, Now.AddMinutes(3));
        Assert.True(session.Current!.IsFollowUp);
        session = MockInterviewConductor.Answer(session, "I personally rewrote the export job and I ran the tests myself.", Now.AddMinutes(4));

        Assert.Equal(MockState.Ended, session.State);
        Assert.Equal(MockEndReason.AllQuestionsAnswered, session.EndReason);
        Assert.Equal(Now.AddMinutes(4), session.EndedAt);
        var summary = session.Summary!;
        Assert.Equal(2, summary.QuestionsAnswered);
        Assert.NotNull(summary.Overall);
        Assert.Contains("Every story ended with a result.", summary.Strengths);
        Assert.Contains(summary.Competencies, c => c.Competency == "problem-solving" && c.Questions == 2);
        Assert.Equal(MockEvaluationHandOff.HandedOff, session.Evaluation!.Status);
        Assert.Equal("mock-" + session.Id, session.Evaluation.EvaluationId);
    }

    [Fact]
    public void A_session_past_its_time_limit_closes_at_the_deadline_with_the_unanswered_questions_counted()
    {
        var session = Start(MockKind.Behavioral, count: 3);
        session = MockInterviewConductor.Answer(session, NoResultStory, Now.AddMinutes(5));

        Assert.Same(session, MockInterviewConductor.CloseIfOverdue(session, Now.AddMinutes(29)));
        var closed = MockInterviewConductor.CloseIfOverdue(session, Now.AddMinutes(31));

        Assert.Equal(MockState.Ended, closed.State);
        Assert.Equal(MockEndReason.TimeLimit, closed.EndReason);
        Assert.Equal(Now.AddMinutes(30), closed.EndedAt);
        Assert.Equal(1, closed.Summary!.QuestionsAnswered);
        Assert.Contains("2 of 3 questions were not answered.", closed.Summary.Gaps);
        Assert.Contains(closed.Summary.Gaps, g => g.StartsWith("No result", StringComparison.Ordinal));
    }
}
