using InterviewFunctions.App.Storage.Sqlite;

namespace InterviewFunctions.Tests.Support;

/// <summary>What an upgrade test asks of an interview store file after reopening it.</summary>
public static class SqliteSchema
{
    /// <summary>The file's <c>PRAGMA user_version</c>, which upgrades raise to <see cref="SqliteDatabase.InterviewSchemaVersion"/>.</summary>
    public static async Task<long> VersionAsync(SqliteDatabase database)
    {
        await using var connection = await database.OpenAsync(default);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
