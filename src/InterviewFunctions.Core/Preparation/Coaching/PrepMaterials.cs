using InterviewFunctions.Core.Interviews;

namespace InterviewFunctions.Core.Preparation.Coaching;

public sealed record TypeChecklist(InterviewType Type, IReadOnlyList<PrepItem> Items);

/// <param name="Base">What every interview needs.</param>
/// <param name="ByType">What each interview type adds; only the asked-for type when one was given.</param>
public sealed record PrepChecklistMaterial(IReadOnlyList<PrepItem> Base, IReadOnlyList<TypeChecklist> ByType);

/// <summary>Everything a candidate reads to prepare, filtered to an interview type and a role family when given.</summary>
public sealed record PrepMaterials(
    InterviewType? InterviewType,
    StarGuide Star,
    CommonQuestionSet CommonQuestions,
    PrepChecklistMaterial Checklist,
    IReadOnlyList<TypeTips> Tips,
    StrengthsAndWeaknessesGuide StrengthsAndWeaknesses,
    IReadOnlyList<QuestionTheme> QuestionsToAsk);

public static class PrepMaterialsBuilder
{
    public static PrepMaterials Build(InterviewType? type, string? roleFamily, string? domain, ICommonQuestions commonQuestions)
    {
        ArgumentNullException.ThrowIfNull(commonQuestions);
        var types = type is { } t ? [t] : Enum.GetValues<InterviewType>();
        return new PrepMaterials(
            type,
            StarMethod.Guide,
            commonQuestions.Find(roleFamily, domain, type, BuiltInCommonQuestions.DefaultMax),
            new PrepChecklistMaterial(PrepChecklists.Base, [.. types.Select(x => new TypeChecklist(x, PrepChecklists.ForType(x)))]),
            [.. types.Select(InterviewTypeTips.For)],
            StrengthsAndWeaknesses.Guide,
            QuestionsToAsk.Themes);
    }
}
