using InterviewFunctions.App.Storage.Cosmos;
using InterviewFunctions.App.Storage.Sqlite;
using InterviewFunctions.Core.Calendar.Sync;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.Tests.Calendar;

/// <summary>What every calendar store must do alike; run against embedded SQLite and the Cosmos emulator.</summary>
public abstract class CalendarStoreContract
{
    protected abstract ICalendarStore Store { get; }

    private static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..12];

    private static CalendarEventLink Link(string tenant, string eventId, CalendarLinkState state = CalendarLinkState.Active, DateTimeOffset? updated = null, string connection = "c1") => new()
    {
        TenantId = tenant,
        Provider = CalendarProvider.Calendly,
        EventId = eventId,
        ConnectionId = connection,
        InterviewId = "i-" + eventId.GetHashCode(StringComparison.Ordinal),
        State = state,
        Marker = new CalendarChangeMarker(0, FakeClock.DefaultStart),
        CandidateEmail = "ada@example.com",
        EventType = "tech",
        UpdatedAt = updated ?? FakeClock.DefaultStart,
    };

    [Fact]
    public async Task A_link_is_created_once_and_replaced_only_with_its_current_etag()
    {
        var tenant = NewTenant();
        // Calendly's ids are URIs: slashes must not trouble any store.
        var eventId = "https://api.calendly.com/scheduled_events/EV1/invitees/INV1";
        var saved = await Store.SaveLinkAsync(Link(tenant, eventId), default);

        await Assert.ThrowsAsync<StaleCalendarRecordException>(() => Store.SaveLinkAsync(Link(tenant, eventId), default));
        var found = await Store.FindLinkAsync(tenant, CalendarProvider.Calendly, eventId, default);
        Assert.NotNull(found);
        Assert.Equal(saved.InterviewId, found.InterviewId);
        Assert.Equal(new CalendarChangeMarker(0, FakeClock.DefaultStart), found.Marker);

        var replaced = await Store.SaveLinkAsync(found with { State = CalendarLinkState.CancelPending, Marker = new CalendarChangeMarker(1, FakeClock.DefaultStart) }, default);
        await Assert.ThrowsAsync<StaleCalendarRecordException>(() => Store.SaveLinkAsync(found with { State = CalendarLinkState.Cancelled }, default));
        Assert.Equal(CalendarLinkState.CancelPending, (await Store.FindLinkAsync(tenant, CalendarProvider.Calendly, eventId, default))!.State);
        Assert.NotEqual(found.ETag, replaced.ETag);
        Assert.Null(await Store.FindLinkAsync(NewTenant(), CalendarProvider.Calendly, eventId, default));
        Assert.Null(await Store.FindLinkAsync(tenant, CalendarProvider.Calcom, eventId, default));
    }

    [Fact]
    public async Task Pairable_links_match_connection_candidate_event_type_state_and_time()
    {
        var tenant = NewTenant();
        var early = FakeClock.DefaultStart.AddMinutes(-30);
        await Store.SaveLinkAsync(Link(tenant, "held", CalendarLinkState.CancelPending), default);
        await Store.SaveLinkAsync(Link(tenant, "active", CalendarLinkState.Active), default);
        await Store.SaveLinkAsync(Link(tenant, "old", CalendarLinkState.CancelPending, early), default);
        await Store.SaveLinkAsync(Link(tenant, "other-connection", CalendarLinkState.CancelPending, connection: "c2"), default);
        await Store.SaveLinkAsync(Link(tenant, "other-type", CalendarLinkState.CancelPending) with { EventType = "screen" }, default);

        var found = await Store.FindPairableLinksAsync(tenant, "c1", "ada@example.com", "tech", [CalendarLinkState.CancelPending], FakeClock.DefaultStart.AddMinutes(-10), default);

        Assert.Equal(["held"], found.Select(l => l.EventId));
        Assert.Empty(await Store.FindPairableLinksAsync(NewTenant(), "c1", "ada@example.com", "tech", [CalendarLinkState.CancelPending], early, default));
    }

    [Fact]
    public async Task Connections_are_found_by_tenant_and_id_by_id_alone_and_by_expiry()
    {
        var tenant = NewTenant();
        var connection = CalendarTestKit.Connection(tenant) with { Subscription = new CalendarSubscription("sub-1", "me/events", FakeClock.DefaultStart.AddHours(5), FakeClock.DefaultStart) };
        var created = await Store.CreateConnectionAsync(connection, default);
        await Assert.ThrowsAsync<CalendarConnectionAlreadyExistsException>(() => Store.CreateConnectionAsync(connection, default));

        Assert.Equal("whsec_test_secret", (await Store.FindConnectionAsync(tenant, connection.Id, default))!.Secret);
        Assert.Null(await Store.FindConnectionAsync(NewTenant(), connection.Id, default));
        Assert.Equal(tenant, (await Store.FindConnectionByIdAsync(connection.Id, default))!.TenantId);
        Assert.Equal([connection.Id], (await Store.ListConnectionsAsync(tenant, default)).Select(c => c.Id));
        Assert.Contains(connection.Id, (await Store.ListSubscriptionsExpiringAsync(FakeClock.DefaultStart.AddHours(6), default)).Select(c => c.Id));
        Assert.DoesNotContain(connection.Id, (await Store.ListSubscriptionsExpiringAsync(FakeClock.DefaultStart.AddHours(4), default)).Select(c => c.Id));

        var renewed = await Store.ReplaceConnectionAsync(created with { Subscription = connection.Subscription! with { ExpiresAt = FakeClock.DefaultStart.AddDays(2) } }, default);
        await Assert.ThrowsAsync<StaleCalendarRecordException>(() => Store.ReplaceConnectionAsync(created, default));
        Assert.DoesNotContain(connection.Id, (await Store.ListSubscriptionsExpiringAsync(FakeClock.DefaultStart.AddHours(6), default)).Select(c => c.Id));

        Assert.Null(await Store.DeleteConnectionAsync(NewTenant(), connection.Id, default));
        Assert.NotNull(await Store.FindConnectionByIdAsync(connection.Id, default));
        // The answer is the record as deleted, so the subscription it carried can still be stopped at the provider.
        var deleted = await Store.DeleteConnectionAsync(tenant, renewed.Id, default);
        Assert.Equal(FakeClock.DefaultStart.AddDays(2), deleted?.Subscription?.ExpiresAt);
        Assert.Equal("sub-1", deleted?.Subscription?.Id);
        Assert.Null(await Store.FindConnectionByIdAsync(connection.Id, default));
        Assert.Null(await Store.DeleteConnectionAsync(tenant, renewed.Id, default));
    }

    [Fact]
    public async Task A_graph_delta_cursor_is_kept_on_the_connection_document_and_replaced_with_it()
    {
        var tenant = NewTenant();
        var created = await Store.CreateConnectionAsync(CalendarTestKit.Connection(tenant, CalendarProvider.Microsoft365) with { GraphUserId = "bob@acme.test" }, default);
        Assert.Null((await Store.FindConnectionAsync(tenant, created.Id, default))!.GraphDelta);

        var cursor = new GraphDeltaCursor(
            "https://graph.microsoft.com/v1.0/users/bob@acme.test/calendarView/delta?$deltatoken=R0usmcCM996atia_s",
            FakeClock.DefaultStart.AddDays(-1), FakeClock.DefaultStart.AddDays(90));
        var saved = await Store.ReplaceConnectionAsync(created with { GraphDelta = cursor }, default);

        var read = (await Store.FindConnectionByIdAsync(created.Id, default))!;
        Assert.Equal(cursor, read.GraphDelta);
        Assert.Equal("bob@acme.test", read.GraphUserId);
        await Assert.ThrowsAsync<StaleCalendarRecordException>(() => Store.ReplaceConnectionAsync(created with { GraphDelta = null }, default));
        Assert.Equal(cursor, (await Store.FindConnectionAsync(tenant, saved.Id, default))!.GraphDelta);
    }

    [Fact]
    public async Task Deliveries_are_listed_newest_first_per_connection()
    {
        var tenant = NewTenant();
        for (var i = 0; i < 4; i++)
        {
            await Store.AddDeliveryAsync(new CalendarDelivery
            {
                Id = Guid.CreateVersion7(FakeClock.DefaultStart.AddSeconds(i)).ToString("N"),
                TenantId = tenant,
                ConnectionId = i == 3 ? "other" : "c1",
                Provider = CalendarProvider.Calcom,
                Kind = "BOOKING_CREATED",
                Outcome = "accepted",
                EventId = $"booking-{i}",
                ReceivedAt = FakeClock.DefaultStart.AddSeconds(i),
            }, default);
        }

        var listed = await Store.ListDeliveriesAsync(tenant, "c1", 2, default);

        Assert.Equal(["booking-2", "booking-1"], listed.Select(d => d.EventId));
    }
}

public sealed class SqliteCalendarStoreTests : CalendarStoreContract, IDisposable
{
    private readonly string _directory = RepoPaths.NewTempDirectory("if-calendar");

    public SqliteCalendarStoreTests() => Store = new SqliteCalendarStore(new SqliteDatabase(Path.Combine(_directory, "interviews.db")));

    protected override ICalendarStore Store { get; }

    [Fact]
    public async Task A_version_5_file_is_upgraded_in_place_and_gains_the_calendar_tables()
    {
        var path = Path.Combine(_directory, "v5.db");
        new SqliteDatabase(path).Dispose();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var downgrade = connection.CreateCommand();
            downgrade.CommandText = "DROP TABLE calendar_connections; DROP TABLE calendar_links; DROP TABLE calendar_deliveries; PRAGMA user_version = 7;";
            downgrade.ExecuteNonQuery();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        using var database = new SqliteDatabase(path);
        var store = new SqliteCalendarStore(database);
        var created = await store.CreateConnectionAsync(CalendarTestKit.Connection("acme"), default);

        Assert.Equal(created.Id, (await store.FindConnectionByIdAsync(created.Id, default))?.Id);
        Assert.Equal(App.Storage.Sqlite.SqliteDatabase.InterviewSchemaVersion, await SqliteSchema.VersionAsync(database));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        RepoPaths.DeleteQuietly(_directory);
    }
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosCalendarStoreTests : CalendarStoreContract, IDisposable
{
    private readonly CosmosContainers _containers;

    public CosmosCalendarStoreTests(CosmosEmulator emulator)
    {
        _containers = emulator.Containers("calendar-contract");
        Store = new CosmosCalendarStore(_containers);
    }

    protected override ICalendarStore Store { get; }

    public void Dispose() => _containers.Dispose();
}
