using System.Net;
using System.Text.Json.Nodes;
using InterviewFunctions.Core.Email;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Email;

/// <summary><c>GET /api/outbox</c> through the real app, with the outbox sender the app registers by default.</summary>
public sealed class OutboxApiTests : IDisposable
{
    private readonly TestApp _app = new();
    private readonly HttpClient _admin;

    public OutboxApiTests() => _admin = _app.ClientFor(TestApp.AcmeAdmin);

    public void Dispose() => _app.Dispose();

    private IEmailSender Sender => _app.Services.GetRequiredService<IEmailSender>();

    [Fact]
    public async Task The_app_sends_through_the_outbox_by_default_and_health_says_so()
    {
        using var health = await _admin.GetAsync("/api/health");

        Assert.Equal("outbox", Sender.Name);
        Assert.Equal("outbox", (string)(await health.JsonAsync())["adapters"]!["email"]!);
    }

    [Fact]
    public async Task The_listing_is_newest_first_pages_through_everything_and_filters_by_kind_and_interview()
    {
        var sent = new List<EmailSendResult>();
        foreach (var (kind, interview) in new[] { ("reminder", "iv-1"), ("confirmation", "iv-2"), ("reminder", "iv-2"), ("cancellation", (string?)null), ("reminder", "iv-1") })
        {
            sent.Add(await Sender.SendAsync(EmailSamples.Message(kind: kind, interviewId: interview), $"{kind}:{interview}:{sent.Count}", CancellationToken.None));
            _app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var pages = new List<JsonObject>();
        string? token = null;
        do
        {
            using var response = await _admin.GetAsync($"/api/outbox?pageSize=2{(token is null ? "" : "&continuationToken=" + token)}");
            await response.ExpectAsync(HttpStatusCode.OK);
            pages.Add(await response.JsonAsync());
            token = (string?)pages[^1]["continuationToken"];
        }
        while (token is not null);

        Assert.Equal([2, 2, 1], pages.Select(p => p["items"]!.AsArray().Count));
        var items = pages.SelectMany(p => p["items"]!.AsArray()).Select(i => i!.AsObject()).ToList();
        Assert.Equal(sent.Select(s => s.MessageId).Reverse(), items.Select(i => (string)i["id"]!));
        var newest = items[0];
        Assert.Equal("reminder", (string)newest["kind"]!);
        Assert.Equal("iv-1", (string)newest["interviewId"]!);
        Assert.Equal(EmailSamples.NonAsciiSubject, (string)newest["subject"]!);
        Assert.Equal(["ada@example.com", "zoe@example.com"], newest["to"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(sent[^1].SentAt, DateTimeOffset.Parse((string)newest["sentAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(items[1].ContainsKey("interviewId"));

        var reminders = await _admin.ListItemsAsync("/api/outbox?kind=reminder");
        var secondInterview = await _admin.ListItemsAsync("/api/outbox?interviewId=iv-2");
        var both = await _admin.ListItemsAsync("/api/outbox?interviewId=iv-2&kind=reminder");
        Assert.Equal([sent[4].MessageId, sent[2].MessageId, sent[0].MessageId], reminders.Select(i => (string)i!["id"]!));
        Assert.Equal([sent[2].MessageId, sent[1].MessageId], secondInterview.Select(i => (string)i!["id"]!));
        Assert.Equal([sent[2].MessageId], both.Select(i => (string)i!["id"]!));
    }

    [Fact]
    public async Task Only_admins_and_recruiters_of_the_tenant_read_the_outbox()
    {
        var result = await Sender.SendAsync(EmailSamples.Message(), "k", CancellationToken.None);
        var url = $"/api/outbox/{result.MessageId}";

        using var recruiter = await _app.ClientFor(TestApp.AcmeRecruiter).GetAsync(url);
        using var interviewer = await _app.ClientFor(TestApp.AcmeInterviewer).GetAsync("/api/outbox");
        using var candidate = await _app.ClientFor(TestApp.AcmeCandidate).GetAsync(url);
        using var otherTenant = await _app.ClientFor(TestApp.GlobexAdmin).GetAsync(url);
        using var anonymous = await _app.CreateClient().GetAsync("/api/outbox");

        await recruiter.ExpectAsync(HttpStatusCode.OK);
        await interviewer.ProblemAsync(HttpStatusCode.Forbidden);
        await candidate.ProblemAsync(HttpStatusCode.Forbidden);
        await otherTenant.ProblemAsync(HttpStatusCode.NotFound);
        await anonymous.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(await _app.ClientFor(TestApp.GlobexAdmin).ListItemsAsync("/api/outbox"));
        Assert.Single(await _app.ClientFor(TestApp.AcmeRecruiter).ListItemsAsync("/api/outbox"));
    }

    [Fact]
    public async Task One_email_is_the_raw_message_as_message_rfc822()
    {
        var result = await Sender.SendAsync(EmailSamples.Message(), "k", CancellationToken.None);

        using var response = await _admin.GetAsync($"/api/outbox/{result.MessageId}");

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("message/rfc822", response.Content.Headers.ContentType?.MediaType);
        var file = Path.Combine(_app.DataDirectory, "outbox", "acme", result.MessageId + ".eml");
        Assert.Equal(await File.ReadAllBytesAsync(file), await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("..%2F..%2Finterviews.db")]
    [InlineData("..%5C..%5Cinterviews.db")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("not-an-id")]
    public async Task A_malformed_id_is_400_and_never_a_path(string id)
    {
        using var response = await _admin.GetAsync($"/api/outbox/{id}");

        await response.FieldErrorAsync("id");
    }

    [Fact]
    public async Task An_unknown_id_is_404_and_bad_query_parameters_are_400()
    {
        using var unknown = await _admin.GetAsync("/api/outbox/0123456789abcdef0123456789abcdef");
        using var pageSize = await _admin.GetAsync("/api/outbox?pageSize=0");
        using var token = await _admin.GetAsync("/api/outbox?continuationToken=bm90LWEtdG9rZW4");
        using var garbage = await _admin.GetAsync("/api/outbox?continuationToken=%25%25");

        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        await pageSize.FieldErrorAsync("pageSize");
        await token.FieldErrorAsync("continuationToken");
        await garbage.FieldErrorAsync("continuationToken");
    }
}
