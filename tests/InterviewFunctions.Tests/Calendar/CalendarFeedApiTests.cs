using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using InterviewFunctions.Core.Calendar.Feeds;
using InterviewFunctions.Core.Calendar.Import;
using Microsoft.Extensions.DependencyInjection;
using InterviewFunctions.Tests.Support;
using NodaTime;

namespace InterviewFunctions.Tests.Calendar;

public sealed class CalendarFeedApiTests : IDisposable
{
    private const string GraceEmail = "grace@example.com";
    private readonly TestApp _app = new();

    public void Dispose() => _app.Dispose();

    private static readonly IcsParseOptions ReadBack = new(DateTimeZone.Utc, Instant.FromUtc(2026, 1, 1, 0, 0), Instant.FromUtc(2028, 1, 1, 0, 0));

    private async Task<(string Id, string Secret, string FeedUrl)> NewTokenAsync(string apiKey, JsonObject? body = null)
    {
        using var response = await _app.ClientFor(apiKey).PostJsonAsync("/api/calendar/feed-tokens", body ?? new JsonObject { ["label"] = "Outlook" });
        await response.ExpectAsync(HttpStatusCode.Created);
        var created = await response.JsonAsync();
        return ((string)created["id"]!, (string)created["token"]!, (string)created["feedUrl"]!);
    }

    private async Task<IcsParsedCalendar> FeedAsync(string feedUrl)
    {
        using var response = await _app.CreateClient().GetAsync(feedUrl);
        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("text/calendar; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return IcsParser.Parse(await response.Content.ReadAsByteArrayAsync(), ReadBack);
    }

    [Fact]
    public async Task The_feed_shows_the_persons_interviews_as_candidate_and_as_interviewer_and_no_others()
    {
        var admin = _app.ClientFor(TestApp.AcmeAdmin);
        var adaWithBob = (string)(await admin.CreateAsync())["id"]!;
        var graceWithEve = (string)(await admin.CreateAsync(ApiCalls.NewInterviewBody("2026-12-02T10:00:00+01:00", candidateEmail: GraceEmail, interviewerEmail: TestApp.EveEmail)))["id"]!;
        var graceWithBob = (string)(await admin.CreateAsync(ApiCalls.NewInterviewBody("2026-12-03T10:00:00+01:00", candidateEmail: GraceEmail)))["id"]!;
        await _app.ClientFor(TestApp.GlobexAdmin).CreateAsync();

        var ada = await FeedAsync((await NewTokenAsync(TestApp.AcmeCandidate)).FeedUrl);
        var bob = await FeedAsync((await NewTokenAsync(TestApp.AcmeInterviewer)).FeedUrl);

        Assert.Equal([adaWithBob + "@interview-functions"], ada.Events.Select(e => e.Uid));
        Assert.Equal([adaWithBob + "@interview-functions", graceWithBob + "@interview-functions"], bob.Events.Select(e => e.Uid));
        Assert.DoesNotContain(bob.Events, e => e.Uid.StartsWith(graceWithEve, StringComparison.Ordinal));
        // 10:00 in Berlin (+01:00) on 1 December, written with its VTIMEZONE.
        Assert.Equal(Instant.FromUtc(2026, 12, 1, 9, 0), ada.Events[0].Start);
        Assert.Equal("Europe/Berlin", ada.Events[0].TimeZoneId);
        Assert.Equal("PUBLISH", ada.Method);
        Assert.Equal("Interviews", ada.CalendarName);
    }

    [Fact]
    public async Task The_feed_carries_a_vtimezone_and_shows_a_cancellation()
    {
        var admin = _app.ClientFor(TestApp.AcmeAdmin);
        var id = (string)(await admin.CreateAsync())["id"]!;
        (await admin.PostJsonAsync($"/api/interviews/{id}/cancel", new JsonObject { ["reason"] = "Role filled" })).EnsureSuccessStatusCode();
        var (_, _, feedUrl) = await NewTokenAsync(TestApp.AcmeCandidate);

        var text = await _app.CreateClient().GetStringAsync(feedUrl);
        var feed = IcsParser.Parse(text, ReadBack);

        Assert.Contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n", text, StringComparison.Ordinal);
        Assert.Equal(IcsEventStatus.Cancelled, Assert.Single(feed.Events).Status);
    }

    [Fact]
    public async Task An_unchanged_feed_answers_304_to_its_etag_and_a_change_gives_a_new_one()
    {
        var admin = _app.ClientFor(TestApp.AcmeAdmin);
        var id = (string)(await admin.CreateAsync())["id"]!;
        var (_, _, feedUrl) = await NewTokenAsync(TestApp.AcmeCandidate);
        var anonymous = _app.CreateClient();

        using var first = await anonymous.GetAsync(feedUrl);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        using var again = new HttpRequestMessage(HttpMethod.Get, feedUrl);
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await anonymous.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);

        (await admin.PostJsonAsync($"/api/interviews/{id}/reschedule", new JsonObject { ["scheduledStart"] = "2026-12-01T14:00:00+01:00" })).EnsureSuccessStatusCode();
        using var afterChange = new HttpRequestMessage(HttpMethod.Get, feedUrl);
        afterChange.Headers.IfNoneMatch.Add(etag);
        using var changed = await anonymous.SendAsync(afterChange);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        var feed = IcsParser.Parse(await changed.Content.ReadAsStringAsync(), ReadBack);
        Assert.Equal(Instant.FromUtc(2026, 12, 1, 13, 0), Assert.Single(feed.Events).Start);
        Assert.Equal(2, feed.Events[0].Sequence);
    }

    [Fact]
    public async Task A_revoked_token_answers_404_and_is_no_longer_listed()
    {
        await _app.ClientFor(TestApp.AcmeAdmin).CreateAsync();
        var ada = _app.ClientFor(TestApp.AcmeCandidate);
        var (id, _, feedUrl) = await NewTokenAsync(TestApp.AcmeCandidate);
        var (keptId, _, keptUrl) = await NewTokenAsync(TestApp.AcmeCandidate);

        // Only the owner revokes it: to anyone else it does not exist.
        await (await _app.ClientFor(TestApp.AcmeInterviewer).DeleteAsync($"/api/calendar/feed-tokens/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        (await _app.CreateClient().GetAsync(feedUrl)).EnsureSuccessStatusCode();

        await (await ada.DeleteAsync($"/api/calendar/feed-tokens/{id}")).ExpectAsync(HttpStatusCode.NoContent);

        var gone = await (await _app.CreateClient().GetAsync(feedUrl)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("calendar feed", (string)gone["detail"]!, StringComparison.Ordinal);
        (await _app.CreateClient().GetAsync(keptUrl)).EnsureSuccessStatusCode();
        var listed = await (await ada.GetAsync("/api/calendar/feed-tokens")).JsonAsync();
        Assert.Equal([keptId], listed["items"]!.AsArray().Select(i => (string)i!["id"]!));
        await (await ada.DeleteAsync($"/api/calendar/feed-tokens/{id}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_secret_is_shown_once_and_listing_never_shows_it()
    {
        var (id, secret, feedUrl) = await NewTokenAsync(TestApp.AcmeCandidate);

        Assert.StartsWith("ifcal_", secret, StringComparison.Ordinal);
        Assert.Equal($"/api/calendar/feed/{secret}.ics", feedUrl);
        var listedText = await _app.ClientFor(TestApp.AcmeCandidate).GetStringAsync("/api/calendar/feed-tokens");
        var item = Assert.Single(JsonNode.Parse(listedText)!["items"]!.AsArray())!.AsObject();
        Assert.Equal(id, (string)item["id"]!);
        Assert.Equal(TestApp.AdaEmail, (string)item["email"]!);
        Assert.Equal("Outlook", (string)item["label"]!);
        Assert.False(item.ContainsKey("token"));
        Assert.DoesNotContain(secret, listedText, StringComparison.Ordinal);
        var stored = Assert.Single(await _app.Services.GetRequiredService<IFeedTokenStore>().ListAsync("acme", TestApp.AcmeCandidate, default));
        Assert.Equal(FeedToken.HashSecret(secret), stored.SecretHash);
        Assert.DoesNotContain(secret[6..], System.Text.Json.JsonSerializer.Serialize(stored), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_and_malformed_secrets_answer_404_alike_without_authentication()
    {
        var anonymous = _app.CreateClient();

        await (await anonymous.GetAsync("/api/calendar/feed/ifcal_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")).ProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync("/api/calendar/feed/not-a-token.ics")).ProblemAsync(HttpStatusCode.NotFound);
        using var withKeyless = await _app.CreateClient().GetAsync("/api/calendar/feed-tokens");
        Assert.Equal(HttpStatusCode.Unauthorized, withKeyless.StatusCode);
    }

    [Fact]
    public async Task Only_admins_and_recruiters_make_a_feed_for_someone_else_and_an_email_is_needed()
    {
        await (await _app.ClientFor(TestApp.AcmeCandidate).PostJsonAsync("/api/calendar/feed-tokens", new JsonObject { ["email"] = TestApp.BobEmail }))
            .ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("email", await (await _app.ClientFor(TestApp.AcmeAdmin).PostJsonAsync("/api/calendar/feed-tokens", new JsonObject())).FieldErrorAsync("email"), StringComparison.Ordinal);
        await (await _app.ClientFor(TestApp.AcmeAdmin).PostJsonAsync("/api/calendar/feed-tokens", new JsonObject { ["email"] = "not an email" })).FieldErrorAsync("email");
        await (await _app.ClientFor(TestApp.AcmeAdmin).PostJsonAsync("/api/calendar/feed-tokens", new JsonObject { ["email"] = "a@b.test", ["extra"] = 1 })).FieldErrorAsync("extra");

        var admin = _app.ClientFor(TestApp.AcmeAdmin);
        var eveInterview = (string)(await admin.CreateAsync(ApiCalls.NewInterviewBody(candidateEmail: GraceEmail, interviewerEmail: TestApp.EveEmail)))["id"]!;
        var (_, _, eveFeed) = await NewTokenAsync(TestApp.AcmeAdmin, new JsonObject { ["email"] = "Eve@Acme.test" });

        Assert.Equal(eveInterview + "@interview-functions", Assert.Single((await FeedAsync(eveFeed)).Events).Uid);
    }
}
