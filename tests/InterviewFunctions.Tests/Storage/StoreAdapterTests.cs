using InterviewFunctions.App.Storage.Cosmos;
using InterviewFunctions.App.Storage.Sqlite;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.Tests.Storage;

public sealed class SqliteStoreFixture : IDisposable
{
    public SqliteStoreFixture()
    {
        Directory = RepoPaths.NewTempDirectory("if-sqlite");
        Store = new SqliteInterviewStore(new SqliteDatabase(Path.Combine(Directory, "interviews.db")));
    }

    public string Directory { get; }

    public SqliteInterviewStore Store { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        RepoPaths.DeleteQuietly(Directory);
    }
}

public sealed class SqliteInterviewStoreTests(SqliteStoreFixture fixture) : InterviewStoreContract, IClassFixture<SqliteStoreFixture>
{
    protected override IInterviewStore Store => fixture.Store;

    [Fact]
    public async Task Data_survives_reopening_the_file()
    {
        var path = Path.Combine(fixture.Directory, "reopen.db");
        var interview = NewInterview(NewTenant());
        await new SqliteInterviewStore(new SqliteDatabase(path)).CreateAsync(interview, default);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var reopened = new SqliteInterviewStore(new SqliteDatabase(path));

        Assert.Equal(interview.Id, (await reopened.FindAsync(interview.TenantId, interview.Id, default))?.Id);
    }
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosInterviewStoreTests : InterviewStoreContract, IDisposable
{
    private readonly CosmosContainers _containers;

    public CosmosInterviewStoreTests(CosmosEmulator emulator)
    {
        _containers = emulator.Containers("contract");
        Store = new CosmosInterviewStore(_containers);
    }

    protected override IInterviewStore Store { get; }

    public void Dispose() => _containers.Dispose();
}
