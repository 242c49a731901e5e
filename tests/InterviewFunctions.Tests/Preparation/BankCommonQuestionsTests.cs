using InterviewFunctions.App.Preparation;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation;
using InterviewFunctions.Core.Preparation.Bank;
using InterviewFunctions.Core.Preparation.Coaching;

namespace InterviewFunctions.Tests.Preparation;

public sealed class BankCommonQuestionsTests
{
    private static readonly QuestionBank Bank = QuestionBankLoader.Load(BankCopy.Source);
    private static readonly BankCommonQuestions Common = new(Bank, new QuestionGenerator(Bank));

    [Fact]
    public void A_role_title_finds_its_domain_in_the_bank_with_the_interview_types_questions_first()
    {
        var set = Common.Find("Staff nurse", null, InterviewType.Behavioral, 8);

        Assert.Equal("registered-nursing", set.Family);
        Assert.Equal(8, set.Questions.Count);
        Assert.All(set.Questions, q => Assert.Contains(Bank.QuestionsOf("registered-nursing"), b => b.Text == q.Text));
        Assert.Equal("behavioral", set.Questions[0].Kind);
        Assert.False(string.IsNullOrWhiteSpace(set.Questions[0].Approach));
    }

    [Fact]
    public void A_bank_domain_id_is_taken_as_it_is_and_unknown_words_fall_back_to_the_general_list()
    {
        Assert.Equal("devops", Common.Find(null, "devops", InterviewType.Technical, 5).Family);
        Assert.Equal("technical", Common.Find(null, "devops", InterviewType.Technical, 5).Questions[0].Kind);
        Assert.Equal("general", Common.Find("zzz qqq", null, null, 5).Family);
    }
}
