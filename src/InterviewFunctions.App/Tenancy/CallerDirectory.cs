using System.Security.Cryptography;
using System.Text;
using InterviewFunctions.App.Hosting;
using InterviewFunctions.Core;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Tenancy;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Tenancy;

/// <summary>
/// Knows the configured API keys (by their hashes) and whether the single local tenant may be served: only when no
/// key is configured, the app runs standalone, and it listens on loopback addresses only.
/// </summary>
public sealed class CallerDirectory
{
    private readonly List<(byte[] Hash, Caller Caller)> _keys;
    private readonly Lazy<bool> _localTenantAllowed;

    public CallerDirectory(IOptions<AuthOptions> options, HostingMode hosting, IServer server)
    {
        Options = options.Value;
        _keys = Options.ApiKeys.Select(Load).ToList();
        _localTenantAllowed = new Lazy<bool>(() => _keys.Count == 0 && !hosting.IsCustomHandler && ListensOnLoopbackOnly(server));
    }

    public AuthOptions Options { get; }

    public bool LocalTenantAllowed => _localTenantAllowed.Value;

    public Caller LocalCaller => new(Options.LocalTenantId, CallerRole.Admin, "local", null);

    /// <summary>Finds the caller a key belongs to. Every configured hash is compared, in constant time, whatever matches.</summary>
    public Caller? FindByKey(string key)
    {
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        Caller? found = null;
        foreach (var (hash, caller) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, presented))
            {
                found = caller;
            }
        }
        return found;
    }

    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static (byte[], Caller) Load(ApiKeyOptions key, int index)
    {
        var where = $"Auth:ApiKeys:{index}";
        byte[] hash;
        try
        {
            hash = Convert.FromHexString(key.Sha256);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{where}:Sha256 must be the hex SHA-256 of the key.");
        }
        if (hash.Length != 32)
        {
            throw new InvalidOperationException($"{where}:Sha256 must be the hex SHA-256 of the key (64 hex digits).");
        }
        if (string.IsNullOrWhiteSpace(key.TenantId))
        {
            throw new InvalidOperationException($"{where}:TenantId is required.");
        }
        if (!EnumNames.TryParseWire<CallerRole>(key.Role, out var role))
        {
            throw new InvalidOperationException($"{where}:Role must be one of {EnumNames.AllWire<CallerRole>()}.");
        }
        if (role is CallerRole.Candidate or CallerRole.Interviewer && (key.Email is null || !Validation.IsEmail(key.Email)))
        {
            throw new InvalidOperationException($"{where}:Email is required for the {key.Role} role: it ties the caller to their interviews.");
        }
        var subject = string.IsNullOrWhiteSpace(key.Name) ? $"api-key-{index}" : key.Name;
        return (hash, new Caller(key.TenantId, role, subject, key.Email?.ToLowerInvariant()));
    }

    private static bool ListensOnLoopbackOnly(IServer server)
    {
        // An in-process test server has no addresses and is reachable from nowhere else.
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return addresses.All(address =>
        {
            var host = BindingAddress.Parse(address).Host;
            return host == "localhost" || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));
        });
    }
}

public static partial class CallerModeLogging
{
    /// <summary>Says once, when the app has started, how callers are authenticated.</summary>
    public static void LogCallerMode(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var directory = app.Services.GetRequiredService<CallerDirectory>();
            if (directory.LocalTenantAllowed)
            {
                LocalTenant(app.Logger, directory.Options.LocalTenantId);
            }
            else if (directory.Options.ApiKeys.Count == 0)
            {
                NoCallers(app.Logger);
            }
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API key is configured and the app listens on loopback only: every request is served as the admin of the single local tenant {TenantId}")]
    private static partial void LocalTenant(ILogger logger, string tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API key is configured and the app is reachable beyond loopback (or runs under the Functions host): only App Service principals can call the API")]
    private static partial void NoCallers(ILogger logger);
}
