using System.Text.Json.Serialization;
using InterviewFunctions.Core.Json;

namespace InterviewFunctions.Core.Jobs;

[JsonConverter(typeof(SnakeCaseEnumConverter<JobStatus>))]
public enum JobStatus
{
    Draft,
    Open,
    OnHold,
    Closed,
    Filled,
}

[JsonConverter(typeof(SnakeCaseEnumConverter<Workplace>))]
public enum Workplace
{
    Onsite,
    Hybrid,
    Remote,
}

/// <summary>Years of experience a posting asks for; either end may be open.</summary>
public sealed record ExperienceRange(int? MinYears, int? MaxYears);

/// <summary>
/// One job posting of a tenant's hiring team. Interviews and candidates point at it by <see cref="Id"/>; the question
/// bank and the screening read its domain, skills and description.
/// </summary>
public sealed record Job
{
    public const string DocumentType = "job";

    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public string DocType { get; init; } = DocumentType;
    public required string Title { get; init; }

    /// <summary>Free text, or a question bank domain id such as <c>civil-engineering</c>.</summary>
    public string? Domain { get; init; }
    public string? Department { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> RequiredSkills { get; init; } = [];
    public IReadOnlyList<string> NiceToHaveSkills { get; init; } = [];
    public ExperienceRange? Experience { get; init; }
    public string? Location { get; init; }
    public Workplace? Workplace { get; init; }
    public JobStatus Status { get; init; } = JobStatus.Draft;
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Counts the changes; the HTTP ETag derives from it.</summary>
    public int Revision { get; init; } = 1;

    /// <summary>Lower-case title, stored so that the title search is the same plain substring match in every store.</summary>
    public string TitleKey => Title.ToLowerInvariant();

    /// <summary>Lower-case domain, stored so that the domain filter is an exact match whatever the spelling.</summary>
    public string? DomainKey => Domain?.ToLowerInvariant();

    /// <summary>The store's concurrency token; not part of the stored document.</summary>
    [JsonIgnore]
    public string? ETag { get; init; }
}
