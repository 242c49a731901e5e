using System.Text.Json;
using System.Text.Json.Serialization;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation.Coaching;
using InterviewFunctions.Core.Preparation.Stories;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InterviewFunctions.App.Preparation;

public static class PreparationRegistration
{
    /// <summary>
    /// The offline coaching services: common questions from the question bank (registered before this), and the
    /// composed pitch, registered with TryAdd so that an AI pitch writer, when configured, can take its place.
    /// </summary>
    public static IServiceCollection AddPreparation(this IServiceCollection services)
    {
        services.TryAddSingleton<ICommonQuestions, BankCommonQuestions>();
        services.TryAddSingleton<IElevatorPitchWriter, ComposedPitchWriter>();
        // After the API's own context (index 0) and before the reflection fallback.
        services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Insert(Math.Min(1, o.SerializerOptions.TypeInfoResolverChain.Count), PreparationJsonContext.Default));
        return services;
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PrepMaterials))]
[JsonSerializable(typeof(CompanyResearchTemplate))]
[JsonSerializable(typeof(ElevatorPitchRequest))]
[JsonSerializable(typeof(ElevatorPitch))]
[JsonSerializable(typeof(StoryRequest))]
[JsonSerializable(typeof(StoryResource))]
[JsonSerializable(typeof(StoryList))]
[JsonSerializable(typeof(InterviewPrepResource))]
[JsonSerializable(typeof(PrepChecklistView))]
[JsonSerializable(typeof(PrepChecklistRequest))]
[JsonSerializable(typeof(InterviewFunctions.Core.Preparation.Mock.MockInterviewRequest))]
[JsonSerializable(typeof(MockAnswerRequest))]
[JsonSerializable(typeof(MockInterviewResource))]
[JsonSerializable(typeof(MockAnswerResult))]
[JsonSerializable(typeof(MockInterviewList))]
internal sealed partial class PreparationJsonContext : JsonSerializerContext;
