using InterviewFunctions.App.Storage.Cosmos;
using InterviewFunctions.App.Storage.Sqlite;
using InterviewFunctions.Core.Calendar.Feeds;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.Tests.Calendar;

/// <summary>What every feed token store must do, run unchanged against each adapter; each test works in a tenant of its own.</summary>
public abstract class FeedTokenStoreContract
{
    private static readonly DateTimeOffset Base = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    protected abstract IFeedTokenStore Store { get; }

    private static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..12];

    private static (FeedToken Token, string Secret) NewToken(string tenant, string owner = "key-ada", int minutes = 0)
    {
        var secret = FeedToken.NewSecret();
        return (new FeedToken
        {
            Id = Guid.CreateVersion7(Base.AddMinutes(minutes)).ToString(),
            TenantId = tenant,
            Owner = owner,
            Email = "ada@example.com",
            Label = "Outlook",
            SecretHash = FeedToken.HashSecret(secret),
            CreatedAt = Base.AddMinutes(minutes),
        }, secret);
    }

    [Fact]
    public async Task A_token_is_found_by_its_secret_hash_from_any_tenant_and_reads_back_whole()
    {
        var (token, secret) = NewToken(NewTenant());
        await Store.CreateAsync(token, default);

        var found = await Store.FindBySecretHashAsync(FeedToken.HashSecret(secret), default);

        Assert.Equal(token, found);
        Assert.Null(await Store.FindBySecretHashAsync(FeedToken.HashSecret(FeedToken.NewSecret()), default));
    }

    [Fact]
    public async Task Tokens_are_listed_for_their_owner_in_their_tenant_oldest_first()
    {
        var tenant = NewTenant();
        var (second, _) = NewToken(tenant, minutes: 5);
        var (first, _) = NewToken(tenant, minutes: 1);
        var (others, _) = NewToken(tenant, owner: "key-bob");
        await Store.CreateAsync(second, default);
        await Store.CreateAsync(first, default);
        await Store.CreateAsync(others, default);

        Assert.Equal([first.Id, second.Id], (await Store.ListAsync(tenant, "key-ada", default)).Select(t => t.Id));
        Assert.Equal([others.Id], (await Store.ListAsync(tenant, "key-bob", default)).Select(t => t.Id));
        Assert.Empty(await Store.ListAsync(NewTenant(), "key-ada", default));
    }

    [Fact]
    public async Task Revoking_removes_the_token_for_its_owner_only()
    {
        var tenant = NewTenant();
        var (token, secret) = NewToken(tenant);
        await Store.CreateAsync(token, default);

        Assert.False(await Store.RevokeAsync(tenant, "key-bob", token.Id, default));
        Assert.False(await Store.RevokeAsync(NewTenant(), "key-ada", token.Id, default));
        Assert.NotNull(await Store.FindBySecretHashAsync(token.SecretHash, default));

        Assert.True(await Store.RevokeAsync(tenant, "key-ada", token.Id, default));
        Assert.Null(await Store.FindBySecretHashAsync(FeedToken.HashSecret(secret), default));
        Assert.Empty(await Store.ListAsync(tenant, "key-ada", default));
        Assert.False(await Store.RevokeAsync(tenant, "key-ada", token.Id, default));
        Assert.False(await Store.RevokeAsync(tenant, "key-ada", "no/such?id", default));
    }

    [Fact]
    public async Task Creating_the_same_id_twice_is_refused()
    {
        var (token, _) = NewToken(NewTenant());
        await Store.CreateAsync(token, default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CreateAsync(token with { Label = "again" }, default));
    }
}

public sealed class SqliteFeedTokenStoreTests : FeedTokenStoreContract, IDisposable
{
    private readonly string _directory = RepoPaths.NewTempDirectory("if-feedtokens");
    private readonly SqliteDatabase _database;

    public SqliteFeedTokenStoreTests()
    {
        _database = new SqliteDatabase(Path.Combine(_directory, "interviews.db"));
        Store = new SqliteFeedTokenStore(_database);
    }

    protected override IFeedTokenStore Store { get; }

    [Fact]
    public async Task A_file_of_the_previous_schema_version_gains_the_token_table()
    {
        var path = Path.Combine(_directory, "old.db");
        // A file as version 6 left it (today's schema without the token table): the upgrade step must add the table.
        using (new SqliteDatabase(path))
        {
        }
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE feed_tokens; PRAGMA user_version = 8;";
            command.ExecuteNonQuery();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        using var upgraded = new SqliteDatabase(path);
        var store = new SqliteFeedTokenStore(upgraded);
        var secret = FeedToken.NewSecret();
        await store.CreateAsync(new FeedToken { Id = "t1", TenantId = "acme", Owner = "o", Email = "a@b.test", SecretHash = FeedToken.HashSecret(secret), CreatedAt = DateTimeOffset.UnixEpoch }, default);

        Assert.Equal("t1", (await store.FindBySecretHashAsync(FeedToken.HashSecret(secret), default))?.Id);
    }

    public void Dispose()
    {
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        RepoPaths.DeleteQuietly(_directory);
    }
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosFeedTokenStoreTests : FeedTokenStoreContract, IDisposable
{
    private readonly CosmosContainers _containers;

    public CosmosFeedTokenStoreTests(CosmosEmulator emulator)
    {
        _containers = emulator.Containers("feedtokens");
        Store = new CosmosFeedTokenStore(_containers);
    }

    protected override IFeedTokenStore Store { get; }

    public void Dispose() => _containers.Dispose();
}
