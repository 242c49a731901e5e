using InterviewFunctions.App.Storage.Sqlite;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Storage;

/// <summary>
/// SQLite pauses between lock retries for the microseconds it asks for, not for whole seconds: the bundled library's
/// own sleep rounds up to a second, which stalled every writer for 1 s under load.
/// </summary>
public sealed class SqliteSleepTests
{
    [Fact]
    public void Once_a_database_is_open_SQLite_sleeps_for_the_millisecond_it_asks_for_and_not_a_whole_second()
    {
        var directory = RepoPaths.NewTempDirectory("if-sleep");
        try
        {
            using var database = new SqliteDatabase(Path.Combine(directory, "interviews.db"));

            // sqlite3_sleep answers with what the VFS reports having slept; the stock Unix VFS of this build says 1000.
            Assert.Equal(1, SqliteSleep.SleepOneMillisecond());
        }
        finally
        {
            RepoPaths.DeleteQuietly(directory);
        }
    }

    [Fact]
    public async Task Connections_opened_after_the_shim_is_installed_read_and_write_through_it()
    {
        var directory = RepoPaths.NewTempDirectory("if-sleep");
        try
        {
            using var database = new SqliteDatabase(Path.Combine(directory, "interviews.db"));
            await using (var lease = await database.OpenForWriteAsync(CancellationToken.None))
            {
                using var create = lease.Connection.CreateCommand();
                create.CommandText = "CREATE TABLE probe (value TEXT); INSERT INTO probe VALUES ('written');";
                create.ExecuteNonQuery();
            }
            await using var reader = await database.OpenAsync(CancellationToken.None);
            using var read = reader.CreateCommand();
            read.CommandText = "SELECT value FROM probe;";

            Assert.Equal("written", read.ExecuteScalar());
        }
        finally
        {
            RepoPaths.DeleteQuietly(directory);
        }
    }
}
