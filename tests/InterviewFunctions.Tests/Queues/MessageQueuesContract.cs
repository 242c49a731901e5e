using InterviewFunctions.App.Queues;
using InterviewFunctions.Core.Queues;

namespace InterviewFunctions.Tests.Queues;

/// <summary>
/// What every queue adapter must do, run unchanged against the embedded adapter and against Azurite. Each test works in
/// a queue of its own. Waiting for time to pass is not part of the contract (Azurite runs on the real clock); the
/// embedded adapter's tests move its clock to show expiry and lease timeouts.
/// </summary>
public abstract class MessageQueuesContract
{
    protected abstract IMessageQueues Queues { get; }

    /// <summary>The clock the adapter runs on.</summary>
    protected abstract DateTimeOffset Now { get; }

    protected static string NewQueue() => "q-" + Guid.NewGuid().ToString("N")[..16];

    [Fact]
    public async Task A_sent_message_is_received_hidden_while_leased_and_gone_once_deleted()
    {
        var queue = NewQueue();
        const string text = "{\"reminder\":\"48h\",\"name\":\"Zoë Ångström ✓\"}";
        var sent = await Queues.SendAsync(queue, text, TimeSpan.Zero, null, default);

        var received = Assert.Single(await Queues.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30), default));

        Assert.Equal(sent.MessageId, received.Id);
        Assert.Equal(text, received.Text);
        Assert.Equal(1, received.DequeueCount);
        Assert.InRange(received.NextVisibleAt, Now.AddSeconds(25), Now.AddSeconds(35));
        Assert.Empty(await Queues.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30), default));
        await Queues.DeleteAsync(queue, received.Id, received.PopReceipt, default);
        await Assert.ThrowsAsync<QueueMessageNotFoundException>(() => Queues.UpdateVisibilityAsync(queue, received.Id, received.PopReceipt, TimeSpan.Zero, default));
        Assert.Empty(await Queues.PeekAsync(queue, 32, default));
    }

    [Fact]
    public async Task A_delayed_message_stays_invisible_until_its_time()
    {
        var queue = NewQueue();
        var sent = await Queues.SendAsync(queue, "later", TimeSpan.FromHours(1), null, default);

        Assert.InRange(sent.NextVisibleAt, Now.AddMinutes(59), Now.AddMinutes(61));
        Assert.Empty(await Queues.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30), default));
        Assert.Empty(await Queues.PeekAsync(queue, 32, default));
    }

    [Fact]
    public async Task A_released_message_comes_back_with_its_dequeue_count_raised_and_a_new_pop_receipt()
    {
        var queue = NewQueue();
        await Queues.SendAsync(queue, "retry me", TimeSpan.Zero, null, default);
        var first = Assert.Single(await Queues.ReceiveAsync(queue, 1, TimeSpan.FromMinutes(5), default));

        var released = await Queues.UpdateVisibilityAsync(queue, first.Id, first.PopReceipt, TimeSpan.Zero, default);
        var second = Assert.Single(await Queues.ReceiveAsync(queue, 1, TimeSpan.FromMinutes(5), default));

        Assert.NotEqual(first.PopReceipt, released.PopReceipt);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.DequeueCount);
        Assert.NotEqual(released.PopReceipt, second.PopReceipt);
        Assert.Equal("retry me", second.Text);
    }

    [Fact]
    public async Task A_pop_receipt_stops_working_once_the_message_is_updated_or_received_again()
    {
        var queue = NewQueue();
        await Queues.SendAsync(queue, "x", TimeSpan.Zero, null, default);
        var received = Assert.Single(await Queues.ReceiveAsync(queue, 1, TimeSpan.FromMinutes(5), default));

        var renewed = await Queues.UpdateVisibilityAsync(queue, received.Id, received.PopReceipt, TimeSpan.FromMinutes(5), default);

        await Assert.ThrowsAsync<QueueMessageNotFoundException>(() => Queues.DeleteAsync(queue, received.Id, received.PopReceipt, default));
        await Assert.ThrowsAsync<QueueMessageNotFoundException>(() => Queues.UpdateVisibilityAsync(queue, received.Id, received.PopReceipt, TimeSpan.Zero, default));
        Assert.InRange(renewed.NextVisibleAt, Now.AddMinutes(4), Now.AddMinutes(6));
        await Queues.DeleteAsync(queue, received.Id, renewed.PopReceipt, default);
        await Assert.ThrowsAsync<QueueMessageNotFoundException>(() => Queues.DeleteAsync(queue, received.Id, renewed.PopReceipt, default));
    }

    [Fact]
    public async Task Peek_shows_visible_messages_without_receiving_them()
    {
        var queue = NewQueue();
        await Queues.SendAsync(queue, "peek at me", TimeSpan.Zero, null, default);

        var peeked = Assert.Single(await Queues.PeekAsync(queue, 32, default));
        var received = Assert.Single(await Queues.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30), default));

        Assert.Equal("peek at me", peeked.Text);
        Assert.Equal(0, peeked.DequeueCount);
        Assert.Equal(peeked.Id, received.Id);
        Assert.Equal(1, received.DequeueCount);
    }

    [Fact]
    public async Task A_receive_takes_at_most_the_number_asked_for()
    {
        var queue = NewQueue();
        for (var i = 0; i < 5; i++)
        {
            await Queues.SendAsync(queue, $"m{i}", TimeSpan.Zero, null, default);
        }

        var first = await Queues.ReceiveAsync(queue, 3, TimeSpan.FromSeconds(30), default);
        var rest = await Queues.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30), default);

        Assert.Equal(3, first.Count);
        Assert.Equal(2, rest.Count);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"m{i}").Order(), first.Concat(rest).Select(m => m.Text).Order());
    }

    [Fact]
    public async Task The_time_to_live_sets_the_expiry_and_can_be_infinite()
    {
        var queue = NewQueue();
        await Queues.SendAsync(queue, "an hour", TimeSpan.Zero, TimeSpan.FromHours(1), default);
        await Queues.SendAsync(queue, "forever", TimeSpan.Zero, Timeout.InfiniteTimeSpan, default);
        await Queues.SendAsync(queue, "a week", TimeSpan.Zero, null, default);

        var received = (await Queues.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30), default)).ToDictionary(m => m.Text);

        Assert.InRange(received["an hour"].ExpiresAt - received["an hour"].InsertedAt, TimeSpan.FromMinutes(60) - TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(60) + TimeSpan.FromSeconds(2));
        Assert.InRange(received["a week"].ExpiresAt - received["a week"].InsertedAt, TimeSpan.FromDays(7) - TimeSpan.FromSeconds(2), TimeSpan.FromDays(7) + TimeSpan.FromSeconds(2));
        Assert.Equal(9999, received["forever"].ExpiresAt.Year);
    }

    [Fact]
    public async Task Text_up_to_the_size_limit_is_carried_whole_and_larger_text_is_refused()
    {
        var queue = NewQueue();
        var largest = new string('é', QueueNames.MaxTextBytes / 2);

        await Queues.SendAsync(queue, largest, TimeSpan.Zero, null, default);
        var received = Assert.Single(await Queues.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30), default));

        Assert.Equal(largest, received.Text);
        await Assert.ThrowsAsync<ArgumentException>(() => Queues.SendAsync(queue, largest + "x", TimeSpan.Zero, null, default));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper")]
    [InlineData("with_underscore")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    public async Task Queue_names_are_validated_as_Azure_Storage_does(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Queues.SendAsync(name, "x", TimeSpan.Zero, null, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Queues.ReceiveAsync(name, 1, TimeSpan.FromSeconds(30), default));
        await Assert.ThrowsAsync<ArgumentException>(() => Queues.CreateQueueIfMissingAsync(name, default));
    }

    [Fact]
    public async Task A_queue_nobody_created_is_empty_and_creating_one_twice_is_harmless()
    {
        var queue = NewQueue();

        Assert.Empty(await Queues.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30), default));
        Assert.Empty(await Queues.PeekAsync(queue, 1, default));
        await Assert.ThrowsAsync<QueueMessageNotFoundException>(() => Queues.DeleteAsync(queue, Guid.NewGuid().ToString(), "receipt", default));
        await Queues.CreateQueueIfMissingAsync(queue, default);
        await Queues.CreateQueueIfMissingAsync(queue, default);
        Assert.Empty(await Queues.PeekAsync(queue, 1, default));
    }

    [Fact]
    public async Task The_approximate_count_sees_waiting_messages()
    {
        var queue = NewQueue();
        var inspection = Assert.IsAssignableFrom<IQueueInspection>(Queues);
        Assert.Equal(0, await inspection.ApproximateMessageCountAsync(queue, default));

        await Queues.SendAsync(queue, "a", TimeSpan.Zero, null, default);
        await Queues.SendAsync(queue, "b", TimeSpan.Zero, null, default);

        Assert.Equal(2, await inspection.ApproximateMessageCountAsync(queue, default));
    }

    [Fact]
    public async Task The_approximate_count_includes_delayed_and_received_messages_until_they_are_deleted()
    {
        var queue = NewQueue();
        var inspection = Assert.IsAssignableFrom<IQueueInspection>(Queues);
        await Queues.SendAsync(queue, "now", TimeSpan.Zero, null, default);
        await Queues.SendAsync(queue, "later", TimeSpan.FromMinutes(10), null, default);

        var received = Assert.Single(await Queues.ReceiveAsync(queue, 32, TimeSpan.FromMinutes(5), default));

        // A backlog of zero must mean "all handled": a message a handler holds, or one not yet due, is still work.
        Assert.Equal(2, await inspection.ApproximateMessageCountAsync(queue, default));
        await Queues.DeleteAsync(queue, received.Id, received.PopReceipt, default);
        Assert.Equal(1, await inspection.ApproximateMessageCountAsync(queue, default));
    }
}
