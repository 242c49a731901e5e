using InterviewFunctions.Core.Calendar.Sync;

namespace InterviewFunctions.App.Calendar.Providers;

/// <summary>Where a provider's incremental sync got to (Google's sync token, Graph's delta link), kept on the connection.</summary>
internal static class SyncPositions
{
    /// <summary>
    /// Writes <paramref name="record"/> of the connection. A write lost to another writer (a renewal, an admin) is made
    /// again on the fresh record, a few times; a connection deleted meanwhile stays deleted, with nothing to record.
    /// </summary>
    public static async Task SaveAsync(
        ICalendarStore store, CalendarConnection connection, Func<CalendarConnection, CalendarConnection> record, TimeProvider clock, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.ReplaceConnectionAsync(record(connection) with { UpdatedAt = clock.GetUtcNow() }, cancellationToken);
                return;
            }
            catch (StaleCalendarRecordException) when (attempt < 3)
            {
                if (await store.FindConnectionAsync(connection.TenantId, connection.Id, cancellationToken) is not { } fresh)
                {
                    return;
                }
                connection = fresh;
            }
        }
    }
}
