namespace InterviewFunctions.App.Screening.Extraction;

public static class ExtractionRegistration
{
    /// <summary>The resume text extractor: stateless, so one instance serves every upload and queue message.</summary>
    public static IServiceCollection AddScreeningExtraction(this IServiceCollection services) => services.AddSingleton<ResumeTextExtractor>();
}
