using InterviewFunctions.App.Storage;
using InterviewFunctions.App.Storage.Cosmos;
using InterviewFunctions.App.Storage.Sqlite;
using InterviewFunctions.Core.Evaluation;
using InterviewFunctions.Tests.Storage;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.Tests.Evaluation;

/// <summary>What every evaluation store must do, run unchanged against each adapter; each test works in a tenant of its own.</summary>
public abstract class EvaluationStoreContract
{
    private static readonly DateTimeOffset Base = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    protected abstract IEvaluationStore Store { get; }

    protected static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..12];

    protected static InterviewEvaluation NewEvaluation(string tenant, string subjectId = "iv-1", int seconds = 0, EvaluationSubject subject = EvaluationSubject.Interview) => new()
    {
        Id = Guid.NewGuid().ToString(),
        TenantId = tenant,
        Subject = subject,
        SubjectId = subjectId,
        TranscriptFormat = "json",
        Turns = Transcripts.Strong(),
        SubmittedBy = "recruiter",
        CreatedAt = Base.AddSeconds(seconds),
        UpdatedAt = Base.AddSeconds(seconds),
    };

    [Fact]
    public async Task A_created_evaluation_reads_back_whole_with_an_etag_and_only_in_its_tenant()
    {
        var tenant = NewTenant();
        var evaluation = NewEvaluation(tenant) with
        {
            Status = EvaluationStatus.Succeeded,
            Attempts = 2,
            Error = "transient",
            Assessment = OfflineInterviewEvaluator.Evaluate(Transcripts.Input(Transcripts.Strong())),
            Decision = new EvaluationDecision(HiringDecision.Hold, "key:acme-admin", Base.AddHours(1), "More references."),
        };

        var created = await Store.CreateAsync(evaluation, default);
        var found = await Store.FindAsync(tenant, evaluation.Id, default);

        Assert.False(string.IsNullOrEmpty(created.ETag));
        Assert.NotNull(found);
        Assert.Equal(created.ETag, found.ETag);
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(evaluation, StoredJson.Options),
            System.Text.Json.JsonSerializer.Serialize(found, StoredJson.Options));
        Assert.Equal(TimeSpan.FromMinutes(4.2), found.Turns[3].At);
        Assert.Null(await Store.FindAsync(NewTenant(), evaluation.Id, default));
        Assert.Null(await Store.FindAsync(tenant, "no-such-evaluation", default));
    }

    [Fact]
    public async Task Creating_the_same_id_twice_is_refused()
    {
        var evaluation = NewEvaluation(NewTenant());
        await Store.CreateAsync(evaluation, default);

        await Assert.ThrowsAsync<EvaluationAlreadyExistsException>(() => Store.CreateAsync(evaluation with { SubmittedBy = "other" }, default));
        Assert.Equal("recruiter", (await Store.FindAsync(evaluation.TenantId, evaluation.Id, default))!.SubmittedBy);
    }

    [Fact]
    public async Task Two_writers_from_the_same_read_one_wins_and_the_other_is_stale()
    {
        var created = await Store.CreateAsync(NewEvaluation(NewTenant()), default);

        var running = await Store.ReplaceAsync(created with { Status = EvaluationStatus.Running, Attempts = 1 }, default);
        await Assert.ThrowsAsync<StaleEvaluationException>(() => Store.ReplaceAsync(created with { Status = EvaluationStatus.Failed }, default));

        Assert.NotEqual(created.ETag, running.ETag);
        Assert.Equal(EvaluationStatus.Running, (await Store.FindAsync(created.TenantId, created.Id, default))!.Status);
        await Assert.ThrowsAsync<StaleEvaluationException>(() => Store.ReplaceAsync(NewEvaluation(created.TenantId) with { ETag = running.ETag }, default));
    }

    [Fact]
    public async Task The_latest_of_a_subject_is_the_last_created_of_that_subject_in_that_tenant()
    {
        var tenant = NewTenant();
        var first = await Store.CreateAsync(NewEvaluation(tenant, "iv-1", 0), default);
        var second = await Store.CreateAsync(NewEvaluation(tenant, "iv-1", 30), default);
        await Store.CreateAsync(NewEvaluation(tenant, "iv-2", 60), default);
        await Store.CreateAsync(NewEvaluation(tenant, "iv-1", 90, EvaluationSubject.MockInterview), default);
        await Store.CreateAsync(NewEvaluation(NewTenant(), "iv-1", 120), default);

        Assert.Equal(second.Id, (await Store.FindLatestAsync(tenant, EvaluationSubject.Interview, "iv-1", default))?.Id);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Null(await Store.FindLatestAsync(tenant, EvaluationSubject.Interview, "iv-3", default));
        Assert.Null(await Store.FindLatestAsync(NewTenant(), EvaluationSubject.Interview, "iv-1", default));
    }

    [Fact]
    public async Task Erasing_a_subject_removes_its_evaluations_and_nothing_else()
    {
        var tenant = NewTenant();
        var one = await Store.CreateAsync(NewEvaluation(tenant, "iv-1", 0), default);
        await Store.CreateAsync(NewEvaluation(tenant, "iv-1", 10), default);
        var other = await Store.CreateAsync(NewEvaluation(tenant, "iv-2", 20), default);

        Assert.Equal(2, await Store.DeleteForSubjectAsync(tenant, EvaluationSubject.Interview, "iv-1", default));

        Assert.Null(await Store.FindAsync(tenant, one.Id, default));
        Assert.Null(await Store.FindLatestAsync(tenant, EvaluationSubject.Interview, "iv-1", default));
        Assert.NotNull(await Store.FindAsync(tenant, other.Id, default));
        Assert.Equal(0, await Store.DeleteForSubjectAsync(tenant, EvaluationSubject.Interview, "iv-1", default));
    }

    [Fact]
    public async Task Unsettled_evaluations_of_every_tenant_are_found_by_when_their_message_went_out_until_they_settle_or_are_sent_again()
    {
        var tenant = NewTenant();
        var other = NewTenant();
        // Years back, so that the contract's other evaluations (created around Base) never fall before these cut-offs.
        var old = new DateTimeOffset(2001, 3, 4, 5, 6, 7, TimeSpan.Zero);
        InterviewEvaluation At(string t, DateTimeOffset at, EvaluationStatus status) => NewEvaluation(t) with { CreatedAt = at, UpdatedAt = at, Status = status };
        var queued = await Store.CreateAsync(At(tenant, old, EvaluationStatus.Queued), default);
        var running = await Store.CreateAsync(At(other, old.AddMinutes(1), EvaluationStatus.Running), default);
        await Store.CreateAsync(At(tenant, old, EvaluationStatus.Succeeded), default);
        await Store.CreateAsync(At(tenant, old, EvaluationStatus.Failed), default);
        var recent = await Store.CreateAsync(At(tenant, old.AddMinutes(30), EvaluationStatus.Queued), default);
        IEnumerable<string> Mine(IReadOnlyList<InterviewEvaluation> found) =>
            found.Where(e => e.TenantId == tenant || e.TenantId == other).Select(e => e.Id).Order(StringComparer.Ordinal);

        Assert.Equal(new[] { queued.Id, running.Id }.Order(StringComparer.Ordinal), Mine(await Store.ListPendingAsync(old.AddMinutes(15), 1000, default)));
        Assert.Empty(Mine(await Store.ListPendingAsync(old, 1000, default)));
        Assert.Single(await Store.ListPendingAsync(old.AddMinutes(15), 1, default));

        await Store.ReplaceAsync(queued with { ResentAt = old.AddMinutes(20) }, default);
        await Store.ReplaceAsync(running with { Status = EvaluationStatus.Succeeded }, default);

        Assert.Empty(Mine(await Store.ListPendingAsync(old.AddMinutes(15), 1000, default)));
        Assert.Equal(new[] { queued.Id, recent.Id }.Order(StringComparer.Ordinal), Mine(await Store.ListPendingAsync(old.AddMinutes(31), 1000, default)));
    }

    [Fact]
    public async Task A_running_evaluation_is_pending_from_its_workers_latest_heartbeat_and_shows_which_start_it_is()
    {
        var tenant = NewTenant();
        var old = new DateTimeOffset(2002, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var running = await Store.CreateAsync(NewEvaluation(tenant) with
        {
            CreatedAt = old, UpdatedAt = old, Status = EvaluationStatus.Running, Attempts = 2, StartedAt = old.AddMinutes(1), HeartbeatAt = old.AddMinutes(1),
        }, default);
        IEnumerable<string> Mine(IReadOnlyList<InterviewEvaluation> found) => found.Where(e => e.TenantId == tenant).Select(e => e.Id);

        Assert.Equal([running.Id], Mine(await Store.ListPendingAsync(old.AddMinutes(2), 1000, default)));

        var beaten = await Store.ReplaceAsync(running with { HeartbeatAt = old.AddMinutes(40) }, default);
        var found = (await Store.FindAsync(tenant, running.Id, default))!;

        Assert.Equal(old.AddMinutes(40), found.PendingSince);
        Assert.Equal(new InterviewFunctions.Core.Queues.RunningWorker(2, old.AddMinutes(40)), found.Worker);
        Assert.Equal(beaten.ETag, found.ETag);
        Assert.Empty(Mine(await Store.ListPendingAsync(old.AddMinutes(40), 1000, default)));
        Assert.Equal([running.Id], Mine(await Store.ListPendingAsync(old.AddMinutes(41), 1000, default)));
        await Assert.ThrowsAsync<StaleEvaluationException>(() => Store.ReplaceAsync(running with { HeartbeatAt = old.AddMinutes(41) }, default));

        await Store.ReplaceAsync(found with { Status = EvaluationStatus.Succeeded }, default);
        Assert.Empty(Mine(await Store.ListPendingAsync(old.AddDays(1), 1000, default)));
    }

    [Fact]
    public async Task The_first_create_claim_of_an_idempotency_key_stands_for_a_retry()
    {
        var tenant = NewTenant();
        var first = await Store.ClaimCreateAsync(new InterviewFunctions.Core.Jobs.CreateClaim(tenant, "key-1", "h1", "e-1", Base), TimeSpan.FromHours(24), default);
        var retry = await Store.ClaimCreateAsync(new InterviewFunctions.Core.Jobs.CreateClaim(tenant, "key-1", "h2", "e-2", Base.AddSeconds(1)), TimeSpan.FromHours(24), default);

        Assert.Equal(("h1", "e-1"), (first.RequestHash, first.ResourceId));
        Assert.Equal(("h1", "e-1"), (retry.RequestHash, retry.ResourceId));
    }
}

public sealed class SqliteEvaluationStoreTests(SqliteStoreFixture fixture) : EvaluationStoreContract, IClassFixture<SqliteStoreFixture>
{
    protected override IEvaluationStore Store { get; } = new SqliteEvaluationStore(new SqliteDatabase(Path.Combine(fixture.Directory, "evaluations.db")));

    [Fact]
    public async Task A_version_5_file_is_upgraded_in_place_and_gains_the_evaluation_table()
    {
        var path = Path.Combine(fixture.Directory, $"v5-{Guid.NewGuid():N}.db");
        // A version 5 file is today's file without the evaluation table.
        using (new SqliteDatabase(path))
        {
        }
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var downgrade = connection.CreateCommand();
            downgrade.CommandText = "DROP TABLE evaluations; PRAGMA user_version = 6;";
            downgrade.ExecuteNonQuery();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var database = new SqliteDatabase(path);
        var store = new SqliteEvaluationStore(database);
        var created = await store.CreateAsync(NewEvaluation("acme"), default);

        Assert.Equal(created.Id, (await store.FindAsync("acme", created.Id, default))?.Id);
        Assert.Equal(App.Storage.Sqlite.SqliteDatabase.InterviewSchemaVersion, await SqliteSchema.VersionAsync(database));
    }
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosEvaluationStoreTests : EvaluationStoreContract, IDisposable
{
    private readonly CosmosContainers _containers;

    public CosmosEvaluationStoreTests(CosmosEmulator emulator)
    {
        _containers = emulator.Containers("evaluation-contract");
        Store = new CosmosEvaluationStore(_containers);
    }

    protected override IEvaluationStore Store { get; }

    public void Dispose() => _containers.Dispose();
}
