using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Preparation.Mock;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Ai;

/// <summary>
/// The mock interview answers endpoint takes recordings of up to AzureOpenAI:MaxAudioBytes, far above the API's general
/// 256 KiB body limit, while its JSON answers stay within that limit: through the real app, against a fake transcription
/// service, and once over Kestrel, whose own body limit routing raises for this endpoint alone.
/// </summary>
public sealed class VoiceAnswerBodyLimitTests
{
    private const int GeneralLimit = 256 * 1024;
    private const int MaxAudioBytes = 4 * 1024 * 1024;

    /// <summary>Transcription only: no chat deployment, so the fake sees nothing but the recordings.</summary>
    private static Dictionary<string, string?> TranscriptionOnly(FakeOpenAiServer server)
    {
        var settings = AiSettings.For(server);
        settings["AzureOpenAI:ChatDeployment"] = null;
        return settings;
    }

    private static FakeOpenAiServer.Reply? Transcribe(FakeOpenAiServer.Received call) =>
        call.Path.EndsWith("/audio/transcriptions", StringComparison.Ordinal)
            ? FakeOpenAiServer.Transcript(MockConductorTests.NoResultStory)
            : FakeOpenAiServer.Error(404, "not_found");

    private static async Task<(HttpClient Client, string Id)> StartAsync(TestApp app)
    {
        var client = app.ClientFor(TestApp.AcmeCandidate);
        using var response = await client.PostJsonAsync("/api/mock-interviews", new JsonObject
        {
            ["kind"] = "behavioral", ["difficulty"] = "medium", ["persona"] = "helpful", ["questionCount"] = 2,
        });
        await response.ExpectAsync(HttpStatusCode.Created);
        return (client, (string)(await response.JsonAsync())["id"]!);
    }

    private static byte[] Recording(int bytes)
    {
        var recording = new byte[bytes];
        Encoding.ASCII.GetBytes("RIFF-fake-audio-").CopyTo(recording, 0);
        // Not all zeros, so that the check below sees the very bytes sent and not a run any truncation would match.
        for (var i = 16; i < bytes; i++)
        {
            recording[i] = (byte)('a' + i % 26);
        }
        return recording;
    }

    private static HttpContent AudioBody(byte[] recording, string mediaType = "audio/wav", bool chunked = false)
    {
        HttpContent content = chunked ? new ChunkedContent(recording) : new ByteArrayContent(recording);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private static StringContent JsonAnswer(int characters) =>
        new(new JsonObject { ["answer"] = new string('x', characters) }.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task AssertNothingRecordedAsync(HttpClient client, string id)
    {
        var stored = await (await client.GetAsync($"/api/mock-interviews/{id}")).JsonAsync();
        Assert.Null(stored["turns"]![0]!["answer"]);
    }

    [Fact]
    public async Task A_recording_above_the_general_body_limit_but_within_max_audio_bytes_is_transcribed()
    {
        await using var server = new FakeOpenAiServer(Transcribe);
        using var app = new TestApp(TranscriptionOnly(server));
        var (client, id) = await StartAsync(app);
        using (client)
        {
            var recording = Recording(GeneralLimit + 50_000);
            using var form = new MultipartFormDataContent { { AudioBody(recording, "audio/webm"), "audio", "recording.webm" } };

            using var response = await client.PostAsync($"/api/mock-interviews/{id}/answers", form);

            await response.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(MockConductorTests.NoResultStory, (string)(await response.JsonAsync())["assessed"]!["answer"]!);
            var sent = Assert.Single(server.Requests).Body;
            Assert.True(sent.AsSpan().IndexOf(recording) >= 0, "The whole recording reaches the transcription service.");
        }
    }

    [Fact]
    public async Task A_recording_body_above_the_general_limit_is_transcribed_too()
    {
        await using var server = new FakeOpenAiServer(Transcribe);
        using var app = new TestApp(TranscriptionOnly(server));
        var (client, id) = await StartAsync(app);
        using (client)
        {
            using var response = await client.PostAsync($"/api/mock-interviews/{id}/answers", AudioBody(Recording(MaxAudioBytes)));

            await response.ExpectAsync(HttpStatusCode.OK);
            Assert.True(Assert.Single(server.Requests).Body.Length > MaxAudioBytes);
        }
    }

    [Fact]
    public async Task A_recording_above_max_audio_bytes_is_413_whether_sent_as_the_body_or_in_a_form()
    {
        await using var server = new FakeOpenAiServer(Transcribe);
        using var app = new TestApp(TranscriptionOnly(server));
        var (client, id) = await StartAsync(app);
        using (client)
        {
            // Within the endpoint's allowance for framing, so the handler's own check answers.
            using var body = await client.PostAsync($"/api/mock-interviews/{id}/answers", AudioBody(Recording(MaxAudioBytes + 1)));
            Assert.Equal("The recording is too large", (string)(await body.ProblemAsync(HttpStatusCode.RequestEntityTooLarge))["title"]!);
            // Beyond the endpoint's limit, so it is refused before it is read.
            using var form = new MultipartFormDataContent { { AudioBody(Recording(MaxAudioBytes + 100_000), "audio/ogg"), "audio", "a.ogg" } };
            using var formResponse = await client.PostAsync($"/api/mock-interviews/{id}/answers", form);
            Assert.Contains("at most", (string)(await formResponse.ProblemAsync(HttpStatusCode.RequestEntityTooLarge))["detail"]!, StringComparison.Ordinal);

            Assert.Empty(server.Requests);
            await AssertNothingRecordedAsync(client, id);
        }
    }

    [Fact]
    public async Task A_json_answer_above_the_general_limit_is_still_413()
    {
        await using var server = new FakeOpenAiServer(Transcribe);
        using var app = new TestApp(TranscriptionOnly(server));
        var (client, id) = await StartAsync(app);
        using (client)
        {
            using var response = await client.PostAsync($"/api/mock-interviews/{id}/answers", JsonAnswer(GeneralLimit + 1000));

            var problem = await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
            Assert.Contains(GeneralLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)problem["detail"]!, StringComparison.Ordinal);
            await AssertNothingRecordedAsync(client, id);
        }
    }

    [Fact]
    public async Task A_json_answer_follows_the_configured_general_limit_not_the_audio_one()
    {
        await using var server = new FakeOpenAiServer(Transcribe);
        var settings = TranscriptionOnly(server);
        settings["Api:MaxRequestBodyBytes"] = "2000";
        using var app = new TestApp(settings);
        var (client, id) = await StartAsync(app);
        using (client)
        {
            using var tooLong = await client.PostAsync($"/api/mock-interviews/{id}/answers", JsonAnswer(3000));
            await tooLong.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
            await AssertNothingRecordedAsync(client, id);

            using var withinLimit = await client.PostAsync($"/api/mock-interviews/{id}/answers", new StringContent(
                new JsonObject { ["answer"] = MockConductorTests.NoResultStory }.ToJsonString(), Encoding.UTF8, "application/json"));
            await withinLimit.ExpectAsync(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Over_kestrel_chunked_bodies_meet_the_same_limits()
    {
        await using var server = new FakeOpenAiServer(Transcribe);
        using var app = new TestApp(TranscriptionOnly(server));
        // Without a declared length only the server's limit, raised by routing for this endpoint, and the handler stop a body.
        app.UseKestrel(0);
        var (client, id) = await StartAsync(app);
        using (client)
        {
            using var json = await client.PostAsync($"/api/mock-interviews/{id}/answers", new ChunkedContent(Encoding.UTF8.GetBytes(
                new JsonObject { ["answer"] = new string('x', GeneralLimit + 1000) }.ToJsonString()), "application/json"));
            await json.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

            var recording = Recording(GeneralLimit + 50_000);
            using var audio = await client.PostAsync($"/api/mock-interviews/{id}/answers", AudioBody(recording, chunked: true));
            await audio.ExpectAsync(HttpStatusCode.OK);
            Assert.True(Assert.Single(server.Requests).Body.AsSpan().IndexOf(recording) >= 0);

            // Elsewhere the general limit still holds over Kestrel.
            var interview = ApiCalls.NewInterviewBody();
            interview["notes"] = new string('x', GeneralLimit + 1000);
            using var recruiter = app.ClientFor(TestApp.AcmeRecruiter);
            using var other = await recruiter.PostAsync("/api/interviews", new ChunkedContent(Encoding.UTF8.GetBytes(interview.ToJsonString()), "application/json"));
            await other.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        }
    }

    /// <summary>A body sent without Content-Length (chunked), as a streaming recorder would send it.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes, string? mediaType = null)
        {
            _bytes = bytes;
            if (mediaType is not null)
            {
                Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
