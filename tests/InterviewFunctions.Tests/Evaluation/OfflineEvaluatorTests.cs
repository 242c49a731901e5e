using InterviewFunctions.Core.Evaluation;

namespace InterviewFunctions.Tests.Evaluation;

public sealed class OfflineEvaluatorTests
{
    private static int Score(EvaluationAssessment a, EvaluationDimension d) => a.Dimensions.Single(x => x.Dimension == d).Score;

    [Fact]
    public void The_strong_transcript_outscores_the_weak_one_on_every_dimension_and_is_recommended()
    {
        var strong = OfflineInterviewEvaluator.Evaluate(Transcripts.Input(Transcripts.Strong()));
        var weak = OfflineInterviewEvaluator.Evaluate(Transcripts.Input(Transcripts.Weak()));

        Assert.Equal(Enum.GetValues<EvaluationDimension>(), strong.Dimensions.Select(d => d.Dimension));
        foreach (var dimension in Enum.GetValues<EvaluationDimension>())
        {
            Assert.True(Score(strong, dimension) > Score(weak, dimension), $"{dimension}: strong {Score(strong, dimension)}, weak {Score(weak, dimension)}");
        }
        Assert.All(strong.Dimensions.Concat(weak.Dimensions), d => Assert.InRange(d.Score, 1, 10));
        Assert.Contains(strong.Recommendation, new[] { HireRecommendation.StrongHire, HireRecommendation.Hire });
        Assert.Equal(HireRecommendation.StrongNoHire, weak.Recommendation);
    }

    [Fact]
    public void Every_dimension_quotes_candidate_turns_with_their_index_speaker_and_words()
    {
        var turns = Transcripts.Strong();
        var assessment = OfflineInterviewEvaluator.Evaluate(Transcripts.Input(turns));

        Assert.All(assessment.Dimensions, d =>
        {
            Assert.NotEmpty(d.Evidence);
            Assert.All(d.Evidence, q =>
            {
                Assert.Equal(TranscriptRole.Candidate, turns[q.Turn].Role);
                Assert.Equal(turns[q.Turn].Speaker, q.Speaker);
                Assert.Contains(q.Text.TrimEnd('…'), turns[q.Turn].Text, StringComparison.Ordinal);
            });
        });
        var technical = assessment.Dimensions.Single(d => d.Dimension == EvaluationDimension.Technical);
        Assert.Contains(technical.Evidence, q => q.Text.Contains("trade-off", StringComparison.Ordinal) || q.Text.Contains("O(n)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_input_gives_the_same_assessment_and_hash_and_a_changed_turn_changes_the_hash()
    {
        var input = Transcripts.Input(Transcripts.Strong());
        var first = System.Text.Json.JsonSerializer.Serialize(OfflineInterviewEvaluator.Evaluate(input));
        var second = System.Text.Json.JsonSerializer.Serialize(OfflineInterviewEvaluator.Evaluate(input with { Topics = [.. Transcripts.Topics.Reverse()] }));

        Assert.Equal(first, second);
        var assessment = OfflineInterviewEvaluator.Evaluate(input);
        Assert.Matches("^[0-9a-f]{64}$", assessment.InputHash);
        Assert.Equal("offline", assessment.Engine);
        Assert.Equal("none", assessment.PromptVersion);
        Assert.Equal(EvaluationRubric.Version, assessment.RubricVersion);
        Assert.Null(assessment.Model);
        var changed = input with { Turns = [.. input.Turns.Take(5), input.Turns[5] with { Text = input.Turns[5].Text + " Done." }] };
        Assert.NotEqual(assessment.InputHash, OfflineInterviewEvaluator.InputHash(changed));
        Assert.Equal(assessment.InputHash, OfflineInterviewEvaluator.InputHash(input with { Turns = [.. input.Turns.Select(t => t with { Text = t.Text.Replace(". ", ".\r\n", StringComparison.Ordinal) == t.Text ? "  " + t.Text + "\r\n" : t.Text })] }));
    }

    [Fact]
    public void A_star_story_is_recognised_and_named_as_a_strength_and_a_story_without_a_result_is_a_weakness()
    {
        IReadOnlyList<TranscriptTurn> Story(string answer) =>
        [
            new(Transcripts.Interviewer, TranscriptRole.Interviewer, "Tell me about a time you handled a conflict."),
            new(Transcripts.Candidate, TranscriptRole.Candidate, answer),
        ];
        var star = OfflineInterviewEvaluator.Evaluate(Transcripts.Input(Story(Transcripts.StrongStar), "behavioral", []));
        var noResult = OfflineInterviewEvaluator.Evaluate(Transcripts.Input(Story(
            "At my last company two of my colleagues disagreed about a schema change and it blocked the release for a week. " +
            "My task was to unblock it. I met each of them and I wrote down both proposals and I shared a comparison with the team."), "behavioral", []));

        Assert.Contains(star.Strengths, s => s.StartsWith("Told stories in STAR form", StringComparison.Ordinal) && s.Contains("turn 1:", StringComparison.Ordinal));
        Assert.DoesNotContain(noResult.Strengths, s => s.StartsWith("Told stories in STAR form", StringComparison.Ordinal));
        Assert.Contains(noResult.Weaknesses, w => w.Contains("stated no result", StringComparison.Ordinal) && w.Contains("handled a conflict", StringComparison.Ordinal));
        var noStar = OfflineInterviewEvaluator.Evaluate(Transcripts.Input(Story(
            "Conflicts happen on every team and I believe that talking openly is the most important thing, so I always try to keep communication open with everyone."), "behavioral", []));
        Assert.Contains("0 of 1 behavioural answers had at least 3 STAR parts", noStar.Dimensions[0].Rationale, StringComparison.Ordinal);
        Assert.True(Score(star, EvaluationDimension.Communication) > Score(noStar, EvaluationDimension.Communication));
    }

    [Fact]
    public void Numbers_earn_credit_and_are_quoted()
    {
        IReadOnlyList<TranscriptTurn> Answer(string text) =>
        [
            new("Q", TranscriptRole.Interviewer, "How did the migration go?"),
            new("A", TranscriptRole.Candidate, text),
        ];
        var withNumbers = OfflineInterviewEvaluator.Evaluate(Transcripts.Input(Answer(
            "I moved 40 services to the new cluster over 6 weeks and cut hosting cost by 35% while keeping error rates flat for all customers."), topics: []));
        var without = OfflineInterviewEvaluator.Evaluate(Transcripts.Input(Answer(
            "I moved the services to the new cluster over several weeks and cut hosting cost quite a lot while keeping error rates flat for all customers."), topics: []));

        Assert.True(Score(withNumbers, EvaluationDimension.Technical) > Score(without, EvaluationDimension.Technical));
        Assert.True(Score(withNumbers, EvaluationDimension.DomainKnowledge) > Score(without, EvaluationDimension.DomainKnowledge));
        Assert.Contains(withNumbers.Strengths, s => s.StartsWith("Backed claims with numbers", StringComparison.Ordinal) && s.Contains("35%", StringComparison.Ordinal));
        Assert.Contains(without.Weaknesses, w => w.StartsWith("Gave no numbers", StringComparison.Ordinal));
    }

    [Fact]
    public void Hedging_lowers_confidence_and_is_named_with_the_phrases_used()
    {
        IReadOnlyList<TranscriptTurn> Answer(string text) =>
        [
            new("Q", TranscriptRole.Interviewer, "How would you cache the product catalogue?"),
            new("A", TranscriptRole.Candidate, text),
        ];
        var direct = OfflineInterviewEvaluator.Evaluate(Transcripts.Input(Answer(
            "I would put a read-through cache in front of the catalogue with a five minute expiry, because products change rarely and reads dominate by far."), topics: []));
        var hedged = OfflineInterviewEvaluator.Evaluate(Transcripts.Input(Answer(
            "I think maybe I would put some kind of cache in front of it, probably with an expiry, but I am not sure, perhaps it depends on the reads."), topics: []));

        Assert.True(Score(direct, EvaluationDimension.Confidence) > Score(hedged, EvaluationDimension.Confidence));
        var weakness = Assert.Single(hedged.Weaknesses, w => w.StartsWith("Hedged", StringComparison.Ordinal));
        Assert.Contains("\"i think\"", weakness, StringComparison.Ordinal);
        Assert.Contains("\"maybe\"", weakness, StringComparison.Ordinal);
        Assert.Contains(hedged.Dimensions.Single(d => d.Dimension == EvaluationDimension.Confidence).Evidence, q => q.Text.StartsWith("I think maybe", StringComparison.Ordinal));
    }

    [Fact]
    public void Topics_are_matched_through_the_skill_lexicon_and_missing_ones_are_named()
    {
        var assessment = OfflineInterviewEvaluator.Evaluate(Transcripts.Input(
        [
            new("Q", TranscriptRole.Interviewer, "Where have you run containers?"),
            new("A", TranscriptRole.Candidate, "I ran our services on K8s for two years, with Helm charts and a blue-green rollout that I designed myself."),
        ], topics: ["kubernetes", "terraform", "postgresql"]));

        var domain = assessment.Dimensions.Single(d => d.Dimension == EvaluationDimension.DomainKnowledge);
        Assert.Contains("Mentioned 1 of the role's 3 topics (kubernetes)", domain.Rationale, StringComparison.Ordinal);
        Assert.Contains("not mentioned: postgresql, terraform", domain.Rationale, StringComparison.Ordinal);
        Assert.Contains(domain.Evidence, q => q.Text.Contains("K8s", StringComparison.Ordinal));
    }

    [Fact]
    public void Topics_come_from_the_job_description_when_none_are_given()
    {
        var assessment = OfflineInterviewEvaluator.Evaluate(new EvaluationInput("technical", "Backend", null,
            "We are hiring a backend engineer with PostgreSQL and Kafka experience.", [],
            [new("Q", TranscriptRole.Interviewer, "Tell me about your stack."), new("A", TranscriptRole.Candidate, "I have run PostgreSQL for five years.")]));

        Assert.Contains(assessment.Notes, n => n.Contains("job description", StringComparison.Ordinal));
        Assert.Contains("Mentioned 1 of the role's 2 topics", assessment.Dimensions.Single(d => d.Dimension == EvaluationDimension.DomainKnowledge).Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_little_evidence_caps_the_recommendation_and_no_answers_gives_the_floor()
    {
        var brief = OfflineInterviewEvaluator.Evaluate(Transcripts.Input(
        [
            new("Q", TranscriptRole.Interviewer, "How would you find two numbers that add up to a target?"),
            new("A", TranscriptRole.Candidate, Transcripts.StrongAlgorithm),
        ], "algorithm", []));
        var none = OfflineInterviewEvaluator.Evaluate(Transcripts.Input([new("Q", TranscriptRole.Interviewer, "Hello?")]));

        Assert.Equal(HireRecommendation.NoHire, brief.Recommendation);
        Assert.Contains(brief.Notes, n => n.Contains("too little evidence", StringComparison.Ordinal));
        Assert.True(Score(brief, EvaluationDimension.Technical) >= 8);
        Assert.All(none.Dimensions, d => Assert.Equal(1, d.Score));
        Assert.Equal(HireRecommendation.StrongNoHire, none.Recommendation);
    }
}
