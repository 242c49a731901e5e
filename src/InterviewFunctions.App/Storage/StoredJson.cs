using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using InterviewFunctions.Core.Calendar.Feeds;
using InterviewFunctions.Core.Candidates;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Preparation.Mock;
using InterviewFunctions.Core.Preparation.Stories;

namespace InterviewFunctions.App.Storage;

/// <summary>
/// How documents are written in every store: camelCase, nulls left out, enums as snake_case names. The serializer
/// code for documents is generated at compile time; anything else (query projections) falls back to reflection.
/// </summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(StoredJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Interview))]
[JsonSerializable(typeof(InterviewStatsRow))]
[JsonSerializable(typeof(StarStory))]
[JsonSerializable(typeof(Job))]
[JsonSerializable(typeof(CandidateProfile))]
[JsonSerializable(typeof(MockInterview))]
[JsonSerializable(typeof(InterviewFunctions.Core.Evaluation.InterviewEvaluation))]
[JsonSerializable(typeof(InterviewFunctions.Core.Evaluation.EvaluationMessage))]
[JsonSerializable(typeof(FeedToken))]
internal sealed partial class StoredJsonContext : JsonSerializerContext;
