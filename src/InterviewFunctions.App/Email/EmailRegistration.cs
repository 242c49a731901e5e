namespace InterviewFunctions.App.Email;

public static class EmailRegistration
{
    /// <summary>The email sender chosen by configuration: outbox (default), SMTP or Communication Services.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        // Filled in by the email work.
        _ = configuration;
        return services;
    }

    /// <summary><c>GET /outbox</c>: what the outbox sender wrote, for the caller's tenant.</summary>
    public static IEndpointRouteBuilder MapOutbox(this IEndpointRouteBuilder routes) => routes;
}
