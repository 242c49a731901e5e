using Microsoft.Data.Sqlite;

namespace InterviewFunctions.App.Queues.Embedded;

/// <summary>A send or a delete, waiting to be written with whatever else arrived meanwhile.</summary>
internal abstract record PendingWrite
{
    public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public sealed record Insert(string Queue, string Id, string PopReceipt, string Text, long InsertedMs, long ExpiresMs, long VisibleMs) : PendingWrite;

    public sealed record Delete(string Queue, string Id, string PopReceipt) : PendingWrite;
}

/// <summary>
/// Writes the sends and deletes that arrive while a transaction is being written together, in the next one: whoever
/// gets the write connection next writes everything waiting, its own write and the others'. Most of the cost of a
/// small SQLite write is the commit, so under load this multiplies throughput, and alone a write costs what it did.
/// Each write's result is the number of rows it changed.
/// </summary>
internal sealed class GroupCommit(QueueDatabase database)
{
    private const int MaxWritesPerTransaction = 512;

    private readonly System.Collections.Concurrent.ConcurrentQueue<PendingWrite> _pending = new();

    public async Task<int> RunAsync(PendingWrite write, CancellationToken cancellationToken)
    {
        _pending.Enqueue(write);
        await using (var lease = await database.Database.OpenForWriteAsync(cancellationToken))
        {
            // Written by the writer before us, with its own batch.
            if (!write.Done.Task.IsCompleted)
            {
                WriteWaiting(lease.Connection);
            }
        }
        return await write.Done.Task;
    }

    private void WriteWaiting(SqliteConnection connection)
    {
        var batch = new List<PendingWrite>();
        while (batch.Count < MaxWritesPerTransaction && _pending.TryDequeue(out var waiting))
        {
            batch.Add(waiting);
        }
        int[] results;
        try
        {
            results = Write(connection, batch);
        }
        catch (Exception e)
        {
            foreach (var write in batch)
            {
                write.Done.TrySetException(e);
            }
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(results[i]);
        }
    }

    private static int[] Write(SqliteConnection connection, List<PendingWrite> batch)
    {
        using var transaction = connection.BeginTransaction();
        // One command of each kind per transaction, so each statement is prepared once and bound per write.
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO messages (queue, id, pop_receipt, text, dequeue_count, inserted_ms, expires_ms, visible_ms)
            VALUES ($queue, $id, $pop, $text, 0, $inserted, $expires, $visible);
            """;
        var insertParameters = Parameters(insert, "$queue", "$id", "$pop", "$text", "$inserted", "$expires", "$visible");
        using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM messages WHERE id = $id AND queue = $queue AND pop_receipt = $pop;";
        var deleteParameters = Parameters(delete, "$queue", "$id", "$pop");

        var results = new int[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            switch (batch[i])
            {
                case PendingWrite.Insert m:
                    Bind(insertParameters, m.Queue, m.Id, m.PopReceipt, m.Text, m.InsertedMs, m.ExpiresMs, m.VisibleMs);
                    results[i] = insert.ExecuteNonQuery();
                    break;
                case PendingWrite.Delete d:
                    Bind(deleteParameters, d.Queue, d.Id, d.PopReceipt);
                    results[i] = delete.ExecuteNonQuery();
                    break;
            }
        }
        transaction.Commit();
        return results;
    }

    private static SqliteParameter[] Parameters(SqliteCommand command, params string[] names) =>
        names.Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();

    private static void Bind(SqliteParameter[] parameters, params object[] values)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i].Value = values[i];
        }
    }
}
