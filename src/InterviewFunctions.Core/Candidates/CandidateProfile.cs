using System.Text.Json.Serialization;
using InterviewFunctions.Core.Json;

namespace InterviewFunctions.Core.Candidates;

[JsonConverter(typeof(SnakeCaseEnumConverter<CandidateStatus>))]
public enum CandidateStatus
{
    New,
    Screening,
    Interviewing,
    Offer,
    Hired,
    Rejected,
    Withdrawn,
}

/// <summary>
/// A person in a tenant's hiring pipeline. Named apart from <see cref="Interviews.Candidate"/>, which is the name, email
/// and time zone an interview carries; the profile is the hiring team's record of the person. The email is unique
/// within the tenant and kept lower-case, the same form that ties a candidate to their interviews.
/// </summary>
public sealed record CandidateProfile
{
    public const string DocumentType = "candidate";

    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public string DocType { get; init; } = DocumentType;
    public required string Name { get; init; }
    public required string Email { get; init; }

    /// <summary>E.164: a plus and 8 to 15 digits, e.g. <c>+4930123456</c>.</summary>
    public string? Phone { get; init; }

    /// <summary>http or https URLs: a LinkedIn profile, a portfolio, a repository.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];
    public string? Location { get; init; }
    public CandidateStatus Status { get; init; } = CandidateStatus.New;

    /// <summary>The tenant's jobs the candidate applies to.</summary>
    public IReadOnlyList<string> JobIds { get; init; } = [];
    public string? Notes { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Counts the changes; the HTTP ETag derives from it.</summary>
    public int Revision { get; init; } = 1;

    /// <summary>Lower-case name, stored so that the name search is the same plain substring match in every store.</summary>
    public string NameKey => Name.ToLowerInvariant();

    /// <summary>The store's concurrency token; not part of the stored document.</summary>
    [JsonIgnore]
    public string? ETag { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateCandidateRequest(
    string? Name,
    string? Email,
    string? Phone = null,
    IReadOnlyList<string?>? Links = null,
    string? Location = null,
    string? Status = null,
    IReadOnlyList<string?>? JobIds = null,
    string? Notes = null);

/// <summary>What a change did to a candidate: changed it, found nothing to change, refused the input, or refused the transition.</summary>
public abstract record CandidateChange
{
    private CandidateChange() { }

    public sealed record Applied(CandidateProfile Candidate) : CandidateChange;

    public sealed record Unchanged : CandidateChange;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : CandidateChange;

    public sealed record Conflict(string Detail) : CandidateChange;
}
