using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Tenancy;

namespace InterviewFunctions.Tests.Storage;

/// <summary>
/// What every interview store must do, run unchanged against each adapter. Each test works in a tenant of its own,
/// so the tests do not see each other's data.
/// </summary>
public abstract class InterviewStoreContract
{
    private static readonly DateTimeOffset Base = new(2027, 1, 10, 9, 0, 0, TimeSpan.Zero);

    protected abstract IInterviewStore Store { get; }

    protected static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..12];

    protected static Interview NewInterview(string tenant, int hoursFromBase = 0, string? id = null) => new()
    {
        Id = id ?? Guid.NewGuid().ToString(),
        TenantId = tenant,
        Candidate = new Candidate("Ada Lovelace", "ada@example.com", "Europe/London"),
        Company = "Acme",
        Role = "Backend Engineer",
        Type = InterviewType.Technical,
        ScheduledStart = Base.AddHours(hoursFromBase),
        TimeZone = "Europe/Berlin",
        DurationMinutes = 60,
        Interviewers = [new Interviewer("Bob", "bob@acme.test")],
        CreatedAt = Base.AddDays(-10),
        UpdatedAt = Base.AddDays(-10),
    };

    [Fact]
    public async Task A_created_interview_reads_back_whole_with_an_etag_and_only_in_its_tenant()
    {
        var tenant = NewTenant();
        var interview = NewInterview(tenant) with { JobId = "job-7", Notes = "Bring a laptop", PrepNotes = "# STAR", MeetingLink = "https://meet.example.com/a" };

        var created = await Store.CreateAsync(interview, default);
        var found = await Store.FindAsync(tenant, interview.Id, default);

        Assert.False(string.IsNullOrEmpty(created.ETag));
        Assert.NotNull(found);
        Assert.Equal(created.ETag, found.ETag);
        Assert.Equal(interview with { ETag = created.ETag }, found with { Interviewers = interview.Interviewers });
        Assert.Equal(interview.Interviewers, found.Interviewers);
        Assert.Null(await Store.FindAsync(NewTenant(), interview.Id, default));
        Assert.Null(await Store.FindAsync(tenant, "no-such-id", default));
    }

    [Fact]
    public async Task Due_interviews_are_found_across_tenants_earliest_first_and_leave_when_nothing_is_planned()
    {
        // Instants long before anything else the tests plan, so that other tests' interviews never count here.
        var early = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(Random.Shared.Next(0, 100_000));
        var (a, b) = (NewTenant(), NewTenant());
        var later = await Store.CreateAsync(NewInterview(a) with { NextDispatchAt = early.AddMinutes(5) }, default);
        var first = await Store.CreateAsync(NewInterview(b) with { NextDispatchAt = early }, default);
        var notYet = await Store.CreateAsync(NewInterview(a) with { NextDispatchAt = early.AddMinutes(30) }, default);
        await Store.CreateAsync(NewInterview(a), default);

        var due = (await Store.ListDueAsync(early.AddMinutes(10), 100, default)).Where(i => i.TenantId == a || i.TenantId == b).ToList();
        var next = await Store.NextDispatchAtAsync(default);

        Assert.Equal([first.Id, later.Id], due.Select(i => i.Id));
        Assert.Equal(first.ETag, due[0].ETag);
        Assert.NotNull(next);
        Assert.True(next <= early);

        await Store.ReplaceAsync(first with { NextDispatchAt = null }, default);
        await Store.ReplaceAsync(later with { NextDispatchAt = early.AddMinutes(40) }, default);
        var afterwards = (await Store.ListDueAsync(early.AddMinutes(35), 100, default)).Where(i => i.TenantId == a || i.TenantId == b).ToList();
        Assert.Equal([notYet.Id], afterwards.Select(i => i.Id));
        Assert.Single(await Store.ListDueAsync(early.AddMinutes(35), 1, default));
    }

    [Fact]
    public async Task Creating_the_same_id_twice_is_refused()
    {
        var interview = NewInterview(NewTenant());
        await Store.CreateAsync(interview, default);

        await Assert.ThrowsAsync<InterviewAlreadyExistsException>(() => Store.CreateAsync(interview with { Company = "Other" }, default));
        Assert.Equal("Acme", (await Store.FindAsync(interview.TenantId, interview.Id, default))!.Company);
    }

    [Fact]
    public async Task Replace_needs_the_current_etag_and_issues_a_new_one()
    {
        var created = await Store.CreateAsync(NewInterview(NewTenant()), default);

        var replaced = await Store.ReplaceAsync(created with { Status = InterviewStatus.Confirmed }, default);

        Assert.NotEqual(created.ETag, replaced.ETag);
        Assert.Equal(InterviewStatus.Confirmed, (await Store.FindAsync(created.TenantId, created.Id, default))!.Status);
        await Assert.ThrowsAsync<StaleInterviewException>(() => Store.ReplaceAsync(created with { Status = InterviewStatus.Cancelled }, default));
        Assert.Equal(InterviewStatus.Confirmed, (await Store.FindAsync(created.TenantId, created.Id, default))!.Status);
    }

    [Fact]
    public async Task Replacing_a_deleted_interview_is_stale()
    {
        var created = await Store.CreateAsync(NewInterview(NewTenant()), default);
        await Store.DeleteAsync(created.TenantId, created.Id, default);

        await Assert.ThrowsAsync<StaleInterviewException>(() => Store.ReplaceAsync(created with { Notes = "x" }, default));
        Assert.Null(await Store.FindAsync(created.TenantId, created.Id, default));
    }

    [Fact]
    public async Task Delete_erases_the_interview_and_its_idempotency_record()
    {
        var created = await Store.CreateAsync(NewInterview(NewTenant()), default);
        var now = DateTimeOffset.UtcNow;
        await Store.ClaimIdempotencyKeyAsync(new IdempotencyRecord(created.TenantId, "key-1", "hash-1", created.Id, now), TimeSpan.FromHours(24), default);

        Assert.False(await Store.DeleteAsync(NewTenant(), created.Id, default));
        Assert.True(await Store.DeleteAsync(created.TenantId, created.Id, default));
        Assert.False(await Store.DeleteAsync(created.TenantId, created.Id, default));

        Assert.Null(await Store.FindAsync(created.TenantId, created.Id, default));
        var reclaimed = await Store.ClaimIdempotencyKeyAsync(new IdempotencyRecord(created.TenantId, "key-1", "hash-2", "other", now), TimeSpan.FromHours(24), default);
        Assert.Equal("other", reclaimed.InterviewId);
    }

    [Fact]
    public async Task Pages_follow_start_order_and_cover_every_interview_once()
    {
        var tenant = NewTenant();
        // Two interviews share each start time, so the order must also break ties by id.
        var ids = new List<string>();
        for (var i = 0; i < 13; i++)
        {
            var created = await Store.CreateAsync(NewInterview(tenant, hoursFromBase: 12 - (i / 2)), default);
            ids.Add(created.Id);
        }

        var seen = new List<Interview>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.ListAsync(tenant, new InterviewQuery(InterviewScope.All, PageSize: 5, ContinuationToken: token), default);
            Assert.True(page.Items.Count <= 5);
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Select(s => s.Id).Order(StringComparer.Ordinal));
        var expectedOrder = seen.OrderBy(s => s.ScheduledStart).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => s.Id);
        Assert.Equal(expectedOrder, seen.Select(s => s.Id));
        Assert.All(seen, s => Assert.False(string.IsNullOrEmpty(s.ETag)));
    }

    [Fact]
    public async Task Filters_select_by_status_type_company_job_and_time_window()
    {
        var tenant = NewTenant();
        var a = await Store.CreateAsync(NewInterview(tenant, 1) with { Company = "Acme Corp", JobId = "job-1" }, default);
        var b = await Store.CreateAsync(NewInterview(tenant, 2) with { Type = InterviewType.Panel, Status = InterviewStatus.Confirmed }, default);
        var c = await Store.CreateAsync(NewInterview(tenant, 30) with { Status = InterviewStatus.Cancelled, Company = "Globex" }, default);
        await Store.CreateAsync(NewInterview(NewTenant(), 1), default);

        async Task<string[]> Ids(InterviewQuery query) =>
            [.. (await Store.ListAsync(tenant, query, default)).Items.Select(i => i.Id)];

        Assert.Equal([a.Id, b.Id, c.Id], await Ids(new InterviewQuery(InterviewScope.All)));
        Assert.Equal([b.Id, c.Id], await Ids(new InterviewQuery(InterviewScope.All, Statuses: [InterviewStatus.Confirmed, InterviewStatus.Cancelled])));
        Assert.Equal([b.Id], await Ids(new InterviewQuery(InterviewScope.All, Type: InterviewType.Panel)));
        Assert.Equal([a.Id], await Ids(new InterviewQuery(InterviewScope.All, CompanyKey: "acme corp")));
        Assert.Equal([a.Id], await Ids(new InterviewQuery(InterviewScope.All, JobId: "job-1")));
        Assert.Equal([b.Id, c.Id], await Ids(new InterviewQuery(InterviewScope.All, From: a.ScheduledStart.AddSeconds(1))));
        Assert.Equal([a.Id, b.Id], await Ids(new InterviewQuery(InterviewScope.All, To: b.ScheduledStart)));
        Assert.Empty(await Ids(new InterviewQuery(InterviewScope.All, CompanyKey: "initech")));
    }

    [Fact]
    public async Task Scopes_limit_candidates_and_interviewers_to_their_own_interviews()
    {
        var tenant = NewTenant();
        var withAda = await Store.CreateAsync(NewInterview(tenant, 1), default);
        var withGrace = await Store.CreateAsync(NewInterview(tenant, 2) with
        {
            Candidate = new Candidate("Grace Hopper", "grace@example.com", "America/New_York"),
            Interviewers = [new Interviewer("Eve", "eve@acme.test"), new Interviewer("Bob", "bob@acme.test")],
        }, default);
        var eveOnly = await Store.CreateAsync(NewInterview(tenant, 3) with { Interviewers = [new Interviewer("Eve", "eve@acme.test")] }, default);

        async Task<string[]> Ids(InterviewScope scope) =>
            [.. (await Store.ListAsync(tenant, new InterviewQuery(scope), default)).Items.Select(i => i.Id)];

        Assert.Equal([withAda.Id, eveOnly.Id], await Ids(new InterviewScope("ada@example.com", null)));
        Assert.Equal([withGrace.Id], await Ids(new InterviewScope("grace@example.com", null)));
        Assert.Equal([withAda.Id, withGrace.Id], await Ids(new InterviewScope(null, "bob@acme.test")));
        Assert.Equal([withGrace.Id, eveOnly.Id], await Ids(new InterviewScope(null, "eve@acme.test")));
        Assert.Empty(await Ids(new InterviewScope(null, "mallory@acme.test")));

        var statsForEve = await Store.ListStatsRowsAsync(tenant, new InterviewScope(null, "eve@acme.test"), default);
        Assert.Equal(2, statsForEve.Count);
    }

    [Fact]
    public async Task A_continuation_token_the_store_did_not_hand_out_is_refused()
    {
        var tenant = NewTenant();
        await Store.CreateAsync(NewInterview(tenant), default);

        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() =>
            Store.ListAsync(tenant, new InterviewQuery(InterviewScope.All, ContinuationToken: "not*a*token"), default));
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() =>
            Store.ListAsync(tenant, new InterviewQuery(InterviewScope.All, ContinuationToken: "Z2FyYmFnZQ"), default));
    }

    [Fact]
    public async Task Stats_rows_carry_the_fields_statistics_need()
    {
        var tenant = NewTenant();
        var done = NewInterview(tenant, 5) with { Status = InterviewStatus.Completed, Outcome = InterviewOutcome.Offer, Company = "Globex", Type = InterviewType.FinalRound };
        await Store.CreateAsync(done, default);
        await Store.CreateAsync(NewInterview(tenant, 6), default);

        var rows = (await Store.ListStatsRowsAsync(tenant, InterviewScope.All, default)).OrderBy(r => r.ScheduledStart).ToList();

        Assert.Equal(
            [
                new InterviewStatsRow(InterviewType.FinalRound, InterviewStatus.Completed, "Globex", InterviewOutcome.Offer, done.ScheduledStart),
                new InterviewStatsRow(InterviewType.Technical, InterviewStatus.Scheduled, "Acme", null, done.ScheduledStart.AddHours(1)),
            ],
            rows);
    }

    [Fact]
    public async Task An_idempotency_key_keeps_its_first_claim_until_it_expires()
    {
        var tenant = NewTenant();
        var lifetime = TimeSpan.FromHours(24);
        var t0 = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var first = await Store.ClaimIdempotencyKeyAsync(new IdempotencyRecord(tenant, "k/with?odd#chars", "h1", "i1", t0), lifetime, default);
        var again = await Store.ClaimIdempotencyKeyAsync(new IdempotencyRecord(tenant, "k/with?odd#chars", "h2", "i2", t0.AddHours(1)), lifetime, default);
        var otherTenant = await Store.ClaimIdempotencyKeyAsync(new IdempotencyRecord(NewTenant(), "k/with?odd#chars", "h3", "i3", t0.AddHours(1)), lifetime, default);
        var afterExpiry = await Store.ClaimIdempotencyKeyAsync(new IdempotencyRecord(tenant, "k/with?odd#chars", "h4", "i4", t0.AddHours(25)), lifetime, default);

        Assert.Equal(("h1", "i1"), (first.RequestHash, first.InterviewId));
        Assert.Equal(("h1", "i1"), (again.RequestHash, again.InterviewId));
        Assert.Equal(t0, again.CreatedAt);
        Assert.Equal(("h3", "i3"), (otherTenant.RequestHash, otherTenant.InterviewId));
        Assert.Equal(("h4", "i4"), (afterExpiry.RequestHash, afterExpiry.InterviewId));
    }

    [Fact]
    public async Task Concurrent_claims_of_one_key_agree_on_a_single_winner()
    {
        var tenant = NewTenant();
        var now = DateTimeOffset.UtcNow;
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Store.ClaimIdempotencyKeyAsync(new IdempotencyRecord(tenant, "race", $"h{i}", $"i{i}", now), TimeSpan.FromHours(24), default)));

        Assert.Single(claims.Select(c => c.InterviewId).Distinct());
    }

    [Fact]
    public async Task The_health_check_reaches_the_store()
    {
        await Store.CheckHealthAsync(default);
        Assert.False(string.IsNullOrEmpty(Store.Name));
    }
}
