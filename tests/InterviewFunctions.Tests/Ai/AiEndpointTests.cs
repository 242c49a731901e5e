using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using InterviewFunctions.App.Ai;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Ai;

/// <summary>
/// AzureOpenAI__Endpoint comes from infra (the account's endpoint plus <c>openai/v1/</c>) or from a person typing it,
/// with or without the final '/'. Either spelling must reach the same v1 paths.
/// </summary>
public sealed class AiEndpointTests
{
    private static readonly JsonTypeInfo<JsonObject> AnyObject = (JsonTypeInfo<JsonObject>)JsonSerializerOptions.Default.GetTypeInfo(typeof(JsonObject));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Chat_and_transcription_reach_the_v1_paths_whether_or_not_the_endpoint_ends_with_a_slash(bool trailingSlash)
    {
        await using var server = new FakeOpenAiServer(call => call.Path.EndsWith("/audio/transcriptions", StringComparison.Ordinal)
            ? FakeOpenAiServer.Transcript("hello")
            : FakeOpenAiServer.Chat(new JsonObject { ["ok"] = true }));
        var settings = AiSettings.For(server);
        settings["AzureOpenAI:Endpoint"] = trailingSlash ? server.Endpoint : server.Endpoint.TrimEnd('/');
        Assert.Equal(trailingSlash, settings["AzureOpenAI:Endpoint"]!.EndsWith('/'));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var services = new ServiceCollection().AddLogging().AddAi(configuration).BuildServiceProvider();

        var reply = await services.GetRequiredService<AiChat>().CompleteJsonAsync(
            "endpoint-test", "system", "user", "answer", """{"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"],"additionalProperties":false}""",
            AnyObject, CancellationToken.None);
        using var audio = new MemoryStream(Encoding.ASCII.GetBytes("RIFF-fake-audio"));
        var transcription = await services.GetRequiredService<ISpeechToText>().TranscribeAsync(audio, "answer.wav", CancellationToken.None);

        Assert.Null(reply.Failure);
        Assert.Equal("hello", transcription.Text);
        Assert.Equal(["/openai/v1/chat/completions", "/openai/v1/audio/transcriptions"], server.Requests.Select(r => r.Path));
    }
}
