using InterviewFunctions.App.Storage.Cosmos;
using InterviewFunctions.App.Storage.Sqlite;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Tests.Storage;
using InterviewFunctions.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.Tests.Hiring;

/// <summary>What every job store must do, run unchanged against each adapter; each test works in a tenant of its own.</summary>
public abstract class JobStoreContract
{
    internal static readonly DateTimeOffset Base = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    protected abstract IJobStore Store { get; }

    protected static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..12];

    internal static Job NewJob(string tenant, string id, string title = "Site Engineer", JobStatus status = JobStatus.Open, string? domain = "civil-engineering") => new()
    {
        Id = id,
        TenantId = tenant,
        Title = title,
        Domain = domain,
        Department = "Infrastructure",
        Description = "Supervise earthworks.",
        RequiredSkills = ["AutoCAD", "Site safety"],
        NiceToHaveSkills = ["Revit"],
        Experience = new ExperienceRange(3, 8),
        Location = "Leeds",
        Workplace = Workplace.Onsite,
        Status = status,
        CreatedAt = Base,
        UpdatedAt = Base,
    };

    [Fact]
    public async Task A_created_job_reads_back_whole_with_an_etag_and_only_in_its_tenant()
    {
        var tenant = NewTenant();
        var job = NewJob(tenant, "job-1");

        var created = await Store.CreateAsync(job, default);
        var found = await Store.FindAsync(tenant, job.Id, default);

        Assert.False(string.IsNullOrEmpty(created.ETag));
        Assert.NotNull(found);
        Assert.Equal(created.ETag, found.ETag);
        Assert.Equal(job.RequiredSkills, found.RequiredSkills);
        Assert.Equal(job.NiceToHaveSkills, found.NiceToHaveSkills);
        Assert.Equal(job with { ETag = created.ETag, RequiredSkills = found.RequiredSkills, NiceToHaveSkills = found.NiceToHaveSkills }, found);
        Assert.Null(await Store.FindAsync(NewTenant(), job.Id, default));
        Assert.Null(await Store.FindAsync(tenant, "no-such-job", default));
    }

    [Fact]
    public async Task Creating_the_same_id_twice_is_refused()
    {
        var job = NewJob(NewTenant(), "job-1");
        await Store.CreateAsync(job, default);

        await Assert.ThrowsAsync<JobAlreadyExistsException>(() => Store.CreateAsync(job with { Title = "Other" }, default));
        Assert.Equal("Site Engineer", (await Store.FindAsync(job.TenantId, job.Id, default))?.Title);
    }

    [Fact]
    public async Task A_replace_needs_the_current_etag_and_gives_a_new_one()
    {
        var created = await Store.CreateAsync(NewJob(NewTenant(), "job-1"), default);

        var replaced = await Store.ReplaceAsync(created with { Title = "Senior Site Engineer", Status = JobStatus.OnHold, Revision = 2 }, default);

        Assert.NotEqual(created.ETag, replaced.ETag);
        await Assert.ThrowsAsync<StaleJobException>(() => Store.ReplaceAsync(created with { Title = "Lost update" }, default));
        var found = await Store.FindAsync(created.TenantId, created.Id, default);
        Assert.Equal(("Senior Site Engineer", JobStatus.OnHold, 2), (found!.Title, found.Status, found.Revision));
        await Assert.ThrowsAsync<StaleJobException>(() => Store.ReplaceAsync(NewJob(created.TenantId, "never-created") with { ETag = replaced.ETag }, default));
    }

    [Fact]
    public async Task Listing_filters_by_status_domain_and_title_text_in_id_order()
    {
        var tenant = NewTenant();
        await Store.CreateAsync(NewJob(tenant, "a", "Site Engineer"), default);
        await Store.CreateAsync(NewJob(tenant, "b", "Nurse", domain: "Registered-Nursing"), default);
        await Store.CreateAsync(NewJob(tenant, "c", "Structural ENGINEER", JobStatus.Draft), default);
        await Store.CreateAsync(NewJob(tenant, "d", "Quantity surveyor", JobStatus.Closed, domain: null), default);
        await Store.CreateAsync(NewJob(NewTenant(), "e", "Site Engineer"), default);

        async Task<IEnumerable<string>> Ids(JobQuery query) => (await Store.ListAsync(tenant, query, default)).Items.Select(j => j.Id);

        Assert.Equal(["a", "b", "c", "d"], await Ids(new JobQuery()));
        Assert.Equal(["a", "b"], await Ids(new JobQuery([JobStatus.Open])));
        Assert.Equal(["c", "d"], await Ids(new JobQuery([JobStatus.Draft, JobStatus.Closed])));
        Assert.Equal(["b"], await Ids(new JobQuery(DomainKey: "registered-nursing")));
        Assert.Equal(["a", "c"], await Ids(new JobQuery(TitleContains: "engineer")));
        Assert.Equal(["c"], await Ids(new JobQuery([JobStatus.Draft], "civil-engineering", "engineer")));
        Assert.Empty(await Ids(new JobQuery(TitleContains: "100%")));
    }

    [Fact]
    public async Task Pages_follow_each_other_to_the_end_without_gaps_or_repeats()
    {
        var tenant = NewTenant();
        var ids = Enumerable.Range(0, 7).Select(i => $"job-{i:D2}").ToList();
        foreach (var id in ids.AsEnumerable().Reverse())
        {
            await Store.CreateAsync(NewJob(tenant, id), default);
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.ListAsync(tenant, new JobQuery(PageSize: 3, ContinuationToken: token), default);
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items.Select(j => j.Id));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(ids, seen);
        Assert.Equal(3, pages);
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => Store.ListAsync(tenant, new JobQuery(ContinuationToken: "not a token!"), default));
    }

    [Fact]
    public async Task Delete_takes_only_the_version_read_and_says_whether_there_was_one()
    {
        var created = await Store.CreateAsync(NewJob(NewTenant(), "job-1"), default);
        var replaced = await Store.ReplaceAsync(created with { Title = "Changed" }, default);

        await Assert.ThrowsAsync<StaleJobException>(() => Store.DeleteAsync(created.TenantId, created.Id, created.ETag, default));
        Assert.NotNull(await Store.FindAsync(created.TenantId, created.Id, default));
        Assert.False(await Store.DeleteAsync(NewTenant(), created.Id, null, default));
        Assert.True(await Store.DeleteAsync(created.TenantId, created.Id, replaced.ETag, default));
        Assert.Null(await Store.FindAsync(created.TenantId, created.Id, default));
        Assert.False(await Store.DeleteAsync(created.TenantId, created.Id, null, default));
    }

    [Fact]
    public async Task A_create_claim_stands_until_it_expires_and_goes_with_its_job()
    {
        var tenant = NewTenant();
        var lifetime = TimeSpan.FromHours(24);
        var first = new CreateClaim(tenant, "key/1#?", "hash-a", "job-1", Base);

        Assert.Equal(first, await Store.ClaimCreateAsync(first, lifetime, default));
        var again = await Store.ClaimCreateAsync(first with { RequestHash = "hash-b", ResourceId = "job-2", CreatedAt = Base.AddHours(1) }, lifetime, default);
        Assert.Equal(("hash-a", "job-1"), (again.RequestHash, again.ResourceId));
        Assert.Equal("job-3", (await Store.ClaimCreateAsync(first with { TenantId = NewTenant(), ResourceId = "job-3" }, lifetime, default)).ResourceId);
        var expired = first with { ResourceId = "job-4", CreatedAt = Base.AddHours(25) };
        Assert.Equal("job-4", (await Store.ClaimCreateAsync(expired, lifetime, default)).ResourceId);

        var job = await Store.CreateAsync(NewJob(tenant, "job-4"), default);
        await Store.DeleteAsync(tenant, job.Id, null, default);
        var afterDelete = first with { ResourceId = "job-5", CreatedAt = Base.AddHours(26) };
        Assert.Equal("job-5", (await Store.ClaimCreateAsync(afterDelete, lifetime, default)).ResourceId);
    }
}

public sealed class SqliteJobStoreTests(SqliteStoreFixture fixture) : JobStoreContract, IClassFixture<SqliteStoreFixture>
{
    protected override IJobStore Store { get; } = new SqliteJobStore(new SqliteDatabase(Path.Combine(fixture.Directory, "hiring.db")));

    [Fact]
    public async Task A_version_3_file_is_upgraded_in_place_keeping_its_stories_and_gaining_jobs_and_candidates()
    {
        var path = Path.Combine(fixture.Directory, $"v3-{Guid.NewGuid():N}.db");
        SQLitePCL.Batteries_V2.Init();
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The version 3 schema as it shipped, with one story in it.
            command.CommandText = """
                CREATE TABLE interviews (tenant_id TEXT NOT NULL, id TEXT NOT NULL, etag TEXT NOT NULL, status TEXT NOT NULL, type TEXT NOT NULL,
                    company_key TEXT NOT NULL, job_id TEXT, start_utc TEXT NOT NULL, candidate_email TEXT NOT NULL, next_dispatch_utc TEXT,
                    doc TEXT NOT NULL, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
                CREATE TABLE idempotency_keys (tenant_id TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, interview_id TEXT NOT NULL,
                    created_utc TEXT NOT NULL, PRIMARY KEY (tenant_id, key)) WITHOUT ROWID;
                CREATE TABLE stories (tenant_id TEXT NOT NULL, id TEXT NOT NULL, owner TEXT NOT NULL, etag TEXT NOT NULL, doc TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
                INSERT INTO stories VALUES ('acme', 's-1', 'ada@example.com', 'e1',
                    '{"id":"s-1","tenantId":"acme","docType":"story","owner":"ada@example.com","title":"T","situation":"S","task":"T","action":"A","result":"R","createdAt":"2026-11-01T00:00:00+00:00","updatedAt":"2026-11-01T00:00:00+00:00"}');
                PRAGMA user_version = 3;
                """;
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        var database = new SqliteDatabase(path);
        var jobs = new SqliteJobStore(database);
        var candidates = new SqliteCandidateStore(database);
        await jobs.CreateAsync(NewJob("acme", "job-1"), default);
        await candidates.CreateAsync(CandidateStoreContract.NewCandidate("acme", "c-1") with { JobIds = ["job-1"] }, default);

        Assert.Equal("T", (await new SqliteStoryStore(database).FindAsync("acme", "ada@example.com", "s-1", default))?.Title);
        Assert.Equal(1, await candidates.CountForJobAsync("acme", "job-1", default));
        Assert.Equal(App.Storage.Sqlite.SqliteDatabase.InterviewSchemaVersion, await SqliteSchema.VersionAsync(database));
    }
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosJobStoreTests : JobStoreContract, IDisposable
{
    private readonly CosmosContainers _containers;

    public CosmosJobStoreTests(CosmosEmulator emulator)
    {
        _containers = HiringCosmos.Containers(emulator, "jobs-contract");
        Store = new CosmosJobStore(_containers);
    }

    protected override IJobStore Store { get; }

    public void Dispose() => _containers.Dispose();
}

internal static class HiringCosmos
{
    public static CosmosContainers Containers(CosmosEmulator emulator, string database) => new(Options.Create(new CosmosOptions
    {
        ConnectionString = emulator.ConnectionString,
        Database = database,
        CreateIfMissing = true,
        LimitToEndpoint = true,
        AcceptAnyServerCertificate = true,
    }), new RecordingCredential());
}
