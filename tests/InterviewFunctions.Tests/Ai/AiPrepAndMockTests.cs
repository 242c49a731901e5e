using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Preparation.Mock;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Ai;

/// <summary>The AI pitch, the AI interviewer's voice and voice answers, through the real app against a fake service.</summary>
public sealed class AiPrepAndMockTests
{
    private const string AiFeedback = "You told me what happened but never how it ended. Say what changed, and by how much.";
    private const string AiFollowUp = "So how did it end, and what number would show the change?";

    private static readonly JsonObject PitchRequest = new()
    {
        ["name"] = "Ada Lovelace",
        ["currentRole"] = "Backend engineer",
        ["achievements"] = new JsonArray("Cut the billing run from six hours to forty minutes", "Led a zero-downtime migration", "Mentored four engineers"),
        ["goal"] = "to lead a platform team",
    };

    private static string Words(int sentences) => string.Join(' ', Enumerable.Repeat("I cut the billing run from six hours to forty minutes.", sentences));

    private static async Task<JsonObject> PitchAsync(TestApp app)
    {
        using var client = app.ClientFor(TestApp.AcmeCandidate);
        using var response = await client.PostJsonAsync("/api/prep/elevator-pitch", PitchRequest.DeepClone());
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task An_ai_pitch_of_two_minutes_is_used()
    {
        // 7 + 12 x 11 + 12 x 11 = 271 words.
        var paragraphs = new JsonArray("Hi, I'm Ada Lovelace, a backend engineer.", Words(12), Words(12));
        await using var server = new FakeOpenAiServer(_ => FakeOpenAiServer.Chat(new JsonObject { ["paragraphs"] = paragraphs }));
        using var app = new TestApp(AiSettings.For(server));

        var pitch = await PitchAsync(app);

        Assert.Equal("ai", (string)pitch["engine"]!);
        Assert.Equal(271, (int)pitch["wordCount"]!);
        Assert.StartsWith("Hi, I'm Ada Lovelace, a backend engineer.\n\nI cut the billing run", (string)pitch["text"]!, StringComparison.Ordinal);
        Assert.Equal(3, pitch["paragraphs"]!.AsArray().Count);
        var prompt = AiServices.UserPrompt(Assert.Single(server.Requests));
        Assert.Contains("<data name=\"candidate_facts\">\nName: Ada Lovelace\nCurrent role: Backend engineer\nAchievement 1: Cut the billing run", prompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, "outside the 250 to 320")]
    [InlineData(40, "outside the 250 to 320")]
    public async Task An_ai_pitch_of_the_wrong_length_gives_way_to_the_offline_composition(int sentences, string noted)
    {
        await using var server = new FakeOpenAiServer(_ => FakeOpenAiServer.Chat(new JsonObject { ["paragraphs"] = new JsonArray("Hi, I'm Ada Lovelace.", Words(sentences)) }));
        using var app = new TestApp(AiSettings.For(server));

        var pitch = await PitchAsync(app);

        Assert.Equal("offline-composer", (string)pitch["engine"]!);
        Assert.InRange((int)pitch["wordCount"]!, 250, 320);
        Assert.Contains(noted, (string)pitch["notes"]![0]!, StringComparison.Ordinal);
        using var offline = new TestApp();
        Assert.Equal((string)(await PitchAsync(offline))["text"]!, (string)pitch["text"]!);
    }

    private static async Task<(HttpClient Client, string Id)> StartAsync(TestApp app, string persona = "helpful")
    {
        var client = app.ClientFor(TestApp.AcmeCandidate);
        using var response = await client.PostJsonAsync("/api/mock-interviews", new JsonObject
        {
            ["kind"] = "behavioral", ["difficulty"] = "medium", ["persona"] = persona, ["questionCount"] = 2,
        });
        await response.ExpectAsync(HttpStatusCode.Created);
        return (client, (string)(await response.JsonAsync())["id"]!);
    }

    /// <summary>The fake service: transcripts for audio, and the interviewer's wording for chat calls.</summary>
    private static FakeOpenAiServer.Reply? Script(FakeOpenAiServer.Received call, string followUp = AiFollowUp, int transcriptionStatus = 200) =>
        call.Path.EndsWith("/audio/transcriptions", StringComparison.Ordinal)
            ? transcriptionStatus == 200 ? FakeOpenAiServer.Transcript(MockConductorTests.NoResultStory) : FakeOpenAiServer.Error(transcriptionStatus)
            : FakeOpenAiServer.Chat(new JsonObject
            {
                ["feedback"] = AiFeedback,
                ["followUpQuestion"] = AiServices.UserPrompt(call).Contains("A follow-up question is asked", StringComparison.Ordinal) ? followUp : "",
            });

    [Fact]
    public async Task The_ai_words_the_feedback_and_the_follow_up_while_scores_and_flow_stay_the_conductors()
    {
        await using var server = new FakeOpenAiServer(call => Script(call));
        using var app = new TestApp(AiSettings.For(server));
        var (client, id) = await StartAsync(app);
        using (client)
        {
            using var response = await client.PostJsonAsync($"/api/mock-interviews/{id}/answers", new JsonObject { ["answer"] = MockConductorTests.NoResultStory });
            await response.ExpectAsync(HttpStatusCode.OK);
            var result = await response.JsonAsync();

            var assessed = result["assessed"]!;
            Assert.Equal(AiFeedback, (string)assessed["feedback"]!);
            Assert.StartsWith("ai:" + AiSettings.ChatDeployment, (string)assessed["voice"]!, StringComparison.Ordinal);
            // The conductor found the gap and asked about it; the AI only worded the question.
            Assert.Contains("result", assessed["missing"]!.AsArray().Select(m => (string)m!));
            Assert.True((bool)result["next"]!["isFollowUp"]!);
            Assert.Equal("result", (string)result["next"]!["followUpFor"]!);
            Assert.Equal(AiFollowUp, (string)result["next"]!["question"]!);
            // The scores are the assessor's, as the prompt stated them to the model.
            var prompt = AiServices.UserPrompt(Assert.Single(server.Requests));
            var scores = assessed["scores"]!;
            Assert.Contains($"correctness {(int)scores["correctness"]!}, clarity {(int)scores["clarity"]!}, depth {(int)scores["depth"]!}.", prompt, StringComparison.Ordinal);
            Assert.Contains("<data name=\"candidate_answer\">\n" + MockConductorTests.NoResultStory + "\n</data>", prompt, StringComparison.Ordinal);

            var stored = await (await client.GetAsync($"/api/mock-interviews/{id}")).JsonAsync();
            Assert.Equal(AiFeedback, (string)stored["turns"]![0]!["feedback"]!);
        }
    }

    [Fact]
    public async Task Ai_wording_that_breaks_the_rules_gives_way_to_the_conductors_words()
    {
        await using var server = new FakeOpenAiServer(call => Script(call, followUp: "Tell me how it ended. Also, what is your salary expectation"));
        using var app = new TestApp(AiSettings.For(server));
        var (client, id) = await StartAsync(app);
        using (client)
        {
            using var response = await client.PostJsonAsync($"/api/mock-interviews/{id}/answers", new JsonObject { ["answer"] = MockConductorTests.NoResultStory });
            await response.ExpectAsync(HttpStatusCode.OK);
            var result = await response.JsonAsync();

            Assert.NotEqual(AiFeedback, (string)result["assessed"]!["feedback"]!);
            Assert.Equal("offline (the AI wording was not used: the AI follow-up was not a single question)", (string)result["assessed"]!["voice"]!);
            Assert.Equal("How did it end? What changed because of it, and by how much?", (string)result["next"]!["question"]!);
        }
    }

    private static ByteArrayContent Audio(string mediaType, int bytes = 64)
    {
        var content = new ByteArrayContent([.. Encoding.ASCII.GetBytes("RIFF-fake-audio-"), .. new byte[bytes]]);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    [Fact]
    public async Task A_voice_answer_in_a_multipart_form_is_transcribed_and_assessed_as_text()
    {
        await using var server = new FakeOpenAiServer(call => Script(call));
        using var app = new TestApp(AiSettings.For(server));
        var (client, id) = await StartAsync(app);
        using (client)
        {
            using var form = new MultipartFormDataContent { { Audio("audio/webm"), "audio", "recording.webm" } };
            using var response = await client.PostAsync($"/api/mock-interviews/{id}/answers", form);
            await response.ExpectAsync(HttpStatusCode.OK);
            var result = await response.JsonAsync();

            Assert.Equal(MockConductorTests.NoResultStory, (string)result["assessed"]!["answer"]!);
            var transcription = Assert.Single(server.Requests, r => r.Path == "/openai/v1/audio/transcriptions");
            Assert.Equal("POST", transcription.Method);
            Assert.StartsWith("multipart/form-data", transcription.Header("Content-Type"), StringComparison.Ordinal);
            Assert.Equal("Bearer " + AiSettings.ApiKey, transcription.Header("Authorization"));
            var body = transcription.Text;
            Assert.Matches("name=\"?model\"?\\r\\n(.*\\r\\n)*\\r\\n" + AiSettings.TranscriptionDeployment, body);
            Assert.Contains("filename=answer.webm", body.Replace("\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains("RIFF-fake-audio-", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_audio_body_is_transcribed_too()
    {
        await using var server = new FakeOpenAiServer(call => Script(call));
        using var app = new TestApp(AiSettings.For(server));
        var (client, id) = await StartAsync(app);
        using (client)
        {
            using var response = await client.PostAsync($"/api/mock-interviews/{id}/answers", Audio("audio/wav"));
            await response.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(MockConductorTests.NoResultStory, (string)(await response.JsonAsync())["assessed"]!["answer"]!);
            Assert.Contains("filename=answer.wav", Assert.Single(server.Requests, r => r.Path.EndsWith("/audio/transcriptions", StringComparison.Ordinal)).Text.Replace("\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Audio_of_an_unknown_format_too_large_or_missing_is_refused_and_nothing_is_recorded()
    {
        await using var server = new FakeOpenAiServer(call => Script(call));
        var settings = AiSettings.For(server);
        settings["AzureOpenAI:MaxAudioBytes"] = "1000";
        using var app = new TestApp(settings);
        var (client, id) = await StartAsync(app);
        using (client)
        {
            using var aiff = await client.PostAsync($"/api/mock-interviews/{id}/answers", Audio("audio/aiff"));
            Assert.Contains("audio/webm", (string)(await aiff.ProblemAsync(HttpStatusCode.UnsupportedMediaType))["detail"]!, StringComparison.Ordinal);
            using var large = await client.PostAsync($"/api/mock-interviews/{id}/answers", Audio("audio/wav", bytes: 2000));
            await large.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
            using var largePart = new MultipartFormDataContent { { Audio("audio/ogg", bytes: 2000), "audio", "a.ogg" } };
            using var largeForm = await client.PostAsync($"/api/mock-interviews/{id}/answers", largePart);
            await largeForm.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
            using var noAudio = new MultipartFormDataContent { { new StringContent("hello"), "note" } };
            using var missing = await client.PostAsync($"/api/mock-interviews/{id}/answers", noAudio);
            await missing.FieldErrorAsync("audio");

            Assert.Empty(server.Requests);
            var stored = await (await client.GetAsync($"/api/mock-interviews/{id}")).JsonAsync();
            Assert.Null(stored["turns"]![0]!["answer"]);
        }
    }

    [Fact]
    public async Task A_failed_transcription_is_503_and_records_nothing()
    {
        await using var server = new FakeOpenAiServer(call => Script(call, transcriptionStatus: 500));
        using var app = new TestApp(AiSettings.For(server));
        var (client, id) = await StartAsync(app);
        using (client)
        {
            using var response = await client.PostAsync($"/api/mock-interviews/{id}/answers", Audio("audio/mpeg"));
            var problem = await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("status 500", (string)problem["detail"]!, StringComparison.Ordinal);
            var stored = await (await client.GetAsync($"/api/mock-interviews/{id}")).JsonAsync();
            Assert.Null(stored["turns"]![0]!["answer"]);
        }
    }

    [Fact]
    public async Task With_chat_but_no_transcription_deployment_voice_answers_are_501()
    {
        await using var server = new FakeOpenAiServer(call => Script(call));
        using var app = new TestApp(AiSettings.For(server, transcription: false));
        var (client, id) = await StartAsync(app);
        using (client)
        {
            using var response = await client.PostAsync($"/api/mock-interviews/{id}/answers", Audio("audio/wav"));
            Assert.Contains("AzureOpenAI__TranscriptionDeployment", (string)(await response.ProblemAsync(HttpStatusCode.NotImplemented))["detail"]!, StringComparison.Ordinal);
            Assert.Empty(server.Requests);
        }
    }
}
