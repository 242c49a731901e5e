using InterviewFunctions.App.Storage.Cosmos;
using InterviewFunctions.App.Storage.Sqlite;
using InterviewFunctions.Core.Candidates;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Tests.Storage;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Hiring;

/// <summary>What every candidate store must do, run unchanged against each adapter; each test works in a tenant of its own.</summary>
public abstract class CandidateStoreContract
{
    protected abstract ICandidateStore Store { get; }

    protected static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..12];

    internal static CandidateProfile NewCandidate(string tenant, string id, string name = "Grace Hopper", string? email = null, CandidateStatus status = CandidateStatus.New) => new()
    {
        Id = id,
        TenantId = tenant,
        Name = name,
        Email = email ?? $"{id}@example.com",
        Phone = "+14155550100",
        Links = ["https://www.linkedin.com/in/example"],
        Location = "New York",
        Status = status,
        JobIds = [],
        Notes = "Referred.",
        CreatedAt = JobStoreContract.Base,
        UpdatedAt = JobStoreContract.Base,
    };

    [Fact]
    public async Task A_created_candidate_reads_back_whole_with_an_etag_and_only_in_its_tenant()
    {
        var tenant = NewTenant();
        var candidate = NewCandidate(tenant, "c-1") with { JobIds = ["job-1", "job-2"] };

        var created = await Store.CreateAsync(candidate, default);
        var found = await Store.FindAsync(tenant, candidate.Id, default);

        Assert.False(string.IsNullOrEmpty(created.ETag));
        Assert.NotNull(found);
        Assert.Equal(created.ETag, found.ETag);
        Assert.Equal(candidate.Links, found.Links);
        Assert.Equal(candidate.JobIds, found.JobIds);
        Assert.Equal(candidate with { ETag = created.ETag, Links = found.Links, JobIds = found.JobIds }, found);
        Assert.Null(await Store.FindAsync(NewTenant(), candidate.Id, default));
        Assert.Null(await Store.FindAsync(tenant, "no-such-candidate", default));
    }

    [Fact]
    public async Task An_email_belongs_to_one_candidate_per_tenant_until_that_candidate_is_deleted()
    {
        var tenant = NewTenant();
        var first = await Store.CreateAsync(NewCandidate(tenant, "c-1", email: "grace@example.com"), default);

        var taken = await Assert.ThrowsAsync<CandidateEmailTakenException>(() => Store.CreateAsync(NewCandidate(tenant, "c-2", email: "grace@example.com"), default));
        Assert.Equal(first.Id, taken.ExistingId);
        Assert.Null(await Store.FindAsync(tenant, "c-2", default));
        await Store.CreateAsync(NewCandidate(NewTenant(), "c-2", email: "grace@example.com"), default);

        Assert.True(await Store.DeleteAsync(tenant, first.Id, first.ETag, default));
        var second = await Store.CreateAsync(NewCandidate(tenant, "c-2", email: "grace@example.com"), default);
        Assert.Equal("c-2", (await Store.ListAsync(tenant, new CandidateQuery(Email: "grace@example.com"), default)).Items.Single().Id);
        Assert.Equal(second.ETag, (await Store.FindAsync(tenant, "c-2", default))?.ETag);
    }

    [Fact]
    public async Task Creating_the_same_id_twice_is_an_existing_id_not_a_taken_email()
    {
        var candidate = NewCandidate(NewTenant(), "c-1");
        await Store.CreateAsync(candidate, default);

        await Assert.ThrowsAsync<CandidateAlreadyExistsException>(() => Store.CreateAsync(candidate, default));
        await Assert.ThrowsAsync<CandidateAlreadyExistsException>(() => Store.CreateAsync(candidate with { Email = "other@example.com" }, default));
    }

    [Fact]
    public async Task A_replace_needs_the_current_etag_and_may_not_take_another_candidates_email()
    {
        var tenant = NewTenant();
        var grace = await Store.CreateAsync(NewCandidate(tenant, "c-1", email: "grace@example.com"), default);
        var alan = await Store.CreateAsync(NewCandidate(tenant, "c-2", "Alan Turing", "alan@example.com"), default);

        var taken = await Assert.ThrowsAsync<CandidateEmailTakenException>(() => Store.ReplaceAsync(alan with { Email = "grace@example.com" }, default));
        Assert.Equal(grace.Id, taken.ExistingId);
        var moved = await Store.ReplaceAsync(alan with { Email = "alan.turing@example.com", Status = CandidateStatus.Screening, Revision = 2 }, default);

        Assert.NotEqual(alan.ETag, moved.ETag);
        await Assert.ThrowsAsync<StaleCandidateException>(() => Store.ReplaceAsync(alan with { Notes = "Lost update" }, default));
        var found = await Store.FindAsync(tenant, alan.Id, default);
        Assert.Equal(("alan.turing@example.com", CandidateStatus.Screening, 2), (found!.Email, found.Status, found.Revision));
        // The email it gave up is free again.
        await Store.CreateAsync(NewCandidate(tenant, "c-3", email: "alan@example.com"), default);
    }

    [Fact]
    public async Task Listing_filters_by_status_job_email_and_name_text_and_counts_per_job()
    {
        var tenant = NewTenant();
        await Store.CreateAsync(NewCandidate(tenant, "a", "Grace Hopper") with { JobIds = ["job-1"] }, default);
        await Store.CreateAsync(NewCandidate(tenant, "b", "Alan Turing", status: CandidateStatus.Screening) with { JobIds = ["job-1", "job-2"] }, default);
        await Store.CreateAsync(NewCandidate(tenant, "c", "Grace Murray", status: CandidateStatus.Rejected), default);
        await Store.CreateAsync(NewCandidate(NewTenant(), "d", "Grace Hopper") with { JobIds = ["job-1"] }, default);

        async Task<IEnumerable<string>> Ids(CandidateQuery query) => (await Store.ListAsync(tenant, query, default)).Items.Select(c => c.Id);

        Assert.Equal(["a", "b", "c"], await Ids(new CandidateQuery()));
        Assert.Equal(["b", "c"], await Ids(new CandidateQuery([CandidateStatus.Screening, CandidateStatus.Rejected])));
        Assert.Equal(["a", "b"], await Ids(new CandidateQuery(JobId: "job-1")));
        Assert.Equal(["b"], await Ids(new CandidateQuery(JobId: "job-2")));
        Assert.Equal(["c"], await Ids(new CandidateQuery(Email: "c@example.com")));
        Assert.Equal(["a", "c"], await Ids(new CandidateQuery(NameContains: "grace")));
        Assert.Equal(["a"], await Ids(new CandidateQuery([CandidateStatus.New], "job-1", NameContains: "hop")));
        Assert.Equal(2, await Store.CountForJobAsync(tenant, "job-1", default));
        Assert.Equal(1, await Store.CountForJobAsync(tenant, "job-2", default));
        Assert.Equal(0, await Store.CountForJobAsync(tenant, "job-3", default));
    }

    [Fact]
    public async Task Pages_follow_each_other_to_the_end_without_gaps_or_repeats()
    {
        var tenant = NewTenant();
        var ids = Enumerable.Range(0, 5).Select(i => $"cand-{i:D2}").ToList();
        foreach (var id in ids.AsEnumerable().Reverse())
        {
            await Store.CreateAsync(NewCandidate(tenant, id), default);
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.ListAsync(tenant, new CandidateQuery(PageSize: 2, ContinuationToken: token), default);
            seen.AddRange(page.Items.Select(c => c.Id));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(ids, seen);
        Assert.Equal(3, pages);
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => Store.ListAsync(tenant, new CandidateQuery(ContinuationToken: "not a token!"), default));
    }

    [Fact]
    public async Task Delete_takes_only_the_version_read_and_its_create_claims_go_with_it()
    {
        var tenant = NewTenant();
        var lifetime = TimeSpan.FromHours(24);
        var claim = new CreateClaim(tenant, "create-grace", "hash-a", "c-1", JobStoreContract.Base);
        Assert.Equal("c-1", (await Store.ClaimCreateAsync(claim, lifetime, default)).ResourceId);
        Assert.Equal("c-1", (await Store.ClaimCreateAsync(claim with { ResourceId = "c-9" }, lifetime, default)).ResourceId);
        var created = await Store.CreateAsync(NewCandidate(tenant, "c-1"), default);
        var replaced = await Store.ReplaceAsync(created with { Notes = "Changed" }, default);

        await Assert.ThrowsAsync<StaleCandidateException>(() => Store.DeleteAsync(tenant, created.Id, created.ETag, default));
        Assert.True(await Store.DeleteAsync(tenant, created.Id, replaced.ETag, default));
        Assert.False(await Store.DeleteAsync(tenant, created.Id, null, default));
        Assert.Null(await Store.FindAsync(tenant, created.Id, default));
        Assert.Equal("c-9", (await Store.ClaimCreateAsync(claim with { ResourceId = "c-9" }, lifetime, default)).ResourceId);
    }
}

public sealed class SqliteCandidateStoreTests(SqliteStoreFixture fixture) : CandidateStoreContract, IClassFixture<SqliteStoreFixture>
{
    protected override ICandidateStore Store { get; } = new SqliteCandidateStore(new SqliteDatabase(Path.Combine(fixture.Directory, "hiring.db")));
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosCandidateStoreTests : CandidateStoreContract, IDisposable
{
    private readonly CosmosContainers _containers;

    public CosmosCandidateStoreTests(CosmosEmulator emulator)
    {
        _containers = HiringCosmos.Containers(emulator, "candidates-contract");
        Store = new CosmosCandidateStore(_containers);
    }

    protected override ICandidateStore Store { get; }

    public void Dispose() => _containers.Dispose();
}
