using InterviewFunctions.Core.Evaluation;

namespace InterviewFunctions.Tests.Evaluation;

/// <summary>Two backend interviews, one answered well and one poorly, used by the rubric tests and the API tests.</summary>
public static class Transcripts
{
    public const string Interviewer = "Bob Builder";
    public const string Candidate = "Ada Lovelace";

    public static readonly string[] Topics = ["postgresql", "kafka", "kubernetes"];

    public const string StrongStar =
        "At my last company in 2024 our checkout API was timing out during sales peaks. My task was to bring p99 latency under 300 ms before Black Friday. " +
        "I profiled the service, found an N+1 query against PostgreSQL, and I rewrote it as a single join with a covering index. " +
        "I also added a Kafka consumer to move invoice emails off the request path. As a result p99 went from 900 ms to 120 ms and we handled 3x the traffic with no incidents.";

    public const string StrongDesign =
        "First I would clarify the load: about 2,000 writes per second. Then I would partition the topic by customer id so ordering holds per customer. " +
        "The trade-off is that a hot customer can skew a partition; the alternative is random keys, rather than ordering, which we could live with for analytics. " +
        "For edge cases I would handle duplicates with an idempotency key, because Kafka delivers at least once. " +
        "I would load test it on Kubernetes with three replicas and monitor consumer lag, so that we roll back if lag grows.";

    public const string StrongAlgorithm =
        "I would use a hash map from value to index, which gives O(n) time and O(n) space instead of the O(n^2) nested loops. " +
        "Edge cases: an empty array, duplicates, and negative numbers. I tested it with unit tests for each of those cases.";

    public const string WeakStar =
        "I think we had some problems with the API maybe. The team looked into it and they fixed it I guess.";

    public const string WeakDesign =
        "Probably I would use a queue or something. Not sure, it kind of depends.";

    public const string WeakAlgorithm = "Maybe loop over it twice.";

    public static IReadOnlyList<TranscriptTurn> Strong() =>
    [
        new(Interviewer, TranscriptRole.Interviewer, "Tell me about a time you fixed a performance problem.", TimeSpan.FromSeconds(5)),
        new(Candidate, TranscriptRole.Candidate, StrongStar, TimeSpan.FromSeconds(12)),
        new(Interviewer, TranscriptRole.Interviewer, "How would you design the event pipeline for orders?", TimeSpan.FromMinutes(4)),
        new(Candidate, TranscriptRole.Candidate, StrongDesign, TimeSpan.FromMinutes(4.2)),
        new(Interviewer, TranscriptRole.Interviewer, "How would you find two numbers that add up to a target?", TimeSpan.FromMinutes(9)),
        new(Candidate, TranscriptRole.Candidate, StrongAlgorithm, TimeSpan.FromMinutes(9.3)),
    ];

    public static IReadOnlyList<TranscriptTurn> Weak() =>
    [
        new(Interviewer, TranscriptRole.Interviewer, "Tell me about a time you fixed a performance problem."),
        new(Candidate, TranscriptRole.Candidate, WeakStar),
        new(Interviewer, TranscriptRole.Interviewer, "How would you design the event pipeline for orders?"),
        new(Candidate, TranscriptRole.Candidate, WeakDesign),
        new(Interviewer, TranscriptRole.Interviewer, "How would you find two numbers that add up to a target?"),
        new(Candidate, TranscriptRole.Candidate, WeakAlgorithm),
    ];

    public static EvaluationInput Input(IReadOnlyList<TranscriptTurn> turns, string type = "technical", IReadOnlyList<string>? topics = null) =>
        new(type, "Backend Engineer", "backend", null, topics ?? Topics, turns);
}
