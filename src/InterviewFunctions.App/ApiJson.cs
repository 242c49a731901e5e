using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using InterviewFunctions.App.Health;
using InterviewFunctions.App.Interviews;
using InterviewFunctions.App.Preparation;
using InterviewFunctions.App.Reminders;
using InterviewFunctions.App.Queues;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace InterviewFunctions.App;

/// <summary>
/// Serializer code for the API's requests and responses, generated at compile time: no reflection on the first
/// request of a cold start, less work on every request after it.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InterviewResource))]
[JsonSerializable(typeof(InterviewList))]
[JsonSerializable(typeof(InterviewStatistics))]
[JsonSerializable(typeof(PrepNotesResource))]
[JsonSerializable(typeof(ReminderPlanResource))]
[JsonSerializable(typeof(EmailRequest))]
[JsonSerializable(typeof(RenderedEmails))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(Liveness))]
[JsonSerializable(typeof(QueuesReport))]
[JsonSerializable(typeof(CreateInterviewRequest))]
[JsonSerializable(typeof(RescheduleRequest))]
[JsonSerializable(typeof(CancelRequest))]
[JsonSerializable(typeof(StatusChangeRequest))]
[JsonSerializable(typeof(PrepNotesRequest))]
[JsonSerializable(typeof(PrepCompleteRequest))]
[JsonSerializable(typeof(DomainList))]
[JsonSerializable(typeof(QuestionList))]
[JsonSerializable(typeof(QuestionResource))]
[JsonSerializable(typeof(GenerateQuestionsRequest))]
[JsonSerializable(typeof(InterviewFunctions.App.Preparation.JobInterviewQuestionsRequest))]
[JsonSerializable(typeof(GeneratedQuestionSet))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
