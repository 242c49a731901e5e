namespace InterviewFunctions.Core.Interviews;

/// <summary>How an interview type reads in a sentence and in a title, for calendars and emails.</summary>
public static class InterviewTypeText
{
    /// <summary>Lower-case, for the middle of a sentence: "your technical interview".</summary>
    public static string Phrase(this InterviewType type) => type switch
    {
        InterviewType.PhoneScreen => "phone screen",
        InterviewType.VideoInterview => "video interview",
        InterviewType.Technical => "technical interview",
        InterviewType.Behavioral => "behavioral interview",
        InterviewType.OnSite => "on-site interview",
        InterviewType.Panel => "panel interview",
        InterviewType.FinalRound => "final-round interview",
        InterviewType.Debrief => "debrief",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Capitalised, for a subject or a heading: "Technical interview".</summary>
    public static string Title(this InterviewType type)
    {
        var phrase = type.Phrase();
        return string.Concat(char.ToUpperInvariant(phrase[0]).ToString(), phrase[1..]);
    }
}
