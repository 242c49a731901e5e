using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InterviewFunctions.Core.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InterviewFunctions.App.Problems;

/// <summary>The Idempotency-Key header of a create, as the interviews API reads it, for the jobs and candidates APIs.</summary>
internal static class CreateIdempotency
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>The key, null when none was sent; a problem when it is malformed.</summary>
    public static ValidationProblem? Read(HttpContext http, string? header, out string? key)
    {
        // Model binding reads an empty header as absent; an empty key is still a malformed key.
        key = header ?? (http.Request.Headers.ContainsKey(Header) ? "" : null);
        return key is not null && (key.Length is 0 or > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
            ? Problem.Invalid(Header, $"The Idempotency-Key header must be 1 to {MaxKeyLength} printable ASCII characters without spaces.")
            : null;
    }

    public static string Hash<T>(T request, JsonTypeInfo<T> typeInfo) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, typeInfo)));

    /// <summary>
    /// The id a create writes under. Without a key, the new resource's own id. With one, the key is claimed for this request
    /// body: the first request's claim wins, so a retry gets the id that request chose (and finishes its create if it died
    /// before writing), marked <c>Idempotent-Replayed</c>; the same key with another body is a 422 problem.
    /// </summary>
    /// <param name="claimAsync">The store's claim, which keeps the first claim of a key for <see cref="Lifetime"/>.</param>
    /// <param name="what">The resource, as the problem names it ("job").</param>
    public static async Task<(string Id, ProblemHttpResult? Problem)> ClaimAsync<TRequest>(
        HttpContext http,
        string? key,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        string tenantId,
        string newId,
        DateTimeOffset now,
        Func<CreateClaim, TimeSpan, CancellationToken, Task<CreateClaim>> claimAsync,
        string what,
        CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return (newId, null);
        }
        var hash = Hash(request, requestType);
        var claim = await claimAsync(new CreateClaim(tenantId, key, hash, newId, now), Lifetime, cancellationToken);
        if (claim.RequestHash != hash)
        {
            return (newId, Reused(what));
        }
        if (claim.ResourceId != newId)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
        }
        return (claim.ResourceId, null);
    }

    /// <summary>
    /// Writes a new resource. When its id exists already, this is a retry finishing what the key's first request began:
    /// the stored resource is the answer, or null when it was deleted meanwhile (answer <see cref="DeletedMeanwhile"/>).
    /// </summary>
    /// <typeparam name="TAlreadyExists">What the store throws when the id is taken.</typeparam>
    /// <param name="onCreated">Runs only when this request wrote the resource, not when it answers one written before.</param>
    public static async Task<T?> CreateOnceAsync<T, TAlreadyExists>(Func<Task<T>> createAsync, Action<T> onCreated, Func<Task<T?>> findAsync)
        where T : class
        where TAlreadyExists : Exception
    {
        try
        {
            var created = await createAsync();
            onCreated(created);
            return created;
        }
        catch (TAlreadyExists)
        {
            return await findAsync();
        }
    }

    public static ProblemHttpResult DeletedMeanwhile(string what) =>
        Problem.Conflict($"The {what} this Idempotency-Key created was deleted while this request ran; retry with a new key.");

    public static ProblemHttpResult Reused(string what) => Problem.Of(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
        $"This Idempotency-Key was already used with a different request body. Use a new key for a new {what}.");

    public static ProblemHttpResult PreconditionFailed(string what) => Problem.Of(StatusCodes.Status412PreconditionFailed, "Precondition failed",
        $"The {what} changed since you read it (If-Match does not match its ETag). Read it again and retry.");
}
