using System.Net;
using System.Text.Json.Nodes;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Tests.Calendar;
using InterviewFunctions.Tests.Reminders;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace InterviewFunctions.Tests.Triggers;

/// <summary><c>AzureWebJobs.&lt;FunctionName&gt;.Disabled</c>, the host's switch, stops a trigger standalone too, and loses nothing.</summary>
public sealed class FunctionSwitchTests
{
    private const string Secret = "whsec_switch_0123456789";

    [Theory]
    [InlineData("AzureWebJobs.CalendarEvents.Disabled", "true", true)]
    [InlineData("AzureWebJobs.CalendarEvents.Disabled", "True", true)]
    [InlineData("AzureWebJobs.CalendarEvents.Disabled", "1", true)]
    [InlineData("AzureWebJobs:CalendarEvents:Disabled", "true", true)]
    [InlineData("AzureWebJobs.CalendarEvents.Disabled", "false", false)]
    [InlineData("AzureWebJobs.CalendarEvents.Disabled", "0", false)]
    [InlineData("AzureWebJobs.SendReminder.Disabled", "true", false)]
    public void The_switch_is_read_in_the_hosts_form_and_the_nested_form(string key, string value, bool disabled)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        Assert.Equal(disabled, FunctionSwitches.IsDisabled(configuration, "CalendarEvents"));
    }

    [Fact]
    public async Task Deliveries_queued_while_the_queue_function_is_switched_off_are_applied_once_it_runs_again()
    {
        var dataDirectory = RepoPaths.NewTempDirectory("if-switch");
        try
        {
            var body = BookingWebhookTests.Fixture("calcom-booking-created.json");
            using (var stopped = new TestApp(new Dictionary<string, string?> { ["AzureWebJobs.CalendarEvents.Disabled"] = "true" }, dataDirectory: dataDirectory))
            {
                var admin = stopped.ClientFor(TestApp.AcmeAdmin);
                using var created = await admin.PostJsonAsync("/api/calendar/connections", CalendarConnectionsApiTests.CalcomConnectionBody(Secret));
                await created.ExpectAsync(HttpStatusCode.Created);
                var connection = (string)(await created.JsonAsync())["id"]!;
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/calcom?connection={connection}") { Content = new ByteArrayContent(body) };
                request.Headers.TryAddWithoutValidation("X-Cal-Signature-256", BookingWebhookTests.Hmac(Secret, body));

                using var delivered = await stopped.CreateClient().SendAsync(request);

                await delivered.ExpectAsync(HttpStatusCode.Accepted);
                // A running listener takes an in-process message within milliseconds; give it far longer to show it does not.
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                Assert.Equal(1, await BacklogAsync(admin));
                Assert.Empty(await admin.ListItemsAsync("/api/interviews?pageSize=200"));
            }

            using var running = new TestApp(dataDirectory: dataDirectory);
            var client = running.ClientFor(TestApp.AcmeAdmin);
            var interviews = await ReminderTestKit.UntilAsync(() => client.ListItemsAsync("/api/interviews?pageSize=200"), i => i.Count == 1, "the queued booking's interview");
            Assert.Equal(TestApp.AdaEmail, (string)interviews[0]!["candidate"]!["email"]!);
            // The message is deleted once its handler returns, a moment after the interview is written.
            await ReminderTestKit.UntilAsync(() => BacklogAsync(client), count => count == 0, "the queue to be empty");
        }
        finally
        {
            RepoPaths.DeleteQuietly(dataDirectory);
        }
    }

    private static async Task<int> BacklogAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("/api/queues");
        await response.ExpectAsync(HttpStatusCode.OK);
        var queues = (await response.JsonAsync())["queues"]!.AsArray();
        return (int)queues.Single(q => (string)q!["function"]! == "CalendarEvents")!["approximateMessageCount"]!;
    }
}
