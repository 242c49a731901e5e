using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation.Bank;

namespace InterviewFunctions.Core.Preparation.Coaching;

/// <summary>
/// Common questions from the question bank: the domain or role family the words point to, its questions of the
/// interview's kind first. Where nothing in the bank matches, the small built-in list answers.
/// </summary>
public sealed class BankCommonQuestions(QuestionBank bank, QuestionGenerator generator) : ICommonQuestions
{
    private readonly BuiltInCommonQuestions _fallback = new();

    public CommonQuestionSet Find(string? roleFamily, string? domain, InterviewType? type, int max)
    {
        var matched = (domain is null ? null : bank.FindDomain(domain))
            ?? (roleFamily is null ? null : bank.FindDomain(roleFamily))
            ?? Detect($"{roleFamily} {domain}".Trim());
        if (matched is null)
        {
            return _fallback.Find(roleFamily, domain, type, max);
        }
        var preferred = type switch
        {
            InterviewType.Technical => QuestionType.Technical,
            InterviewType.Behavioral or InterviewType.FinalRound or InterviewType.Panel => QuestionType.Behavioral,
            InterviewType.OnSite => QuestionType.Situational,
            _ => (QuestionType?)null,
        };
        var questions = bank.QuestionsOf(matched.Id)
            .OrderBy(q => q.Type == preferred ? 0 : 1)
            .ThenBy(q => q.Difficulty)
            .ThenBy(q => q.Id, StringComparer.Ordinal)
            .Take(max)
            .Select(q => new CommonQuestion(q.Text, q.Type.ToWire(), q.StrongAnswer))
            .ToList();
        return new CommonQuestionSet(matched.Id, matched.Name, questions);
    }

    private BankDomain? Detect(string words) =>
        words.Length > 0 && generator.DetectDomains(words) is [var strongest, ..] ? bank.FindDomain(strongest.Id) : null;
}
