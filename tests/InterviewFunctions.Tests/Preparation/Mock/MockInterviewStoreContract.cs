using InterviewFunctions.App.Storage.Cosmos;
using InterviewFunctions.App.Storage.Sqlite;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation.Bank;
using InterviewFunctions.Core.Preparation.Mock;
using InterviewFunctions.Tests.Storage;
using InterviewFunctions.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.Tests.Preparation.Mock;

/// <summary>What every mock interview store must do, run unchanged against each adapter; each test works in a tenant of its own.</summary>
public abstract class MockInterviewStoreContract
{
    private static readonly DateTimeOffset Base = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    protected abstract IMockInterviewStore Store { get; }

    protected static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..12];

    protected static MockInterview NewSession(string tenant, string owner = "ada@example.com", int minutes = 0)
    {
        var question = MockPrompts.GeneralBehavioral[0];
        return new MockInterview
        {
            Id = Guid.CreateVersion7(Base.AddMinutes(minutes)).ToString(),
            TenantId = tenant,
            Owner = owner,
            Kind = MockKind.Behavioral,
            Difficulty = QuestionDifficulty.Medium,
            Persona = MockPersona.Ruthless,
            QuestionCount = 1,
            TimeLimitMinutes = 30,
            JobId = "job-7",
            StartedAt = Base.AddMinutes(minutes),
            Plan = [question],
            Turns = [new MockTurn { Number = 1, QuestionId = question.Id, Question = question.Text, AskedAt = Base.AddMinutes(minutes) }],
        };
    }

    [Fact]
    public async Task A_created_session_reads_back_whole_with_an_etag_and_only_for_its_owner_in_its_tenant()
    {
        var tenant = NewTenant();
        var session = MockInterviewConductor.Answer(NewSession(tenant), MockConductorTests.NoResultStory, Base.AddMinutes(3));

        var created = await Store.CreateAsync(session, default);
        var found = await Store.FindAsync(tenant, session.Owner, session.Id, default);

        Assert.False(string.IsNullOrEmpty(created.ETag));
        Assert.NotNull(found);
        Assert.Equal(created.ETag, found.ETag);
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(session, App.Storage.StoredJson.Options),
            System.Text.Json.JsonSerializer.Serialize(found, App.Storage.StoredJson.Options));
        Assert.Equal(MockGap.Result, found.Current!.FollowUpFor);
        Assert.Equal(session.Turns[0].Scores, found.Turns[0].Scores);
        Assert.Null(await Store.FindAsync(tenant, "grace@example.com", session.Id, default));
        Assert.Null(await Store.FindAsync(NewTenant(), session.Owner, session.Id, default));
        Assert.Null(await Store.FindAsync(tenant, session.Owner, "no-such-session", default));
    }

    [Fact]
    public async Task Creating_the_same_id_twice_is_refused()
    {
        var session = NewSession(NewTenant());
        await Store.CreateAsync(session, default);

        await Assert.ThrowsAsync<MockInterviewAlreadyExistsException>(() => Store.CreateAsync(session with { JobId = "other" }, default));
        Assert.Equal("job-7", (await Store.FindAsync(session.TenantId, session.Owner, session.Id, default))!.JobId);
    }

    [Fact]
    public async Task Two_answers_racing_from_the_same_read_one_wins_and_the_other_is_stale()
    {
        var created = await Store.CreateAsync(NewSession(NewTenant()), default);

        var first = MockInterviewConductor.Answer(created, MockConductorTests.StrongStory, Base.AddMinutes(2));
        var second = MockInterviewConductor.Answer(created, MockConductorTests.WeakStory, Base.AddMinutes(2));
        var outcomes = await Task.WhenAll(
            Attempt(() => Store.ReplaceAsync(first, default)),
            Attempt(() => Store.ReplaceAsync(second, default)));

        Assert.Single(outcomes, o => o is null);
        Assert.Single(outcomes, o => o is StaleMockInterviewException);
        var stored = (await Store.FindAsync(created.TenantId, created.Owner, created.Id, default))!;
        Assert.NotEqual(created.ETag, stored.ETag);
        Assert.Contains(stored.Turns[0].Answer, new[] { MockConductorTests.StrongStory, MockConductorTests.WeakStory });
        // Whichever answer won is stored whole: its state too (a weak answer may leave a follow-up open).
        var winner = stored.Turns[0].Answer == MockConductorTests.StrongStory ? first : second;
        Assert.Equal(winner.State, stored.State);
        Assert.Equal(winner.Turns.Count, stored.Turns.Count);
        await Assert.ThrowsAsync<StaleMockInterviewException>(() => Store.ReplaceAsync(created with { JobId = "lost" }, default));
    }

    [Fact]
    public async Task Replace_of_a_session_that_does_not_exist_is_stale()
    {
        await Assert.ThrowsAsync<StaleMockInterviewException>(() => Store.ReplaceAsync(NewSession(NewTenant()) with { ETag = "\"nope\"" }, default));
    }

    [Fact]
    public async Task A_page_lists_only_the_owners_sessions_in_start_order_and_continues_where_it_stopped()
    {
        var tenant = NewTenant();
        var mine = new List<MockInterview>();
        for (var i = 0; i < 5; i++)
        {
            mine.Add(await Store.CreateAsync(NewSession(tenant, minutes: 10 - i), default));
        }
        await Store.CreateAsync(NewSession(tenant, owner: "grace@example.com"), default);
        await Store.CreateAsync(NewSession(NewTenant()), default);

        var first = await Store.ListAsync(tenant, "ada@example.com", 2, null, default);
        var second = await Store.ListAsync(tenant, "ada@example.com", 2, first.ContinuationToken, default);
        var third = await Store.ListAsync(tenant, "ada@example.com", 2, second.ContinuationToken, default);

        Assert.Equal(mine.OrderBy(s => s.StartedAt).Select(s => s.Id), first.Items.Concat(second.Items).Concat(third.Items).Select(s => s.Id));
        Assert.Equal([2, 2, 1], new[] { first.Items.Count, second.Items.Count, third.Items.Count });
        Assert.Null(third.ContinuationToken);
        Assert.All(first.Items, s => Assert.False(string.IsNullOrEmpty(s.ETag)));
    }

    [Fact]
    public async Task A_continuation_token_the_store_did_not_hand_out_is_refused()
    {
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => Store.ListAsync(NewTenant(), "ada@example.com", 10, "not!base64", default));
    }

    private static async Task<Exception?> Attempt(Func<Task> write)
    {
        try
        {
            await write();
            return null;
        }
        catch (StaleMockInterviewException e)
        {
            return e;
        }
    }
}

public sealed class SqliteMockInterviewStoreTests(SqliteStoreFixture fixture) : MockInterviewStoreContract, IClassFixture<SqliteStoreFixture>
{
    protected override IMockInterviewStore Store { get; } = new SqliteMockInterviewStore(new SqliteDatabase(Path.Combine(fixture.Directory, "mock.db")));

    [Fact]
    public async Task A_version_3_file_is_upgraded_in_place_keeping_its_stories_and_gaining_the_mock_interview_table()
    {
        var path = Path.Combine(fixture.Directory, $"v3-{Guid.NewGuid():N}.db");
        SQLitePCL.Batteries_V2.Init();
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The version 3 schema's story table as it shipped, with one story in it (interviews are not needed here).
            command.CommandText = """
                CREATE TABLE interviews (tenant_id TEXT NOT NULL, id TEXT NOT NULL, etag TEXT NOT NULL, status TEXT NOT NULL, type TEXT NOT NULL,
                    company_key TEXT NOT NULL, job_id TEXT, start_utc TEXT NOT NULL, candidate_email TEXT NOT NULL, next_dispatch_utc TEXT,
                    doc TEXT NOT NULL, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
                CREATE TABLE idempotency_keys (tenant_id TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, interview_id TEXT NOT NULL,
                    created_utc TEXT NOT NULL, PRIMARY KEY (tenant_id, key)) WITHOUT ROWID;
                CREATE TABLE stories (tenant_id TEXT NOT NULL, id TEXT NOT NULL, owner TEXT NOT NULL, etag TEXT NOT NULL, doc TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
                INSERT INTO stories VALUES ('acme', 's-1', 'ada@example.com', 'e1', '{"id":"s-1","tenantId":"acme","docType":"story","owner":"ada@example.com","title":"T","situation":"S","task":"T","action":"A","result":"R","createdAt":"2026-11-01T00:00:00+00:00","updatedAt":"2026-11-01T00:00:00+00:00"}');
                PRAGMA user_version = 3;
                """;
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        var database = new SqliteDatabase(path);
        var stories = new SqliteStoryStore(database);
        var sessions = new SqliteMockInterviewStore(database);
        var session = await sessions.CreateAsync(NewSession("acme"), default);

        Assert.Equal("T", (await stories.FindAsync("acme", "ada@example.com", "s-1", default))?.Title);
        Assert.Equal(session.Id, (await sessions.FindAsync("acme", session.Owner, session.Id, default))?.Id);
        Assert.Equal(App.Storage.Sqlite.SqliteDatabase.InterviewSchemaVersion, await SqliteSchema.VersionAsync(database));
    }
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosMockInterviewStoreTests : MockInterviewStoreContract, IDisposable
{
    private readonly CosmosContainers _containers;

    public CosmosMockInterviewStoreTests(CosmosEmulator emulator)
    {
        _containers = emulator.Containers("mock-contract");
        Store = new CosmosMockInterviewStore(_containers);
    }

    protected override IMockInterviewStore Store { get; }

    public void Dispose() => _containers.Dispose();
}
