using InterviewFunctions.App;
using InterviewFunctions.App.Calendar;
using InterviewFunctions.App.Candidates;
using InterviewFunctions.App.Email;
using InterviewFunctions.App.Evaluations;
using InterviewFunctions.App.Health;
using InterviewFunctions.App.Hosting;
using InterviewFunctions.App.Interviews;
using InterviewFunctions.App.Jobs;
using InterviewFunctions.App.Preparation;
using InterviewFunctions.App.Problems;
using InterviewFunctions.App.Queues;
using InterviewFunctions.App.Reminders;
using InterviewFunctions.App.Screening;
using InterviewFunctions.App.Tenancy;
using InterviewFunctions.App.Triggers;
using Microsoft.Extensions.Options;

// A command-line helper: print the hash to configure for an API key, then exit.
if (args is ["hash-key", var key])
{
    Console.WriteLine(CallerDirectory.HashKey(key));
    return;
}

var builder = WebApplication.CreateSlimBuilder(args);

// Listen where the Functions host expects us, or standalone on http://localhost:7071.
builder.UseInterviewFunctionsHosting();
builder.Services.AddInterviewFunctions(builder.Configuration);
builder.WebHost.ConfigureKestrel((context, kestrel) =>
    kestrel.Limits.MaxRequestBodySize = context.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>()?.MaxRequestBodyBytes ?? new ApiOptions().MaxRequestBodyBytes);

var app = builder.Build();

// Every error is a problem+json answer.
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<RequestBodyLimitMiddleware>(app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes);
app.UseAuthentication();
app.UseAuthorization();
app.LogCallerMode();
// Open the store on the second core while Kestrel starts, so the first request does not pay for it.
app.WarmUpStore();

// All functions live under /api, the Functions host's route prefix.
var api = app.MapGroup("/api");
api.MapHealth();
api.MapInterviews().RequireAuthorization();
api.MapInterviewPrep().RequireAuthorization();
api.MapPrep().RequireAuthorization();
api.MapStories().RequireAuthorization();
api.MapJobs().RequireAuthorization();
api.MapCandidates().RequireAuthorization();
api.MapMockInterviews().RequireAuthorization();
// Resumes (upload, text, original) and their screenings against jobs, run by the ScreenResume queue function.
api.MapResumes().RequireAuthorization();
api.MapScreenings().RequireAuthorization();
// Transcripts in, evaluations out (scored by the EvaluateInterview queue function), decisions by people.
api.MapEvaluations().RequireAuthorization();
api.MapReminders().RequireAuthorization();
api.MapInterviewEmails().RequireAuthorization();
// Calendar files: import, and per-person subscription feeds (the feed itself is authenticated by the secret in its URL).
api.MapCalendarFiles();
// The question bank, loaded at start (see QuestionBankWarmUp), and questions generated from a job description.
api.MapQuestionBank().RequireAuthorization();
api.MapQuestionGeneration().RequireAuthorization();
// Calendar connections (admins), and the providers' webhooks, authenticated by their own signatures.
api.MapCalendarConnections().RequireAuthorization();
api.MapCalendarWebhooks();
api.MapOutbox();
api.MapQueues();
// Queue and timer invocations from the Functions host arrive at /{FunctionName}, outside the route prefix.
app.MapTriggerFunctions();
app.MapOpenApi("/api/openapi.json");

app.Run();

/// <summary>The entry point, visible to the integration tests.</summary>
public partial class Program;
