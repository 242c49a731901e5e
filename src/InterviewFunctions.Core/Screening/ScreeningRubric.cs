namespace InterviewFunctions.Core.Screening;

/// <summary>
/// Every weight and threshold of the offline screening, in one place, so that a recruiter can read how a score was
/// made and a change to the rubric is one reviewed diff (bump <see cref="Version"/> with it: stored assessments name
/// the rubric they were made with).
/// <para>
/// <b>Scores</b> (each 0-100, rounded half away from zero):
/// <list type="bullet">
/// <item><b>keyword match</b>: the share of the job's terms (skills, certifications, free-text skills) named anywhere
/// on a credited line of the resume, skills list included.</item>
/// <item><b>skill relevance</b>: the weighted mean of the credit of every skill, certification and education
/// requirement. Weight: <see cref="RequiredWeight"/> for a required one, <see cref="NiceToHaveWeight"/> for a
/// nice-to-have, times <see cref="CertificationWeightFactor"/> for a certification or licence. Credit: met
/// <see cref="MetCredit"/> (<see cref="MetButDatedCredit"/> when it was last used in a role that ended more than
/// <see cref="RecentYears"/> years before the upload day), partly met <see cref="PartlyMetCredit"/>, not shown 0.</item>
/// <item><b>experience fit</b>: years shown against the job's range: 100 at or above the minimum; below it, the share
/// of the minimum shown; above the maximum plus <see cref="OverQualifiedGraceYears"/>, minus
/// <see cref="OverQualifiedPenaltyPerYear"/> per further year down to <see cref="OverQualifiedFloor"/>. No range asked:
/// 100.</item>
/// <item><b>overall</b>: <see cref="KeywordMatchWeight"/> × keyword match + <see cref="SkillRelevanceWeight"/> × skill
/// relevance + <see cref="ExperienceFitWeight"/> × experience fit.</item>
/// </list>
/// </para>
/// <para>
/// <b>Recommendation</b> from the overall score: strong yes at <see cref="StrongYesAt"/> or more, yes at
/// <see cref="YesAt"/>, maybe at <see cref="MaybeAt"/>, otherwise no. Then the caps: a required certification or
/// licence not shown, or a prompt-injection attempt, caps it at maybe; strong yes also needs every required
/// requirement at least partly met, or it becomes yes.
/// </para>
/// </summary>
public static class ScreeningRubric
{
    public const string Version = "screening-rubric/1";

    public const double KeywordMatchWeight = 0.25;
    public const double SkillRelevanceWeight = 0.50;
    public const double ExperienceFitWeight = 0.25;

    public const double RequiredWeight = 1.0;
    public const double NiceToHaveWeight = 0.4;
    public const double CertificationWeightFactor = 1.5;

    public const double MetCredit = 1.0;
    public const double MetButDatedCredit = 0.8;
    public const double PartlyMetCredit = 0.5;

    /// <summary>A skill last used in a role that ended longer ago than this earns <see cref="MetButDatedCredit"/>.</summary>
    public const int RecentYears = 5;

    /// <summary>Years below the minimum that still count as partly met, as a share of the minimum.</summary>
    public const double PartlyMetYearsShare = 0.7;

    public const int OverQualifiedGraceYears = 3;
    public const int OverQualifiedPenaltyPerYear = 5;
    public const int OverQualifiedFloor = 60;

    public const int StrongYesAt = 80;
    public const int YesAt = 65;
    public const int MaybeAt = 45;

    /// <summary>The recommendation an overall score earns before the caps.</summary>
    public static ScreeningRecommendation RecommendationFor(int overall) =>
        overall >= StrongYesAt ? ScreeningRecommendation.StrongYes
        : overall >= YesAt ? ScreeningRecommendation.Yes
        : overall >= MaybeAt ? ScreeningRecommendation.Maybe
        : ScreeningRecommendation.No;

    /// <summary>Evidence lines quoted per requirement, strongest first.</summary>
    public const int MaxEvidenceLines = 3;
}
