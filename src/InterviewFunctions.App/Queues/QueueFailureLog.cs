using InterviewFunctions.App.Queues.Embedded;

namespace InterviewFunctions.App.Queues;

public sealed record QueueFailure(string FunctionName, string Queue, string MessageId, int DequeueCount, string Error, DateTimeOffset FailedAt, string? PoisonMessageId);

/// <summary>
/// Every failed delivery of a queue message (which function, which message, which attempt, the error's type and
/// message, never the message text), kept in the embedded <c>queues.db</c> whatever adapter carries the messages, so
/// that a poison message can be shown with the error that put it there.
/// </summary>
public sealed class QueueFailureLog(QueueDatabase database, TimeProvider clock)
{
    private const int MaxErrorLength = 2000;

    public static string Describe(Exception exception)
    {
        var text = $"{exception.GetType().FullName}: {exception.Message}";
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }

    public async Task RecordFailureAsync(string functionName, string queue, string messageId, int dequeueCount, string error, CancellationToken cancellationToken)
    {
        await using var write = await database.Database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = """
            INSERT INTO failures (function_name, queue, message_id, dequeue_count, error, failed_ms)
            VALUES ($function, $queue, $id, $count, $error, $at);
            """;
        command.Parameters.AddWithValue("$function", functionName);
        command.Parameters.AddWithValue("$queue", queue);
        command.Parameters.AddWithValue("$id", messageId);
        command.Parameters.AddWithValue("$count", dequeueCount);
        command.Parameters.AddWithValue("$error", error.Length <= MaxErrorLength ? error : error[..MaxErrorLength]);
        command.Parameters.AddWithValue("$at", clock.GetUtcNow().ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Ties the message's failures to the copy of it now in the poison queue.</summary>
    public async Task RecordPoisonedAsync(string queue, string messageId, string poisonMessageId, CancellationToken cancellationToken)
    {
        await using var write = await database.Database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "UPDATE failures SET poison_message_id = $poison WHERE queue = $queue AND message_id = $id;";
        command.Parameters.AddWithValue("$queue", queue);
        command.Parameters.AddWithValue("$id", messageId);
        command.Parameters.AddWithValue("$poison", poisonMessageId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The last failure that sent each of these poison messages to its poison queue, by poison message id.</summary>
    public async Task<IReadOnlyDictionary<string, QueueFailure>> LastFailuresOfPoisonMessagesAsync(IReadOnlyCollection<string> poisonMessageIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, QueueFailure>(StringComparer.Ordinal);
        if (poisonMessageIds.Count == 0)
        {
            return found;
        }
        await using var connection = await database.Database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = poisonMessageIds.Select((id, i) => (Name: $"$p{i}", Id: id)).ToList();
        command.CommandText = $"""
            SELECT function_name, queue, message_id, dequeue_count, error, failed_ms, poison_message_id FROM failures
            WHERE poison_message_id IN ({string.Join(", ", names.Select(n => n.Name))})
            ORDER BY seq;
            """;
        names.ForEach(n => command.Parameters.AddWithValue(n.Name, n.Id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // Ordered by insertion, so the last row per poison message wins.
            var failure = new QueueFailure(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), reader.GetString(6));
            found[failure.PoisonMessageId!] = failure;
        }
        return found;
    }

    public async Task<IReadOnlyList<QueueFailure>> FailuresOfMessageAsync(string queue, string messageId, CancellationToken cancellationToken)
    {
        await using var connection = await database.Database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT function_name, queue, message_id, dequeue_count, error, failed_ms, poison_message_id FROM failures
            WHERE queue = $queue AND message_id = $id ORDER BY seq;
            """;
        command.Parameters.AddWithValue("$queue", queue);
        command.Parameters.AddWithValue("$id", messageId);
        var failures = new List<QueueFailure>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            failures.Add(new QueueFailure(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        return failures;
    }
}
