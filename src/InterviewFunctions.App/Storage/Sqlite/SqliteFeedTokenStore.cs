using System.Text.Json;
using InterviewFunctions.Core.Calendar.Feeds;
using Microsoft.Data.Sqlite;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>Calendar feed tokens in the interview store's SQLite file, found by the unique index on the secret's hash.</summary>
public sealed class SqliteFeedTokenStore(SqliteDatabase database) : IFeedTokenStore
{
    private const int SqliteConstraint = 19;

    public async Task CreateAsync(FeedToken token, CancellationToken cancellationToken)
    {
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "INSERT INTO feed_tokens (tenant_id, id, owner, secret_hash, doc) VALUES ($tenant, $id, $owner, $hash, $doc);";
        command.Parameters.AddWithValue("$tenant", token.TenantId);
        command.Parameters.AddWithValue("$id", token.Id);
        command.Parameters.AddWithValue("$owner", token.Owner);
        command.Parameters.AddWithValue("$hash", token.SecretHash);
        command.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(token, StoredJsonContext.Default.FeedToken));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
        {
            throw new InvalidOperationException($"Feed token '{token.Id}' or its secret exists already.", e);
        }
    }

    public async Task<FeedToken?> FindBySecretHashAsync(string secretHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc FROM feed_tokens WHERE secret_hash = $hash;";
        command.Parameters.AddWithValue("$hash", secretHash);
        return await command.ExecuteScalarAsync(cancellationToken) is string doc
            ? JsonSerializer.Deserialize(doc, StoredJsonContext.Default.FeedToken)
            : null;
    }

    public async Task<IReadOnlyList<FeedToken>> ListAsync(string tenantId, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc FROM feed_tokens WHERE tenant_id = $tenant AND owner = $owner ORDER BY id;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$owner", owner);
        var tokens = new List<FeedToken>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add(JsonSerializer.Deserialize(reader.GetString(0), StoredJsonContext.Default.FeedToken)!);
        }
        return tokens;
    }

    public async Task<bool> RevokeAsync(string tenantId, string owner, string id, CancellationToken cancellationToken)
    {
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        command.CommandText = "DELETE FROM feed_tokens WHERE tenant_id = $tenant AND owner = $owner AND id = $id;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
