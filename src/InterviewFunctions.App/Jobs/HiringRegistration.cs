using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using InterviewFunctions.App.Candidates;
using InterviewFunctions.Core.Candidates;
using InterviewFunctions.Core.Jobs;
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
