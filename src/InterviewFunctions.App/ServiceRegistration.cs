using InterviewFunctions.App.Ai;
using InterviewFunctions.App.Calendar;
using InterviewFunctions.App.Email;
using InterviewFunctions.App.Files;
using InterviewFunctions.App.Interviews;
using InterviewFunctions.App.Evaluations;
using InterviewFunctions.App.Jobs;
using InterviewFunctions.App.Preparation;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Recovery;
using InterviewFunctions.App.Reminders;
using InterviewFunctions.App.Screening;
using InterviewFunctions.App.Screening.Extraction;
using InterviewFunctions.App.Storage;
using InterviewFunctions.App.Storage.Cosmos;
using InterviewFunctions.App.Storage.Sqlite;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Calendar.Feeds;
using InterviewFunctions.Core.Calendar.Sync;
using InterviewFunctions.Core.Candidates;
using InterviewFunctions.Core.Evaluation;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Preparation.Mock;
using InterviewFunctions.Core.Preparation.Stories;
using InterviewFunctions.Core.Screening;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InterviewFunctions.App;

public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;
}

public static class ServiceRegistration
{
    public static IServiceCollection AddInterviewFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<ApiOptions>(configuration.GetSection(ApiOptions.Section));
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        });
        // Binding failures throw, so that BadRequestExceptionHandler answers them with a problem naming the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier;
            // In development (and so in the tests) a 500 says what failed, as the developer exception page would.
            if (c.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is { Error: var error }
                && c.HttpContext.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment())
            {
                c.ProblemDetails.Extensions["exception"] = error.ToString();
            }
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddOpenApi();

        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));
        services.AddSingleton<CallerDirectory>();
        // The core services only: AddAuthentication would also start Data Protection, which no API key needs and which
        // writes a key ring at every cold start.
        services.AddWebEncoders();
        services.AddAuthenticationCore(o =>
        {
            o.AddScheme<CallerAuthenticationHandler>(CallerAuthenticationHandler.SchemeName, displayName: null);
            o.DefaultScheme = CallerAuthenticationHandler.SchemeName;
        });
        services.AddAuthorization();

        services.AddQueues(configuration);
        services.AddEmail(configuration);
        services.AddReminders(configuration);
        services.AddSingleton<InterviewCommands>();
        services.AddQuestionBank(configuration);
        services.AddPreparation();
        services.AddHiring();
        services.AddMockInterviews(configuration);
        services.AddScreeningExtraction();
        services.AddFiles(configuration);
        services.AddScreeningPipeline(configuration);
        services.AddEvaluations(configuration);
        services.AddStalledWorkSweeper(configuration);
        services.AddCalendarFiles(configuration);
        services.AddCalendarSync(configuration);
        services.AddDocumentStore(configuration);
        // Last: the AI engines decorate the offline services registered above.
        return services.AddAi(configuration);
    }

    private static IServiceCollection AddDocumentStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        switch (storage.Provider.ToLowerInvariant())
        {
            case "sqlite":
                services.AddSingleton(_ => new SqliteDatabase(Path.Combine(storage.DataDirectoryFullPath, "interviews.db")));
                services.AddSingleton<IInterviewStore, SqliteInterviewStore>();
                services.AddSingleton<IStoryStore, SqliteStoryStore>();
                services.AddSingleton<IJobStore, SqliteJobStore>();
                services.AddSingleton<ICandidateStore, SqliteCandidateStore>();
                services.AddSingleton<IMockInterviewStore, SqliteMockInterviewStore>();
                services.AddSingleton<IResumeStore, SqliteResumeStore>();
                services.AddSingleton<IScreeningStore, SqliteScreeningStore>();
                services.AddSingleton<IEvaluationStore, SqliteEvaluationStore>();
                services.AddSingleton<IFeedTokenStore, SqliteFeedTokenStore>();
                services.AddSingleton<ICalendarStore, SqliteCalendarStore>();
                break;
            case "cosmos":
                services.Configure<CosmosOptions>(configuration.GetSection(CosmosOptions.Section));
                // Managed identity in Azure (AZURE_CLIENT_ID picks a user-assigned one), the developer's login locally.
                services.TryAddSingleton<Azure.Core.TokenCredential>(_ => new Azure.Identity.DefaultAzureCredential());
                services.AddSingleton<CosmosContainers>();
                services.AddSingleton<IInterviewStore, CosmosInterviewStore>();
                services.AddSingleton<IStoryStore, CosmosStoryStore>();
                services.AddSingleton<IJobStore, CosmosJobStore>();
                services.AddSingleton<ICandidateStore, CosmosCandidateStore>();
                services.AddSingleton<IMockInterviewStore, CosmosMockInterviewStore>();
                services.AddSingleton<IResumeStore, CosmosResumeStore>();
                services.AddSingleton<IScreeningStore, CosmosScreeningStore>();
                services.AddSingleton<IEvaluationStore, CosmosEvaluationStore>();
                services.AddSingleton<IFeedTokenStore, CosmosFeedTokenStore>();
                services.AddSingleton<ICalendarStore, CosmosCalendarStore>();
                break;
            default:
                throw new InvalidOperationException($"Storage:Provider must be 'sqlite' or 'cosmos'; it is '{storage.Provider}'.");
        }
        return services;
    }
}
