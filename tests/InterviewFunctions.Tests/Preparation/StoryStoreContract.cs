using InterviewFunctions.App.Storage.Cosmos;
using InterviewFunctions.App.Storage.Sqlite;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation.Stories;
using InterviewFunctions.Tests.Storage;
using InterviewFunctions.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.Tests.Preparation;

/// <summary>What every story store must do, run unchanged against each adapter; each test works in a tenant of its own.</summary>
public abstract class StoryStoreContract
{
    private static readonly DateTimeOffset Base = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    protected abstract IStoryStore Store { get; }

    protected static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..12];

    protected static StarStory NewStory(string tenant, string owner = "ada@example.com", int minutes = 0) => new()
    {
        Id = Guid.CreateVersion7(Base.AddMinutes(minutes)).ToString(),
        TenantId = tenant,
        Owner = owner,
        Title = "Rota dispute",
        Situation = "Two nurses wanted the same week off.",
        Task = "Find a fair answer before the rota closed.",
        Action = "I met both, checked the leave history and proposed a swap.",
        Result = "Both accepted; no complaint followed.",
        Competencies = ["conflict-resolution"],
        Tags = ["rota"],
        CreatedAt = Base.AddMinutes(minutes),
        UpdatedAt = Base.AddMinutes(minutes),
    };

    [Fact]
    public async Task A_created_story_reads_back_whole_with_an_etag_and_only_for_its_owner_in_its_tenant()
    {
        var tenant = NewTenant();
        var story = NewStory(tenant);

        var created = await Store.CreateAsync(story, default);
        var found = await Store.FindAsync(tenant, story.Owner, story.Id, default);

        Assert.False(string.IsNullOrEmpty(created.ETag));
        Assert.NotNull(found);
        Assert.Equal(created.ETag, found.ETag);
        Assert.Equal(story.Competencies, found.Competencies);
        Assert.Equal(story.Tags, found.Tags);
        Assert.Equal(story with { ETag = created.ETag }, found with { Competencies = story.Competencies, Tags = story.Tags });
        Assert.Null(await Store.FindAsync(tenant, "grace@example.com", story.Id, default));
        Assert.Null(await Store.FindAsync(NewTenant(), story.Owner, story.Id, default));
        Assert.Null(await Store.FindAsync(tenant, story.Owner, "no-such-story", default));
    }

    [Fact]
    public async Task Creating_the_same_id_twice_is_refused()
    {
        var story = NewStory(NewTenant());
        await Store.CreateAsync(story, default);

        await Assert.ThrowsAsync<StoryAlreadyExistsException>(() => Store.CreateAsync(story with { Title = "Other" }, default));
        Assert.Equal("Rota dispute", (await Store.FindAsync(story.TenantId, story.Owner, story.Id, default))!.Title);
    }

    [Fact]
    public async Task Replace_needs_the_current_etag_and_issues_a_new_one()
    {
        var created = await Store.CreateAsync(NewStory(NewTenant()), default);

        var replaced = await Store.ReplaceAsync(created with { Title = "Leave swap", Revision = 2 }, default);

        Assert.NotEqual(created.ETag, replaced.ETag);
        Assert.Equal("Leave swap", (await Store.FindAsync(created.TenantId, created.Owner, created.Id, default))!.Title);
        await Assert.ThrowsAsync<StaleStoryException>(() => Store.ReplaceAsync(created with { Title = "Lost update" }, default));
        Assert.Equal("Leave swap", (await Store.FindAsync(created.TenantId, created.Owner, created.Id, default))!.Title);
    }

    [Fact]
    public async Task A_page_lists_only_the_owners_stories_in_creation_order_and_continues_where_it_stopped()
    {
        var tenant = NewTenant();
        var mine = new List<StarStory>();
        for (var i = 0; i < 5; i++)
        {
            mine.Add(await Store.CreateAsync(NewStory(tenant, minutes: 10 - i), default));
        }
        await Store.CreateAsync(NewStory(tenant, owner: "grace@example.com"), default);
        await Store.CreateAsync(NewStory(NewTenant()), default);

        var first = await Store.ListAsync(tenant, "ada@example.com", 2, null, default);
        var second = await Store.ListAsync(tenant, "ada@example.com", 2, first.ContinuationToken, default);
        var third = await Store.ListAsync(tenant, "ada@example.com", 2, second.ContinuationToken, default);

        var expected = mine.OrderBy(s => s.CreatedAt).Select(s => s.Id).ToList();
        Assert.Equal(expected, first.Items.Concat(second.Items).Concat(third.Items).Select(s => s.Id));
        Assert.Equal([2, 2, 1], new[] { first.Items.Count, second.Items.Count, third.Items.Count });
        Assert.NotNull(first.ContinuationToken);
        Assert.Null(third.ContinuationToken);
        Assert.All(first.Items, s => Assert.False(string.IsNullOrEmpty(s.ETag)));
        Assert.Empty((await Store.ListAsync(NewTenant(), "ada@example.com", 10, null, default)).Items);
    }

    [Fact]
    public async Task A_continuation_token_the_store_did_not_hand_out_is_refused()
    {
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => Store.ListAsync(NewTenant(), "ada@example.com", 10, "not!base64", default));
    }

    [Fact]
    public async Task Delete_removes_only_the_owners_story()
    {
        var story = await Store.CreateAsync(NewStory(NewTenant()), default);

        Assert.False(await Store.DeleteAsync(story.TenantId, "grace@example.com", story.Id, default));
        Assert.NotNull(await Store.FindAsync(story.TenantId, story.Owner, story.Id, default));
        Assert.True(await Store.DeleteAsync(story.TenantId, story.Owner, story.Id, default));
        Assert.False(await Store.DeleteAsync(story.TenantId, story.Owner, story.Id, default));
        Assert.Null(await Store.FindAsync(story.TenantId, story.Owner, story.Id, default));
        await Assert.ThrowsAsync<StaleStoryException>(() => Store.ReplaceAsync(story with { Title = "Gone" }, default));
    }
}

public sealed class SqliteStoryStoreTests(SqliteStoreFixture fixture) : StoryStoreContract, IClassFixture<SqliteStoreFixture>
{
    protected override IStoryStore Store { get; } = new SqliteStoryStore(new SqliteDatabase(Path.Combine(fixture.Directory, "stories.db")));

    [Fact]
    public async Task A_version_2_file_is_upgraded_in_place_keeping_its_interviews_and_gaining_the_story_table()
    {
        var path = Path.Combine(fixture.Directory, $"v2-{Guid.NewGuid():N}.db");
        SQLitePCL.Batteries_V2.Init();
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The version 2 schema as it shipped, with one interview in it.
            command.CommandText = """
                CREATE TABLE interviews (tenant_id TEXT NOT NULL, id TEXT NOT NULL, etag TEXT NOT NULL, status TEXT NOT NULL, type TEXT NOT NULL,
                    company_key TEXT NOT NULL, job_id TEXT, start_utc TEXT NOT NULL, candidate_email TEXT NOT NULL, next_dispatch_utc TEXT,
                    doc TEXT NOT NULL, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
                CREATE TABLE idempotency_keys (tenant_id TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, interview_id TEXT NOT NULL,
                    created_utc TEXT NOT NULL, PRIMARY KEY (tenant_id, key)) WITHOUT ROWID;
                INSERT INTO interviews VALUES ('acme', 'i-1', 'e1', 'scheduled', 'technical', 'acme', NULL, '2027-01-10T09:00:00Z', 'ada@example.com', NULL,
                    '{"id":"i-1","tenantId":"acme","docType":"interview","candidate":{"name":"Ada","email":"ada@example.com","timeZone":"Europe/London"},"company":"Acme","role":"Engineer","type":"technical","scheduledStart":"2027-01-10T09:00:00Z","timeZone":"Europe/London","durationMinutes":60,"createdAt":"2026-11-01T00:00:00+00:00","updatedAt":"2026-11-01T00:00:00+00:00"}');
                PRAGMA user_version = 2;
                """;
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        var database = new SqliteDatabase(path);
        var interviews = new SqliteInterviewStore(database);
        var stories = new SqliteStoryStore(database);
        var story = await stories.CreateAsync(NewStory("acme"), default);

        Assert.Equal("Acme", (await interviews.FindAsync("acme", "i-1", default))?.Company);
        Assert.Equal(story.Id, (await stories.FindAsync("acme", story.Owner, story.Id, default))?.Id);
        Assert.Equal(App.Storage.Sqlite.SqliteDatabase.InterviewSchemaVersion, await SqliteSchema.VersionAsync(database));
    }
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosStoryStoreTests : StoryStoreContract, IDisposable
{
    private readonly CosmosContainers _containers;

    public CosmosStoryStoreTests(CosmosEmulator emulator)
    {
        _containers = emulator.Containers("stories-contract");
        Store = new CosmosStoryStore(_containers);
    }

    protected override IStoryStore Store { get; }

    public void Dispose() => _containers.Dispose();
}
