namespace InterviewFunctions.App.Storage.Cosmos;

public sealed class CosmosOptions
{
    public const string Section = "Cosmos";

    /// <summary><c>AccountEndpoint=…;AccountKey=…;</c> for key authentication. Leave empty to use Entra ID with <see cref="AccountEndpoint"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The account URI, used with Entra ID (managed identity, or the developer's Azure login locally).</summary>
    public string? AccountEndpoint { get; set; }

    public string Database { get; set; } = "interviewfunctions";

    public string InterviewsContainer { get; set; } = "interviews";

    public string IdempotencyContainer { get; set; } = "idempotency";

    /// <summary>Candidates' STAR stories, partitioned by tenant like the interviews.</summary>
    public string StoriesContainer { get; set; } = "stories";

    /// <summary>Job postings, partitioned by tenant.</summary>
    public string JobsContainer { get; set; } = "jobs";

    /// <summary>Candidate profiles, partitioned by tenant, with a unique key on the email within each tenant.</summary>
    public string CandidatesContainer { get; set; } = "candidates";

    /// <summary>Candidates' mock interview sessions, partitioned by tenant.</summary>
    public string MockInterviewsContainer { get; set; } = "mockinterviews";

    /// <summary>Uploaded resumes' metadata and extracted text (the originals are in the file store), partitioned by tenant.</summary>
    public string ResumesContainer { get; set; } = "resumes";

    /// <summary>Resume screenings, partitioned by tenant, with a composite index for ranking a job's screenings.</summary>
    public string ScreeningsContainer { get; set; } = "screenings";

    /// <summary>Interview evaluations with their transcripts, partitioned by tenant.</summary>
    public string EvaluationsContainer { get; set; } = "evaluations";


    /// <summary>Calendar feed tokens (only their secrets' hashes), partitioned by tenant.</summary>
    public string FeedTokensContainer { get; set; } = "feedtokens";
    /// <summary>Calendar connections, event links and the webhook delivery log, partitioned by tenant.</summary>
    public string CalendarContainer { get; set; } = "calendar";

    /// <summary>Create the database and containers when they are missing (local and test runs; Bicep creates them in Azure).</summary>
    public bool CreateIfMissing { get; set; }

    /// <summary><c>Gateway</c> (HTTPS only; works from every hosting plan) or <c>Direct</c>.</summary>
    public string ConnectionMode { get; set; } = "Gateway";

    /// <summary>Talk only to the configured endpoint, as an emulator needs.</summary>
    public bool LimitToEndpoint { get; set; }

    /// <summary>Accept the emulator's self-signed certificate. Never for a real account.</summary>
    public bool AcceptAnyServerCertificate { get; set; }
}
