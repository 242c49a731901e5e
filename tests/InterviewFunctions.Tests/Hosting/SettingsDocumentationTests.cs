using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using InterviewFunctions.App;
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
        var expected = Keys(StorageOptions.Section, typeof(StorageOptions))
            .Concat(Keys(CosmosOptions.Section, typeof(CosmosOptions)))
            .Concat(Keys(ApiOptions.Section, typeof(ApiOptions)))
            .Concat(Keys(QuestionBankOptions.Section, typeof(QuestionBankOptions)))
            .Concat(Keys(AuthOptions.Section, typeof(AuthOptions)).Where(k => k != "Auth__ApiKeys"))
            .Concat(Keys("Auth__ApiKeys__0", typeof(ApiKeyOptions)))
            .Concat(Keys(QueueOptions.Section, typeof(QueueOptions)))
            .Concat(Keys(MockInterviewOptions.Section, typeof(MockInterviewOptions)))
            .Concat(Keys(CalendarFeedOptions.Section, typeof(CalendarFeedOptions)))
            .Concat(Keys(CalendarImportOptions.Section, typeof(CalendarImportOptions)))
            .Concat(Keys(ReminderOptions.Section, typeof(ReminderOptions)).Where(k => k != "Reminders__Tenants"))
            .Append("Reminders__Tenants__acme__technical")
            .Concat(Keys(CalendarOptions.Section, typeof(CalendarOptions)))
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

    private static IEnumerable<string> Keys(string section, Type options) =>
        options.GetProperties().Where(p => p.CanWrite).Select(p => $"{section}__{p.Name}");
}
