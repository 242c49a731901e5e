using System.Text.Json.Nodes;
using InterviewFunctions.App.Ai;
using InterviewFunctions.Core.Evaluation;
using InterviewFunctions.Tests.Evaluation;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Ai;

/// <summary>The AI evaluator over the real offline evaluator, against a fake chat-completions service.</summary>
public sealed class AiEvaluatorTests
{
    private static readonly EvaluationInput Input = Transcripts.Input(Transcripts.Strong());
    private static readonly EvaluationAssessment Offline = OfflineInterviewEvaluator.Evaluate(Input);

    private static JsonObject Dimension(string name, int score, params (int Turn, string Text)[] evidence) => new()
    {
        ["dimension"] = name,
        ["score"] = score,
        ["rationale"] = $"Judged {name}.",
        ["evidence"] = new JsonArray([.. evidence.Select(e => new JsonObject { ["turn"] = e.Turn, ["text"] = e.Text })]),
    };

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static int ScoreOf(EvaluationAssessment assessment, EvaluationDimension dimension) => assessment.Dimensions.Single(d => d.Dimension == dimension).Score;

    [Fact]
    public async Task Evidenced_ai_scores_are_combined_within_two_points_and_invented_quotes_are_ignored()
    {
        await using var server = new FakeOpenAiServer(_ => FakeOpenAiServer.Chat(new JsonObject
        {
            ["dimensions"] = new JsonArray(
                // Real words of the candidate's first answer (turn 1), with different case and spacing.
                Dimension("communication", 1, (1, "i profiled the service,  found an N+1 query against PostgreSQL")),
                // Words nobody said, and real words attributed to the interviewer's turn: neither counts.
                Dimension("technical", 1, (1, "I rewrote the Linux kernel scheduler"), (0, "Tell me about a time you fixed a performance problem.")),
                Dimension("overall", 1)),
            ["strengths"] = new JsonArray("Explains the root cause of a latency problem before the fix"),
            ["weaknesses"] = new JsonArray(),
            ["summary"] = "Solid.",
        }));
        using var services = AiServices.Build(server, s => s.AddSingleton<IInterviewEvaluator, OfflineInterviewEvaluator>());
        var evaluator = services.GetRequiredService<IInterviewEvaluator>();
        Assert.IsType<AiInterviewEvaluator>(evaluator);

        var result = await evaluator.EvaluateAsync(Input, CancellationToken.None);

        Assert.Equal("ai+offline", result.Engine);
        Assert.Equal(AiSettings.ChatDeployment, result.Model);
        Assert.Equal(AiInterviewEvaluator.PromptVersion, result.PromptVersion);
        Assert.Equal(Offline.RubricVersion, result.RubricVersion);
        Assert.Equal(Offline.InputHash, result.InputHash);
        var offlineCommunication = ScoreOf(Offline, EvaluationDimension.Communication);
        Assert.Equal(Math.Max(1, Math.Max(offlineCommunication - 2, (int)Math.Round((offlineCommunication + 1) / 2.0, MidpointRounding.AwayFromZero))),
            ScoreOf(result, EvaluationDimension.Communication));
        Assert.Contains(result.Dimensions.Single(d => d.Dimension == EvaluationDimension.Communication).Evidence, q => q.Turn == 1 && q.Speaker == Transcripts.Candidate && q.Text.Contains("N+1", StringComparison.Ordinal));
        Assert.Equal(ScoreOf(Offline, EvaluationDimension.Technical), ScoreOf(result, EvaluationDimension.Technical));
        Assert.Equal(Json(Offline.Dimensions.Single(d => d.Dimension == EvaluationDimension.Technical)), Json(result.Dimensions.Single(d => d.Dimension == EvaluationDimension.Technical)));
        Assert.Equal(AiInterviewEvaluator.Combine(ScoreOf(Offline, EvaluationDimension.Overall), 1), ScoreOf(result, EvaluationDimension.Overall));
        Assert.Equal(Offline.Recommendation, result.Recommendation);
        Assert.Contains("Explains the root cause of a latency problem before the fix (AI)", result.Strengths);
        Assert.Contains(result.Notes, n => n.StartsWith("2 AI quote(s) did not occur", StringComparison.Ordinal));

        var call = Assert.Single(server.Requests);
        Assert.Equal("json_schema", (string)call.Json["response_format"]!["type"]!);
        Assert.True((bool)call.Json["response_format"]!["json_schema"]!["strict"]!);
        Assert.Contains("[turn 1] Ada Lovelace (candidate): " + Transcripts.StrongStar, AiServices.UserPrompt(call), StringComparison.Ordinal);
        Assert.StartsWith("<data name=\"transcript\">", AiServices.UserPrompt(call).Split("Topics the role asks for")[1].Split('\n', 2)[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Combined_scores_stay_within_two_points_of_the_offline_score_and_within_one_to_ten()
    {
        Assert.Equal(7, AiInterviewEvaluator.Combine(5, 10));
        Assert.Equal(3, AiInterviewEvaluator.Combine(5, 1));
        Assert.Equal(6, AiInterviewEvaluator.Combine(5, 6));
        Assert.Equal(10, AiInterviewEvaluator.Combine(10, 99));
        Assert.Equal(1, AiInterviewEvaluator.Combine(1, -4));
    }

    [Theory]
    [InlineData(500, "status 500")]
    [InlineData(429, "throttling")]
    [InlineData(200, "not valid JSON")]
    public async Task A_failed_ai_call_leaves_the_offline_evaluation_with_a_note(int status, string noted)
    {
        await using var server = new FakeOpenAiServer(_ => status == 200 ? FakeOpenAiServer.Chat("Sure! Here is my evaluation: great candidate.") : FakeOpenAiServer.Error(status));
        using var services = AiServices.Build(server, s => s.AddSingleton<IInterviewEvaluator, OfflineInterviewEvaluator>());

        var result = await services.GetRequiredService<IInterviewEvaluator>().EvaluateAsync(Input, CancellationToken.None);

        Assert.Equal("offline", result.Engine);
        Assert.Equal(Json(Offline.Dimensions), Json(result.Dimensions));
        Assert.Equal(Offline.Recommendation, result.Recommendation);
        Assert.Contains(noted, result.Notes[^1], StringComparison.Ordinal);
        Assert.EndsWith("the offline result stands.", result.Notes[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_that_does_not_answer_within_the_timeout_leaves_the_offline_evaluation()
    {
        await using var server = new FakeOpenAiServer(_ => null);
        using var services = AiServices.Build(server, s => s.AddSingleton<IInterviewEvaluator, OfflineInterviewEvaluator>(), timeoutSeconds: 0.5);

        var result = await services.GetRequiredService<IInterviewEvaluator>().EvaluateAsync(Input, CancellationToken.None);

        Assert.Equal("offline", result.Engine);
        Assert.Equal(Json(Offline.Dimensions), Json(result.Dimensions));
        Assert.Contains("did not answer within 0.5 s", result.Notes[^1], StringComparison.Ordinal);
    }
}
