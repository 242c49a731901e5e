using InterviewFunctions.App.Email.Acs;
using InterviewFunctions.App.Email.Outbox;
using InterviewFunctions.App.Email.Smtp;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Email;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InterviewFunctions.App.Email;

public static class EmailRegistration
{
    /// <summary>The email sender chosen by configuration: outbox (default), SMTP or Communication Services.</summary>
    /// <exception cref="InvalidOperationException">The configuration names an unknown provider or lacks what the provider needs.</exception>
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(EmailOptions.Section);
        services.Configure<EmailOptions>(section);
        var options = section.Get<EmailOptions>() ?? new EmailOptions();
        if (!Validation.IsEmail(options.From))
        {
            throw new InvalidOperationException($"Email:From must be an email address such as interviews@example.com; it is '{options.From}'.");
        }
        // The outbox listing reads whatever the outbox sender wrote, also after a switch to another provider.
        services.TryAddSingleton<OutboxFolder>();
        services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, OutboxJsonContext.Default));
        switch (options.Provider.ToLowerInvariant())
        {
            case "outbox":
                services.AddSingleton<IEmailSender, OutboxEmailSender>();
                break;
            case "smtp":
                if (string.IsNullOrWhiteSpace(options.Smtp.Host))
                {
                    throw new InvalidOperationException("Email:Provider 'smtp' needs Email:Smtp:Host.");
                }
                if (options.Smtp.Port is < 1 or > 65535 || options.Smtp.TimeoutSeconds < 1)
                {
                    throw new InvalidOperationException("Email:Smtp:Port must be 1 to 65535 and Email:Smtp:TimeoutSeconds at least 1.");
                }
                services.AddSingleton<IEmailSender, SmtpEmailSender>();
                break;
            case "acs":
                var connection = AcsConnection.From(options.Acs);
                if (options.Acs.MaxAttempts < 1 || options.Acs.Timeout <= TimeSpan.Zero || options.Acs.PollInterval < TimeSpan.Zero || options.Acs.RetryBaseDelay < TimeSpan.Zero)
                {
                    throw new InvalidOperationException("Email:Acs:MaxAttempts must be at least 1, Email:Acs:Timeout positive, and Email:Acs:PollInterval and RetryBaseDelay not negative.");
                }
                if (connection.AccessKey is null)
                {
                    // Managed identity in Azure (AZURE_CLIENT_ID picks a user-assigned one), the developer's login locally.
                    services.TryAddSingleton<Azure.Core.TokenCredential>(_ => new Azure.Identity.DefaultAzureCredential());
                }
                services.AddSingleton<IEmailSender>(sp => new AcsEmailSender(
                    sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmailOptions>>(),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<AcsEmailSender>>(),
                    connection.AccessKey is null ? sp.GetRequiredService<Azure.Core.TokenCredential>() : null));
                break;
            default:
                throw new InvalidOperationException($"Email:Provider must be 'outbox', 'smtp' or 'acs'; it is '{options.Provider}'.");
        }
        return services;
    }

    /// <summary><c>GET /outbox</c>: what the outbox sender wrote, for the caller's tenant.</summary>
    public static IEndpointRouteBuilder MapOutbox(this IEndpointRouteBuilder routes)
    {
        routes.MapOutboxApi();
        return routes;
    }
}
