using System.Text.Json.Serialization;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Json;

namespace InterviewFunctions.Core.Tenancy;

[JsonConverter(typeof(SnakeCaseEnumConverter<CallerRole>))]
public enum CallerRole
{
    Admin,
    Recruiter,
    Interviewer,
    Candidate,
}

/// <summary>Which interviews of a tenant a caller may see: all of them, or those naming their email.</summary>
public sealed record InterviewScope(string? CandidateEmail, string? InterviewerEmail)
{
    public static readonly InterviewScope All = new(null, null);

    public bool Includes(Interview interview) =>
        (CandidateEmail is null || interview.Candidate.Email == CandidateEmail)
        && (InterviewerEmail is null || interview.Interviewers.Any(i => i.Email == InterviewerEmail));
}

/// <summary>
/// Who is calling: a tenant, a role, and for candidates and interviewers the email that ties them to interviews.
/// Admins and recruiters manage the tenant's interviews; interviewers see and move their own; candidates see their
/// own, confirm them and keep their prep notes.
/// </summary>
public sealed record Caller(string TenantId, CallerRole Role, string Subject, string? Email)
{
    public InterviewScope Scope => Role switch
    {
        CallerRole.Candidate => new InterviewScope(Email ?? "", null),
        CallerRole.Interviewer => new InterviewScope(null, Email ?? ""),
        _ => InterviewScope.All,
    };

    public bool CanManage => Role is CallerRole.Admin or CallerRole.Recruiter;

    public bool CanSee(Interview interview) => interview.TenantId == TenantId && Scope.Includes(interview);

    public bool CanKeepPrepNotes => Role is not CallerRole.Interviewer;

    public bool CanSetStatus(InterviewStatus status) => Role switch
    {
        CallerRole.Admin or CallerRole.Recruiter => true,
        CallerRole.Interviewer => status is InterviewStatus.Confirmed or InterviewStatus.InProgress or InterviewStatus.Completed,
        _ => status is InterviewStatus.Confirmed,
    };
}
