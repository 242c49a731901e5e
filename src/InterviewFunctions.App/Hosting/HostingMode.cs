namespace InterviewFunctions.App.Hosting;

/// <summary>
/// Standalone (the default: listens on http://localhost:7071 and runs its own trigger loops) or behind the Azure
/// Functions host as a custom handler (listens on 127.0.0.1 at the port the host gives).
/// </summary>
public sealed record HostingMode(int? CustomHandlerPort)
{
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string StandaloneUrl = "http://localhost:7071";

    public bool IsCustomHandler => CustomHandlerPort is not null;

    public string Name => IsCustomHandler ? "custom-handler" : "standalone";

    public static HostingMode Detect(IConfiguration configuration)
    {
        var port = configuration[CustomHandlerPortVariable];
        if (string.IsNullOrWhiteSpace(port))
        {
            return new HostingMode((int?)null);
        }
        return int.TryParse(port, out var value) && value is > 0 and <= 65535
            ? new HostingMode(value)
            : throw new InvalidOperationException($"{CustomHandlerPortVariable} must be a TCP port number; it is '{port}'.");
    }
}

public static class HostingSetup
{
    /// <summary>Chooses where the app listens: the host's port as a custom handler, else --urls / ASPNETCORE_URLS, else 7071.</summary>
    public static HostingMode UseInterviewFunctionsHosting(this WebApplicationBuilder builder)
    {
        var mode = HostingMode.Detect(builder.Configuration);
        if (mode.IsCustomHandler)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{mode.CustomHandlerPort}");
        }
        else if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]) && string.IsNullOrWhiteSpace(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(HostingMode.StandaloneUrl);
        }
        builder.Services.AddSingleton(mode);
        return mode;
    }
}
