using System.Text.Json.Nodes;
using InterviewFunctions.App;
using InterviewFunctions.App.Storage;
using InterviewFunctions.App.Storage.Cosmos;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Hosting;

public sealed class SettingsDocumentationTests
{
    [Fact]
    public void The_settings_example_lists_every_option_key()
    {
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.json.example")))!["Values"]!.AsObject();
        var expected = Keys(StorageOptions.Section, typeof(StorageOptions))
            .Concat(Keys(CosmosOptions.Section, typeof(CosmosOptions)))
            .Concat(Keys(ApiOptions.Section, typeof(ApiOptions)))
            .Concat(Keys(AuthOptions.Section, typeof(AuthOptions)).Where(k => k != "Auth__ApiKeys"))
            .Concat(Keys("Auth__ApiKeys__0", typeof(ApiKeyOptions)))
            .Append("FUNCTIONS_WORKER_RUNTIME");

        Assert.DoesNotContain(expected, k => !example.ContainsKey(k));
        Assert.Equal("custom", (string)example["FUNCTIONS_WORKER_RUNTIME"]!);
    }

    private static IEnumerable<string> Keys(string section, Type options) =>
        options.GetProperties().Where(p => p.CanWrite).Select(p => $"{section}__{p.Name}");
}
