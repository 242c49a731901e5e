using InterviewFunctions.Core.Preparation.Coaching;

namespace InterviewFunctions.Tests.Preparation;

public sealed class ElevatorPitchTests
{
    // As many words as an achievement may have, short enough to stay under its character limit.
    private static readonly string LongAchievement = string.Join(' ', Enumerable.Repeat("done", ElevatorPitchComposer.MaxAchievementWords));

    public static TheoryData<string, string, string[], string> Inputs => new()
    {
        // The shortest input the rules allow.
        { "Al", "Nurse", ["Won awards", "Saved lives", "Trained staff"], "grow" },
        { "Ada Lovelace", "Senior Backend Engineer at Globex",
            ["Cut the nightly billing run from six hours to forty minutes", "Led the migration of 2 million customer records with no downtime", "Mentored four junior engineers"],
            "to lead a platform team that other engineers love to build on" },
        { "María José García", "Charge nurse on a 28-bed surgical ward",
            ["Reduced medication errors on the ward by 40 percent in one year", "I introduced a handover checklist now used across the hospital", "Trained 12 newly qualified nurses", "Our ward scored highest for patient experience in 2025"],
            "a ward manager role in a teaching hospital" },
        { "Sam", "Warehouse shift supervisor",
            ["picked orders faster than anyone", "Zero lost-time accidents across 400 shifts", "overhauled the slotting plan, cutting walking distance by a third"],
            "to move into operations planning." },
        // The longest input the rules allow: every field at its word limit.
        { "One Two Three Four Five Six", string.Join(' ', Enumerable.Repeat("lead", ElevatorPitchComposer.MaxRoleWords)),
            [LongAchievement, LongAchievement.Replace("done", "made", StringComparison.Ordinal), LongAchievement.Replace("done", "kept", StringComparison.Ordinal), LongAchievement.Replace("done", "sold", StringComparison.Ordinal)],
            string.Join(' ', Enumerable.Repeat("grow", ElevatorPitchComposer.MaxGoalWords)) },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void A_pitch_is_250_to_320_words_and_uses_every_achievement_the_name_role_and_goal(string name, string role, string[] achievements, string goal)
    {
        var (input, errors) = ElevatorPitchComposer.Validate(new ElevatorPitchRequest(name, role, achievements, goal));
        Assert.True(input is not null, string.Join("; ", errors.SelectMany(e => e.Value)));

        var pitch = ElevatorPitchComposer.Compose(input);

        // Counted here independently of the composer: whitespace-separated words.
        var words = pitch.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.InRange(words, 250, 320);
        Assert.Equal(words, pitch.WordCount);
        Assert.InRange(pitch.EstimatedSeconds, 100, 140);
        Assert.Contains(name, pitch.Text, StringComparison.Ordinal);
        Assert.Contains(role, pitch.Text, StringComparison.Ordinal);
        Assert.Contains(goal.TrimEnd('.'), pitch.Text, StringComparison.Ordinal);
        foreach (var achievement in achievements)
        {
            // The first letter may be lower-cased after "I ".
            Assert.Contains(achievement[1..], pitch.Text, StringComparison.Ordinal);
        }
        Assert.Equal(pitch.Text, string.Join("\n\n", pitch.Paragraphs));
        Assert.Equal(("offline-composer", "pitch-v1"), (pitch.Engine, pitch.Version));
    }

    [Fact]
    public void Achievements_read_in_the_first_person()
    {
        var (input, _) = ElevatorPitchComposer.Validate(new ElevatorPitchRequest("Ada", "Engineer",
            ["Cut costs by 12 percent", "Reduced churn by a fifth", "I built the on-call rota", "A 99.99 percent uptime year"], "lead a team"));

        var text = ElevatorPitchComposer.Compose(input!).Text;

        Assert.Contains("I cut costs by 12 percent.", text, StringComparison.Ordinal);
        Assert.Contains("I reduced churn by a fifth.", text, StringComparison.Ordinal);
        Assert.Contains("I built the on-call rota.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("I I built", text, StringComparison.Ordinal);
        Assert.Contains("One example: A 99.99 percent uptime year.", text, StringComparison.Ordinal);
        Assert.Contains("four examples", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_input_gives_the_same_pitch_and_different_input_a_different_one()
    {
        var request = new ElevatorPitchRequest("Ada", "Engineer", ["Won the hackathon", "Shipped the mobile app", "Halved the build time"], "lead a team");
        var first = ElevatorPitchComposer.Compose(ElevatorPitchComposer.Validate(request).Input!);
        var second = ElevatorPitchComposer.Compose(ElevatorPitchComposer.Validate(request).Input!);
        var other = ElevatorPitchComposer.Compose(ElevatorPitchComposer.Validate(request with { Name = "Grace" }).Input!);

        Assert.Equal(first, second with { Paragraphs = first.Paragraphs });
        Assert.Equal(first.Paragraphs, second.Paragraphs);
        Assert.NotEqual(first.Text, other.Text);
    }

    [Theory]
    [InlineData(2, "achievements")]
    [InlineData(5, "achievements")]
    public void Too_few_or_too_many_achievements_are_refused(int count, string field)
    {
        var achievements = Enumerable.Range(1, count).Select(i => $"Achievement number {i}").ToArray();

        var (input, errors) = ElevatorPitchComposer.Validate(new ElevatorPitchRequest("Ada", "Engineer", achievements, "grow"));

        Assert.Null(input);
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void Missing_blank_overlong_and_repeated_fields_are_named()
    {
        var (_, errors) = ElevatorPitchComposer.Validate(new ElevatorPitchRequest(
            "  ", new string('x', ElevatorPitchComposer.MaxRoleChars + 1), ["Did a thing", "did a thing", LongAchievement + " more"], null));

        Assert.Equal(["achievements[1]", "achievements[2]", "currentRole", "goal", "name"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("words", errors["achievements[2]"][0], StringComparison.Ordinal);
        Assert.Null(ElevatorPitchComposer.Validate(new ElevatorPitchRequest("Ada", "Engineer", null, "grow")).Input);
    }
}
