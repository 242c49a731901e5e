using InterviewFunctions.Core.Preparation.Bank;

namespace InterviewFunctions.Core.Preparation.Mock;

/// <summary>
/// Questions the bank does not hold: system design prompts for the backend, data and integration families, and
/// general behavioural questions for a candidate who names no domain. Each has notes in the bank's shape.
/// </summary>
public static class MockPrompts
{
    /// <summary>The IT families the system design prompts are written for.</summary>
    public static readonly IReadOnlyList<string> SystemDesignFamilies = ["backend", "data", "integration"];

    public static IReadOnlyList<(string Family, MockQuestion Question)> SystemDesign { get; } =
    [
        ("backend", Design("system-design-backend-01", QuestionDifficulty.Easy,
            "Design a URL shortener that serves 100 million redirects a day.",
            ["hash", "key generation", "cache", "database", "read-heavy", "collision", "expiry"],
            "Estimates reads and writes per second and storage; picks key generation (counter with base62 or hash with collision handling); a key-value store; a cache in front for the read-heavy path; expiry and analytics kept off the redirect path; trade-off between key length and collision risk.",
            ["system design", "scalability"])),
        ("backend", Design("system-design-backend-02", QuestionDifficulty.Medium,
            "Design a rate limiter for a public API used by 50,000 clients.",
            ["token bucket", "sliding window", "redis", "distributed", "429", "burst"],
            "Chooses an algorithm (token bucket or sliding window) and explains burst behaviour; keeps counters in a shared store such as Redis with atomic increments; answers 429 with Retry-After; discusses the cost of a central check versus local approximations and what happens when the store is down.",
            ["system design", "api design"])),
        ("backend", Design("system-design-backend-03", QuestionDifficulty.Hard,
            "Design the booking service for a cinema chain so that no seat is ever sold twice.",
            ["concurrency", "lock", "transaction", "idempotency", "hold", "consistency", "timeout"],
            "Holds a seat for a short time with a lease or optimistic concurrency; confirms within a transaction; idempotency keys on payment callbacks; expiry of holds; sizes peak load for a premiere; strong consistency per screening with partitioning by screening; trade-off between pessimistic locks and retries.",
            ["system design", "databases"])),
        ("backend", Design("system-design-backend-04", QuestionDifficulty.Medium,
            "Design a notification service that sends email, SMS and push for a shop with 2 million customers.",
            ["queue", "retry", "template", "preferences", "idempotency", "rate limit", "provider"],
            "Puts requests on a queue; workers per channel; templates and user preferences; retries with back-off and a dead-letter queue; idempotency so a retry does not send twice; provider rate limits and failover; measures delivery and sizes throughput for peaks.",
            ["system design", "reliability"])),
        ("data", Design("system-design-data-01", QuestionDifficulty.Medium,
            "Design a pipeline that loads 500 GB of sales data each night into a warehouse for morning reports.",
            ["incremental", "partition", "idempotent", "schema", "data quality", "orchestration", "backfill"],
            "Loads incrementally by watermark; partitions by date; idempotent loads that can rerun; schema evolution handling; data quality checks that stop bad loads; an orchestrator with retries and alerting; backfill strategy; estimates run time against the window.",
            ["data engineering", "system design"])),
        ("data", Design("system-design-data-02", QuestionDifficulty.Hard,
            "Design real-time fraud scoring for card payments with a 100 ms budget.",
            ["stream", "feature store", "latency", "model", "fallback", "exactly once", "window"],
            "A streaming pipeline computing windowed features; a low-latency feature store; the model served behind a strict latency budget with a rule-based fallback; handling late and duplicate events; monitoring for drift; trade-off between accuracy and latency, numbers for throughput at peak.",
            ["data engineering", "system design"])),
        ("data", Design("system-design-data-03", QuestionDifficulty.Easy,
            "Design a dashboard backend that shows daily active users for the last 90 days across 20 products.",
            ["aggregation", "pre-compute", "cache", "distinct count", "time zone", "partition"],
            "Pre-aggregates daily distinct users per product (exact or with HyperLogLog), partitions by day, caches the rendered series, states the time zone of a day, and weighs exact counts against approximate ones for cost.",
            ["data engineering", "system design"])),
        ("data", Design("system-design-data-04", QuestionDifficulty.Medium,
            "Design change data capture from an operational database into a data lake.",
            ["cdc", "log", "ordering", "schema", "compaction", "snapshot", "idempotent"],
            "Reads the database's log (CDC) rather than polling; an initial snapshot then streamed changes; ordering by key; schema changes; compaction into current-state tables; idempotent upserts; lag monitoring with a target in minutes.",
            ["data engineering", "system design"])),
        ("integration", Design("system-design-integration-01", QuestionDifficulty.Medium,
            "Design the integration that sends orders from a web shop to an ERP that is offline every night for two hours.",
            ["queue", "retry", "idempotency", "mapping", "dead letter", "monitoring", "ordering"],
            "Decouples with a durable queue; retries with back-off through the outage; idempotency keys so the ERP never books an order twice; field mapping and validation; dead-letter handling with alerts; ordering where it matters; sizes the backlog after two hours of orders.",
            ["integration", "system design"])),
        ("integration", Design("system-design-integration-02", QuestionDifficulty.Hard,
            "Design an API gateway in front of 40 internal services for partners.",
            ["authentication", "rate limit", "versioning", "routing", "observability", "throttling", "contract"],
            "Central authentication (OAuth client credentials), per-partner rate limits and quotas, routing and versioning policy, request and response transformation kept thin, contracts and documentation, tracing and logs with correlation ids, and the cost of a single choke point.",
            ["integration", "api design"])),
        ("integration", Design("system-design-integration-03", QuestionDifficulty.Easy,
            "Design a webhook delivery system that notifies 1,000 customers of events.",
            ["signature", "retry", "back-off", "idempotency", "queue", "timeout"],
            "Queues events per subscriber; signs payloads (HMAC) so receivers can verify; retries with exponential back-off and a cap; event ids for idempotent receivers; timeouts; a replay tool; disables endpoints failing for days.",
            ["integration", "system design"])),
        ("integration", Design("system-design-integration-04", QuestionDifficulty.Medium,
            "Design a nightly file exchange with a bank that sends payment files over SFTP.",
            ["sftp", "checksum", "duplicate", "encryption", "reconciliation", "alerting"],
            "Picks files up over SFTP with key authentication; verifies checksums and encryption (PGP); detects duplicates by file id; parses and validates; reconciles totals with the bank's control record; alerts when a file is late; keeps an audit trail.",
            ["integration", "security"])),
    ];

    public static IReadOnlyList<MockQuestion> GeneralBehavioral { get; } =
    [
        Behavioral("general-behavioral-01", QuestionDifficulty.Easy,
            "Tell me about a time you solved a problem that others had given up on.",
            ["root cause", "options", "decision", "outcome"],
            "A specific problem, why others stopped, how they found the root cause, the options they weighed, what they did themselves, and the measurable outcome.",
            ["problem-solving", "ownership"]),
        Behavioral("general-behavioral-02", QuestionDifficulty.Medium,
            "Describe a disagreement with a colleague and how you resolved it.",
            ["listen", "common ground", "compromise", "relationship"],
            "The disagreement and what was at stake, how they listened and found common ground, the step they took, the outcome for the work and the relationship.",
            ["conflict-resolution", "communication"]),
        Behavioral("general-behavioral-03", QuestionDifficulty.Medium,
            "Tell me about a mistake you made and what you did about it.",
            ["ownership", "fix", "learned", "prevent"],
            "Owns the mistake plainly, how they fixed it and told the people affected, what it cost, what they changed so it would not recur.",
            ["ownership", "adaptability"]),
        Behavioral("general-behavioral-04", QuestionDifficulty.Easy,
            "Give an example of a time you had to learn something new quickly.",
            ["learn", "plan", "practice", "applied"],
            "What they had to learn and by when, how they planned and practised, who they asked, and how they applied it with a result.",
            ["adaptability"]),
        Behavioral("general-behavioral-05", QuestionDifficulty.Hard,
            "Tell me about a time you led a change that people resisted.",
            ["stakeholders", "resistance", "communication", "adoption"],
            "The change and why, who resisted and why, how they brought stakeholders along, the actions they took, and adoption measured afterwards.",
            ["leadership", "stakeholder-management"]),
        Behavioral("general-behavioral-06", QuestionDifficulty.Medium,
            "Describe a time you had too much to do and had to prioritise.",
            ["priorities", "deadline", "trade-off", "communicated"],
            "The competing demands, how they ranked them (impact, deadline), what they dropped or delegated and told whom, and the outcome against the deadlines.",
            ["ownership", "communication"]),
        Behavioral("general-behavioral-07", QuestionDifficulty.Medium,
            "Tell me about a time you helped a colleague get better at their work.",
            ["mentor", "feedback", "progress", "independent"],
            "Who and what they struggled with, the feedback and support given, how progress was checked, and what the colleague could do alone afterwards.",
            ["mentoring", "teamwork"]),
        Behavioral("general-behavioral-08", QuestionDifficulty.Hard,
            "Describe a decision you made with incomplete information.",
            ["risk", "assumptions", "data", "outcome"],
            "What was unknown, the assumptions and risks they named, the data they did gather, the decision and how they limited the downside, and how it turned out.",
            ["data-driven-decisions", "problem-solving"]),
    ];

    private static MockQuestion Design(string id, QuestionDifficulty difficulty, string text, IReadOnlyList<string> keywords, string strongAnswer, IReadOnlyList<string> competencies) =>
        new(id, QuestionType.Technical, difficulty, text, keywords, strongAnswer, competencies);

    private static MockQuestion Behavioral(string id, QuestionDifficulty difficulty, string text, IReadOnlyList<string> keywords, string strongAnswer, IReadOnlyList<string> competencies) =>
        new(id, QuestionType.Behavioral, difficulty, text, keywords, strongAnswer, competencies);
}
