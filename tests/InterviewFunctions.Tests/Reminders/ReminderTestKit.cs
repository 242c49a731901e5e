using System.Net;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Reminders;

/// <summary>Reading the outbox and the plan through the API, and waiting for the background loops to catch up.</summary>
internal static class ReminderTestKit
{
    /// <summary>
    /// A generous limit for the in-process loops to react (CI runs on two shared cores); tests never wait for real
    /// offsets, and a condition that holds ends the wait at once.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<List<JsonObject>> OutboxAsync(this HttpClient admin, string interviewId, string? kind = null)
    {
        var url = $"/api/outbox?interviewId={interviewId}&pageSize=200" + (kind is null ? "" : $"&kind={kind}");
        using var response = await admin.GetAsync(url);
        await response.ExpectAsync(HttpStatusCode.OK);
        return [.. (await response.JsonAsync())["items"]!.AsArray().Select(i => i!.AsObject())];
    }

    public static async Task<JsonObject> PlanAsync(this HttpClient client, string interviewId)
    {
        using var response = await client.GetAsync($"/api/interviews/{interviewId}/reminders");
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    public static JsonObject Item(this JsonObject plan, string id) =>
        plan["items"]!.AsArray().Select(i => i!.AsObject()).Single(i => (string)i["id"]! == id);

    /// <summary>Polls until <paramref name="done"/> holds, failing with the last value seen if it never does.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Still waiting for {what}; last seen: {value}");
            }
            await Task.Delay(25);
        }
    }

    public static Task<List<JsonObject>> OutboxUntilAsync(this HttpClient admin, string interviewId, string kind, int count) =>
        UntilAsync(() => admin.OutboxAsync(interviewId, kind), items => items.Count >= count, $"{count} '{kind}' emails of {interviewId}");

    /// <summary>Recipients per email kind, e.g. <c>invitation: ada@example.com, bob@acme.test</c>.</summary>
    public static IEnumerable<string> Recipients(this IEnumerable<JsonObject> outbox) =>
        outbox.SelectMany(i => i["to"]!.AsArray().Select(t => (string)t!)).Order(StringComparer.Ordinal);
}
