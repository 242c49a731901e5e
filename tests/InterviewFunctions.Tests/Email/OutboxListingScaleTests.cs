using System.Diagnostics;
using InterviewFunctions.App.Email;
using InterviewFunctions.App.Email.Outbox;
using InterviewFunctions.App.Storage;
using InterviewFunctions.Core.Email;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace InterviewFunctions.Tests.Email;

/// <summary>A large outbox lists correctly; the timings are printed, not asserted (the machine's load is not ours).</summary>
public sealed class OutboxListingScaleTests(ITestOutputHelper output) : IDisposable
{
    // 10,000 measured once (README); 2,000 keeps the suite quick on a loaded machine.
    private const int Emails = 2_000;
    private readonly string _directory = RepoPaths.NewTempDirectory("if-outbox-scale");

    public void Dispose() => RepoPaths.DeleteQuietly(_directory);

    [Fact]
    public async Task Two_thousand_emails_page_newest_first_and_filter()
    {
        var folder = new OutboxFolder(Options.Create(new StorageOptions { DataDirectory = _directory }));
        var tenant = folder.TenantDirectory("acme");
        Directory.CreateDirectory(tenant);
        var start = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
        var from = new EmailAddress("interviews@acme.test");
        var writing = Stopwatch.StartNew();
        for (var i = 0; i < Emails; i++)
        {
            var id = EmailIdentity.Hash("acme", $"k{i}");
            var message = EmailSamples.Message(kind: i % 10 == 0 ? "cancellation" : "reminder", interviewId: $"iv-{i % 100}", attachments: false);
            await File.WriteAllBytesAsync(Path.Combine(tenant, id + ".eml"), MimeWriter.Write(message, from, EmailIdentity.MessageId(id, from.Address), start.AddSeconds(i), id));
        }
        writing.Stop();

        var cold = Stopwatch.StartNew();
        var first = await folder.ListAsync("acme", new OutboxFilter(), 50, null, CancellationToken.None);
        cold.Stop();
        var warm = Stopwatch.StartNew();
        var again = await folder.ListAsync("acme", new OutboxFilter(), 50, null, CancellationToken.None);
        warm.Stop();
        var filtered = Stopwatch.StartNew();
        var cancellations = await folder.ListAsync("acme", new OutboxFilter(Kind: "cancellation", InterviewId: "iv-50"), 200, null, CancellationToken.None);
        filtered.Stop();
        output.WriteLine($"{Emails} emails: written in {writing.ElapsedMilliseconds} ms; first listing {cold.ElapsedMilliseconds} ms (reads every header), then {warm.ElapsedMilliseconds} ms, filtered {filtered.ElapsedMilliseconds} ms");

        Assert.Equal(Enumerable.Range(0, 50).Select(i => EmailIdentity.Hash("acme", $"k{Emails - 1 - i}")), first.Items.Select(i => i.Id));
        Assert.Equal(first.Items, again.Items);
        Assert.Equal(Enumerable.Range(0, Emails).Where(i => i % 100 == 50).Reverse().Select(i => start.AddSeconds(i)), cancellations.Items.Select(i => i.SentAt));
        var next = await folder.ListAsync("acme", new OutboxFilter(), 50, first.ContinuationToken, CancellationToken.None);
        Assert.Equal(EmailIdentity.Hash("acme", $"k{Emails - 51}"), next.Items[0].Id);
    }
}
