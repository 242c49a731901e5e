using InterviewFunctions.App.Storage.Sqlite;

namespace InterviewFunctions.App.Queues.Embedded;

/// <summary>
/// <c>queues.db</c> in the data directory: the embedded adapter's messages, and the failure records the listeners keep
/// whichever adapter carries the messages. Times are Unix milliseconds from the injected clock.
/// </summary>
public sealed class QueueDatabase : IDisposable
{
    public const string FileName = "queues.db";

    private const int SchemaVersion = 1;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS queues (
            name TEXT NOT NULL PRIMARY KEY
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS messages (
            seq           INTEGER PRIMARY KEY,
            queue         TEXT NOT NULL,
            id            TEXT NOT NULL UNIQUE,
            pop_receipt   TEXT NOT NULL,
            text          TEXT NOT NULL,
            dequeue_count INTEGER NOT NULL,
            inserted_ms   INTEGER NOT NULL,
            expires_ms    INTEGER NOT NULL,
            visible_ms    INTEGER NOT NULL
        );
        -- The receive query: visible messages of one queue, longest visible first (the rowid breaks ties in insertion order).
        CREATE INDEX IF NOT EXISTS ix_messages_visible ON messages (queue, visible_ms);
        CREATE TABLE IF NOT EXISTS failures (
            seq               INTEGER PRIMARY KEY,
            function_name     TEXT NOT NULL,
            queue             TEXT NOT NULL,
            message_id        TEXT NOT NULL,
            dequeue_count     INTEGER NOT NULL,
            error             TEXT NOT NULL,
            failed_ms         INTEGER NOT NULL,
            poison_message_id TEXT
        );
        CREATE INDEX IF NOT EXISTS ix_failures_message ON failures (queue, message_id);
        CREATE INDEX IF NOT EXISTS ix_failures_poison ON failures (poison_message_id) WHERE poison_message_id IS NOT NULL;
        """;

    public QueueDatabase(string path) => Database = new SqliteDatabase(path, Schema, SchemaVersion);

    public SqliteDatabase Database { get; }

    public void Dispose() => Database.Dispose();
}
