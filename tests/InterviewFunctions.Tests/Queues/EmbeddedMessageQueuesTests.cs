using System.Diagnostics;
using InterviewFunctions.App.Queues;
using InterviewFunctions.App.Queues.Embedded;
using InterviewFunctions.Core.Queues;
using InterviewFunctions.Tests.Support;
using Xunit.Abstractions;

namespace InterviewFunctions.Tests.Queues;

public sealed class EmbeddedQueuesFixture : IDisposable
{
    public EmbeddedQueuesFixture()
    {
        Directory = RepoPaths.NewTempDirectory("if-queues");
        Database = new QueueDatabase(Path.Combine(Directory, QueueDatabase.FileName));
        Queues = new EmbeddedMessageQueues(Database, Clock);
    }

    public string Directory { get; }

    public FakeClock Clock { get; } = new();

    public QueueDatabase Database { get; }

    public EmbeddedMessageQueues Queues { get; }

    public void Dispose()
    {
        Database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        RepoPaths.DeleteQuietly(Directory);
    }
}

/// <summary>The contract on the embedded adapter, and what only a movable clock can show: leases running out, expiry.</summary>
public sealed class EmbeddedMessageQueuesTests(EmbeddedQueuesFixture fixture, ITestOutputHelper output) : MessageQueuesContract, IClassFixture<EmbeddedQueuesFixture>
{
    protected override IMessageQueues Queues => fixture.Queues;

    protected override DateTimeOffset Now => fixture.Clock.GetUtcNow();

    // Each test moves the shared clock forward only, so the other tests' queues are unaffected in what they assert.
    private FakeClock Clock => fixture.Clock;

    [Fact]
    public async Task A_received_message_that_is_not_deleted_comes_back_when_its_visibility_timeout_ends()
    {
        var queue = NewQueue();
        await Queues.SendAsync(queue, "lease", TimeSpan.Zero, null, default);
        var first = Assert.Single(await Queues.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30), default));

        Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await Queues.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30), default));
        Clock.Advance(TimeSpan.FromSeconds(2));
        var second = Assert.Single(await Queues.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30), default));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.DequeueCount);
        // The first receiver's receipt still names the message until it is received again; now it does not.
        await Assert.ThrowsAsync<QueueMessageNotFoundException>(() => Queues.DeleteAsync(queue, first.Id, first.PopReceipt, default));
    }

    [Fact]
    public async Task A_delayed_message_becomes_visible_at_its_time()
    {
        var queue = NewQueue();
        await Queues.SendAsync(queue, "due", TimeSpan.FromMinutes(10), null, default);

        Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal("due", Assert.Single(await Queues.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30), default)).Text);
    }

    [Fact]
    public async Task An_expired_message_is_never_delivered()
    {
        var queue = NewQueue();
        await Queues.SendAsync(queue, "short-lived", TimeSpan.Zero, TimeSpan.FromMinutes(1), default);
        await Queues.SendAsync(queue, "delayed past its life", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), default);
        await Queues.SendAsync(queue, "long-lived", TimeSpan.Zero, TimeSpan.FromHours(1), default);

        Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("long-lived", Assert.Single(await Queues.PeekAsync(queue, 32, default)).Text);
        Assert.Equal("long-lived", Assert.Single(await Queues.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30), default)).Text);
        // The expired ones are gone from the count; the one just received is still in the queue.
        Assert.Equal(1, await fixture.Queues.ApproximateMessageCountAsync(queue, default));
    }

    [Fact]
    public async Task Messages_survive_reopening_the_file()
    {
        var path = Path.Combine(fixture.Directory, "reopen-queues.db");
        var queue = NewQueue();
        using (var database = new QueueDatabase(path))
        {
            await new EmbeddedMessageQueues(database, Clock).SendAsync(queue, "durable", TimeSpan.Zero, null, default);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        using var reopened = new QueueDatabase(path);

        Assert.Equal("durable", Assert.Single(await new EmbeddedMessageQueues(reopened, Clock).ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30), default)).Text);
    }

    [Fact]
    public async Task Thousands_of_messages_move_through_one_queue_each_delivered_once()
    {
        const int count = 5000;
        var queue = NewQueue();
        var watch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => await Queues.SendAsync(queue, $"{{\"n\":{i}}}", TimeSpan.Zero, null, ct));
        var sent = watch.Elapsed;

        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var consumers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var batch = await Queues.ReceiveAsync(queue, 32, TimeSpan.FromMinutes(5), default);
                if (batch.Count == 0)
                {
                    return;
                }
                // As the listener does: the batch's messages are handled, and deleted, concurrently.
                await Task.WhenAll(batch.Select(async message =>
                {
                    seen.AddOrUpdate(message.Text, 1, (_, n) => n + 1);
                    await Queues.DeleteAsync(queue, message.Id, message.PopReceipt, default);
                }));
            }
        })).ToList();
        await Task.WhenAll(consumers);
        watch.Stop();

        output.WriteLine($"{count} sent in {sent.TotalMilliseconds:F0} ms ({count / sent.TotalSeconds:F0}/s); sent, received and deleted in {watch.Elapsed.TotalMilliseconds:F0} ms ({count / watch.Elapsed.TotalSeconds:F0}/s end to end)");
        Assert.Equal(count, seen.Count);
        Assert.All(seen.Values, n => Assert.Equal(1, n));
    }
}
