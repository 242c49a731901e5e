using System.Globalization;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using Microsoft.Data.Sqlite;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>The create_claims table and the id-ordered keyset tokens, shared by the job and candidate stores.</summary>
internal static class SqliteCreateClaims
{
    public static async Task<CreateClaim> ClaimAsync(SqliteDatabase database, string kind, CreateClaim claim, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        await using var command = write.Connection.CreateCommand();
        // The upsert only overwrites a claim that has expired; otherwise the first claim stands and is read back.
        command.CommandText = """
            INSERT INTO create_claims (tenant_id, kind, key, request_hash, resource_id, created_utc)
            VALUES ($tenant, $kind, $key, $hash, $resource, $created)
            ON CONFLICT (tenant_id, kind, key) DO UPDATE
                SET request_hash = excluded.request_hash, resource_id = excluded.resource_id, created_utc = excluded.created_utc
                WHERE create_claims.created_utc < $expiredBefore;
            SELECT request_hash, resource_id, created_utc FROM create_claims WHERE tenant_id = $tenant AND kind = $kind AND key = $key;
            """;
        command.Parameters.AddWithValue("$tenant", claim.TenantId);
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$key", claim.Key);
        command.Parameters.AddWithValue("$hash", claim.RequestHash);
        command.Parameters.AddWithValue("$resource", claim.ResourceId);
        command.Parameters.AddWithValue("$created", claim.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$expiredBefore", (claim.CreatedAt - lifetime).UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return claim with
        {
            RequestHash = reader.GetString(0),
            ResourceId = reader.GetString(1),
            CreatedAt = DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        };
    }

    /// <summary>
    /// Deletes a row of <paramref name="table"/> (only the version read, when an ETag is given) and the claims naming it,
    /// in one transaction. Null when the ETag did not match; else whether a row was deleted.
    /// </summary>
    public static async Task<bool?> DeleteWithClaimsAsync(
        SqliteDatabase database, string table, string kind, string tenantId, string id, string? expectedETag, CancellationToken cancellationToken)
    {
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        var connection = write.Connection;
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT etag FROM {table} WHERE tenant_id = $tenant AND id = $id;";
        command.Parameters.AddWithValue("$tenant", tenantId);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$kind", kind);
        var current = await command.ExecuteScalarAsync(cancellationToken) as string;
        if (current is null)
        {
            return false;
        }
        if (expectedETag is not null && current != expectedETag)
        {
            return null;
        }
        command.CommandText = $"""
            DELETE FROM create_claims WHERE tenant_id = $tenant AND kind = $kind AND resource_id = $id;
            DELETE FROM {table} WHERE tenant_id = $tenant AND id = $id;
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public static string EncodeToken(string prefix, string lastId) => UrlSafeToken.Wrap(prefix + "|" + lastId);

    public static string DecodeToken(string prefix, string token)
    {
        var text = UrlSafeToken.Unwrap(token);
        return text.StartsWith(prefix + "|", StringComparison.Ordinal) && text.Length > prefix.Length + 1
            ? text[(prefix.Length + 1)..]
            : throw new InvalidContinuationTokenException();
    }
}
