using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using InterviewFunctions.App;
using InterviewFunctions.App.Files;
using InterviewFunctions.App.Ai;
using InterviewFunctions.App.Calendar;
using InterviewFunctions.App.Preparation;
using InterviewFunctions.App.Reminders;
using InterviewFunctions.App.Storage;
using InterviewFunctions.App.Storage.Cosmos;
using InterviewFunctions.App.Queues;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Hosting;

public sealed class SettingsDocumentationTests
{
    [Fact]
    public void The_settings_example_lists_every_option_key()
    {
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.json.example")))!["Values"]!.AsObject();
        // Every options class that binds a configuration section, found rather than listed, so a new one cannot be missed.
        var sections = typeof(StorageOptions).Assembly.GetTypes()
            .Select(t => (Type: t, Section: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(o => o.Section is not null && o.Type.Name.EndsWith("Options", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(sections, o => o.Type == typeof(AiOptions));
        var expected = sections.SelectMany(o => Keys(o.Section!, o.Type))
            .Concat(Keys("Auth__ApiKeys__0", typeof(ApiKeyOptions)))
            .Append("Reminders__Tenants__acme__technical")
            // What the Functions host's queue triggers connect with (their connection is "QueueStorage").
            .Append($"{TriggerInvocations.QueueConnection}__queueServiceUri")
            .Append("FUNCTIONS_WORKER_RUNTIME");

        Assert.DoesNotContain(expected, k => !example.ContainsKey(k));
        Assert.Equal("custom", (string)example["FUNCTIONS_WORKER_RUNTIME"]!);
    }

    [Fact]
    public void The_queue_settings_in_the_example_bind_to_the_defaults()
    {
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.json.example")))!["Values"]!.AsObject();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(example.Select(p => KeyValuePair.Create(p.Key.Replace("__", ":", StringComparison.Ordinal), (string?)p.Value)))
            .Build();

        var bound = configuration.GetSection(QueueOptions.Section).Get<QueueOptions>()!;

        // Empty strings stand for "not set", which the adapter choice treats alike.
        Assert.Equivalent(new QueueOptions { ConnectionString = "", ServiceUri = "" }, bound);
        bound.Validate();
    }

    /// <summary>
    /// A section's keys: its settable properties, nested option classes as sub-sections. Lists and maps (API keys, tenant
    /// tables) have no fixed keys; the test names one example entry of each.
    /// </summary>
    private static IEnumerable<string> Keys(string section, Type options) =>
        options.GetProperties().Where(p => p.CanWrite).SelectMany(p =>
            p.PropertyType.Name.EndsWith("Options", StringComparison.Ordinal) ? Keys($"{section}__{p.Name}", p.PropertyType)
            : p.PropertyType != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(p.PropertyType) ? []
            : [$"{section}__{p.Name}"]);
}
