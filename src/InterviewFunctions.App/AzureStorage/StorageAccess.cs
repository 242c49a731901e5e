using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InterviewFunctions.App.AzureStorage;

/// <summary>
/// How an adapter reaches its Storage service, from its two settings: a connection string (an account key, or
/// Azurite) signs with SharedKey; otherwise a service URI is reached with an Entra ID token (managed identity in
/// Azure, where <c>AZURE_CLIENT_ID</c> picks a user-assigned one; the developer's login locally).
/// </summary>
public sealed class StorageAccess
{
    private readonly StorageConnection? _connection;

    private StorageAccess(Uri serviceUri, StorageConnection? connection)
    {
        ServiceUri = serviceUri;
        _connection = connection;
    }

    public Uri ServiceUri { get; }

    public bool UsesSharedKey => _connection is not null;

    /// <summary>Reads the settings at registration, so that a malformed one stops the app at start rather than at first use.</summary>
    /// <param name="section">The settings' section, for messages: <c>Queues</c>, <c>Files</c>.</param>
    /// <param name="serviceUriSetting">The name of the service URI setting in that section.</param>
    public static StorageAccess Register(IServiceCollection services, string? connectionString, string? serviceUri, StorageService service, string section, string serviceUriSetting)
    {
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var connection = StorageConnection.Parse(connectionString, service, $"{section}:ConnectionString");
            return new StorageAccess(connection.ServiceUri, connection);
        }
        if (Uri.TryCreate(serviceUri, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
        {
            services.TryAddSingleton<Azure.Core.TokenCredential>(_ => new Azure.Identity.DefaultAzureCredential());
            return new StorageAccess(uri, null);
        }
        throw new InvalidOperationException(
            $"{section} on Azure Storage needs {section}:ConnectionString (an account key or UseDevelopmentStorage=true) or {section}:{serviceUriSetting} (an absolute URI, reached with Entra ID).");
    }

    public StorageAuthorization Authorization(IServiceProvider services) =>
        _connection is not null
            ? new SharedKeyAuthorization(_connection.AccountName!, _connection.AccountKey!)
            : new BearerTokenAuthorization(services.GetRequiredService<Azure.Core.TokenCredential>(), services.GetRequiredService<TimeProvider>());

    /// <summary>One client per adapter, recycling connections so that DNS changes are noticed.</summary>
    public static HttpClient NewHttpClient(TimeSpan timeout) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = timeout };
}
