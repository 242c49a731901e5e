using System.Security.Cryptography;
using InterviewFunctions.Core.Queues;

namespace InterviewFunctions.App.Queues.Embedded;

/// <summary>
/// Durable queues in the embedded SQLite file, with Azure Storage Queue semantics on the injected clock: a message
/// received is hidden for the visibility timeout and comes back unless deleted; every receive and update issues a new
/// pop receipt; an expired message is never delivered. A receive takes a whole batch in one statement, and sends and
/// deletes that arrive together are written in one transaction (<see cref="GroupCommit"/>).
/// </summary>
public sealed class EmbeddedMessageQueues(QueueDatabase queues, TimeProvider clock) : IMessageQueues, IQueueInspection
{
    private readonly GroupCommit _writes = new(queues);

    // Expired messages are removed a slice at a time, by the receives that would otherwise step over them.
    private const int ExpiredSweepLimit = 256;

    private static readonly long Never = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public string Name => "embedded";

    public async Task CreateQueueIfMissingAsync(string queue, CancellationToken cancellationToken)
    {
        QueueNames.Validate(queue);
        await using var write = await queues.Database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO queues (name) VALUES ($queue);";
        command.Parameters.AddWithValue("$queue", queue);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<QueueReceipt> SendAsync(string queue, string text, TimeSpan visibilityDelay, TimeSpan? timeToLive, CancellationToken cancellationToken)
    {
        QueueNames.ValidateSend(queue, text, visibilityDelay, timeToLive);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var visible = now + (long)visibilityDelay.TotalMilliseconds;
        var ttl = timeToLive ?? QueueNames.DefaultTimeToLive;
        var expires = ttl == Timeout.InfiniteTimeSpan ? Never : now + (long)ttl.TotalMilliseconds;
        var id = Guid.NewGuid().ToString();
        var popReceipt = NewPopReceipt();

        await _writes.RunAsync(new PendingWrite.Insert(queue, id, popReceipt, text, now, expires, visible), cancellationToken);
        return new QueueReceipt(id, popReceipt, FromMs(visible));
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        QueueNames.ValidateReceive(queue, maxMessages, visibilityTimeout);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var messages = new List<QueueMessage>(maxMessages);

        await using var write = await queues.Database.OpenForWriteAsync(cancellationToken);
        // One transaction, so the sweep and the receive cost one commit.
        using var transaction = write.Connection.BeginTransaction();
        await using (var sweep = write.Connection.CreateCommand())
        {
            sweep.Transaction = transaction;
            sweep.CommandText = """
                DELETE FROM messages WHERE seq IN (
                    SELECT seq FROM messages WHERE queue = $queue AND visible_ms <= $now AND expires_ms <= $now LIMIT $limit);
                """;
            sweep.Parameters.AddWithValue("$queue", queue);
            sweep.Parameters.AddWithValue("$now", now);
            sweep.Parameters.AddWithValue("$limit", ExpiredSweepLimit);
            await sweep.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var command = write.Connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE messages
                SET visible_ms = $until, dequeue_count = dequeue_count + 1, pop_receipt = lower(hex(randomblob(12)))
                WHERE seq IN (
                    SELECT seq FROM messages
                    WHERE queue = $queue AND visible_ms <= $now AND expires_ms > $now
                    ORDER BY visible_ms LIMIT $max)
                RETURNING id, pop_receipt, text, dequeue_count, inserted_ms, expires_ms, visible_ms;
                """;
            command.Parameters.AddWithValue("$queue", queue);
            command.Parameters.AddWithValue("$now", now);
            command.Parameters.AddWithValue("$until", now + (long)visibilityTimeout.TotalMilliseconds);
            command.Parameters.AddWithValue("$max", maxMessages);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                messages.Add(new QueueMessage(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                    FromMs(reader.GetInt64(4)), FromMs(reader.GetInt64(5)), FromMs(reader.GetInt64(6))));
            }
        }
        transaction.Commit();
        return messages;
    }

    public async Task DeleteAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken)
    {
        QueueNames.Validate(queue);
        if (await _writes.RunAsync(new PendingWrite.Delete(queue, messageId, popReceipt), cancellationToken) == 0)
        {
            throw new QueueMessageNotFoundException(queue, messageId);
        }
    }

    public async Task<QueueReceipt> UpdateVisibilityAsync(string queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        QueueNames.ValidateUpdate(queue, visibilityTimeout);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var visible = now + (long)visibilityTimeout.TotalMilliseconds;
        var newReceipt = NewPopReceipt();
        await using var write = await queues.Database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = """
            UPDATE messages SET visible_ms = $visible, pop_receipt = $new
            WHERE id = $id AND queue = $queue AND pop_receipt = $pop AND expires_ms > $now;
            """;
        command.Parameters.AddWithValue("$queue", queue);
        command.Parameters.AddWithValue("$id", messageId);
        command.Parameters.AddWithValue("$pop", popReceipt);
        command.Parameters.AddWithValue("$new", newReceipt);
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$visible", visible);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new QueueMessageNotFoundException(queue, messageId);
        }
        return new QueueReceipt(messageId, newReceipt, FromMs(visible));
    }

    public async Task<IReadOnlyList<PeekedQueueMessage>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken)
    {
        QueueNames.Validate(queue);
        if (maxMessages is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(maxMessages), maxMessages, "1 to 32 messages can be peeked at once.");
        }
        await using var connection = await queues.Database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, text, dequeue_count, inserted_ms, expires_ms FROM messages
            WHERE queue = $queue AND visible_ms <= $now AND expires_ms > $now
            ORDER BY visible_ms LIMIT $max;
            """;
        command.Parameters.AddWithValue("$queue", queue);
        command.Parameters.AddWithValue("$now", clock.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", maxMessages);
        var messages = new List<PeekedQueueMessage>(maxMessages);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new PeekedQueueMessage(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), FromMs(reader.GetInt64(3)), FromMs(reader.GetInt64(4))));
        }
        return messages;
    }

    public async Task<int> ApproximateMessageCountAsync(string queue, CancellationToken cancellationToken)
    {
        QueueNames.Validate(queue);
        await using var connection = await queues.Database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM messages WHERE queue = $queue AND expires_ms > $now;";
        command.Parameters.AddWithValue("$queue", queue);
        command.Parameters.AddWithValue("$now", clock.GetUtcNow().ToUnixTimeMilliseconds());
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>When a message becomes visible next, or null when it is gone: lets tests see a lease being renewed.</summary>
    internal async Task<DateTimeOffset?> FindNextVisibleAtAsync(string queue, string messageId, CancellationToken cancellationToken)
    {
        await using var connection = await queues.Database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT visible_ms FROM messages WHERE id = $id AND queue = $queue;";
        command.Parameters.AddWithValue("$queue", queue);
        command.Parameters.AddWithValue("$id", messageId);
        return await command.ExecuteScalarAsync(cancellationToken) is long ms ? FromMs(ms) : null;
    }

    private static DateTimeOffset FromMs(long ms) => ms >= Never ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static string NewPopReceipt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
