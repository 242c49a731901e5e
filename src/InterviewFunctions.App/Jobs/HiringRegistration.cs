using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using InterviewFunctions.App.Candidates;
using InterviewFunctions.App.Problems;
using InterviewFunctions.Core.Candidates;
using InterviewFunctions.Core.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;

namespace InterviewFunctions.App.Jobs;

public static class HiringRegistration
{
    /// <summary>The serializer code for the jobs and candidates API; the stores are registered with the document store.</summary>
    public static IServiceCollection AddHiring(this IServiceCollection services) =>
        // After the API's own context (index 0) and before the reflection fallback.
        services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Insert(Math.Min(1, o.SerializerOptions.TypeInfoResolverChain.Count), HiringJsonContext.Default));
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateJobRequest))]
[JsonSerializable(typeof(JobResource))]
[JsonSerializable(typeof(JobList))]
[JsonSerializable(typeof(CreateCandidateRequest))]
[JsonSerializable(typeof(CandidateResource))]
[JsonSerializable(typeof(CandidateList))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class HiringJsonContext : JsonSerializerContext;

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

    public static ProblemHttpResult Reused(string what) => Problem.Of(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
        $"This Idempotency-Key was already used with a different request body. Use a new key for a new {what}.");

    public static ProblemHttpResult PreconditionFailed(string what) => Problem.Of(StatusCodes.Status412PreconditionFailed, "Precondition failed",
        $"The {what} changed since you read it (If-Match does not match its ETag). Read it again and retry.");
}
