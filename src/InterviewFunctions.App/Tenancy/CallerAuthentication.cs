using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using InterviewFunctions.App.Hosting;
using InterviewFunctions.App.Problems;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Tenancy;

/// <summary>
/// Turns a request into a <see cref="Caller"/>: an API key (<c>Authorization: Bearer</c> or <c>x-api-key</c>), or under
/// the Functions host the App Service principal (<c>X-MS-CLIENT-PRINCIPAL</c>, which App Service authentication sets
/// and strips from client requests), or, standalone on loopback with no keys configured, the local tenant.
/// </summary>
public sealed class CallerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CallerDirectory directory,
    HostingMode hosting) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Caller";
    private const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = PresentedKey();
        if (key is not null)
        {
            return Task.FromResult(directory.FindByKey(key) is { } caller
                ? Success(caller)
                : AuthenticateResult.Fail("The API key is not valid."));
        }
        if (hosting.IsCustomHandler && Request.Headers[PrincipalHeader].FirstOrDefault() is { Length: > 0 } principal)
        {
            return Task.FromResult(FromAppServicePrincipal(principal));
        }
        return Task.FromResult(directory.LocalTenantAllowed ? Success(directory.LocalCaller) : AuthenticateResult.NoResult());
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problem.Write(Context, StatusCodes.Status401Unauthorized, "Authentication required",
            "Present an API key as 'Authorization: Bearer <key>' or 'x-api-key: <key>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problem.Write(Context, StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this.");

    private string? PresentedKey()
    {
        var authorization = Request.Headers.Authorization.FirstOrDefault();
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        return Request.Headers["x-api-key"].FirstOrDefault();
    }

    private AuthenticateResult FromAppServicePrincipal(string header)
    {
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(header));
            var root = document.RootElement;
            var roleType = root.TryGetProperty("role_typ", out var rt) ? rt.GetString() : null;
            var claims = root.GetProperty("claims").EnumerateArray()
                .Select(c => (Type: c.GetProperty("typ").GetString() ?? "", Value: c.GetProperty("val").GetString() ?? ""))
                .ToList();
            string? Claim(params string[] types) => claims.FirstOrDefault(c => types.Contains(c.Type, StringComparer.OrdinalIgnoreCase)).Value;

            var tenant = Claim(directory.Options.PrincipalTenantClaim);
            var roles = claims
                .Where(c => c.Type == roleType || c.Type is "roles" or ClaimTypes.Role)
                .Select(c => EnumNames.TryParseWire<CallerRole>(c.Value.ToLowerInvariant(), out var r) ? r : (CallerRole?)null)
                .OfType<CallerRole>()
                .ToList();
            if (string.IsNullOrEmpty(tenant) || roles.Count == 0)
            {
                return AuthenticateResult.Fail("The principal carries no tenant or no known role.");
            }
            var email = Claim("preferred_username", "email", ClaimTypes.Email, ClaimTypes.Upn);
            var subject = Claim("http://schemas.microsoft.com/identity/claims/objectidentifier", "oid", ClaimTypes.NameIdentifier, "sub") ?? email ?? "principal";
            // Several roles: the most powerful one counts (the enum lists them from most to least).
            return Success(new Caller(tenant, roles.Min(), subject, email?.ToLowerInvariant()));
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return AuthenticateResult.Fail("The X-MS-CLIENT-PRINCIPAL header is malformed.");
        }
    }

    private static AuthenticateResult Success(Caller caller) =>
        AuthenticateResult.Success(new AuthenticationTicket(CallerClaims.ToPrincipal(caller, SchemeName), SchemeName));
}

public static class CallerClaims
{
    private const string TenantClaim = "tenant";

    public static ClaimsPrincipal ToPrincipal(Caller caller, string scheme)
    {
        List<Claim> claims = [new(TenantClaim, caller.TenantId), new(ClaimTypes.Role, caller.Role.ToWire()), new(ClaimTypes.NameIdentifier, caller.Subject)];
        if (caller.Email is not null)
        {
            claims.Add(new Claim(ClaimTypes.Email, caller.Email));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The caller of an authenticated request (the API group requires authentication, so the claims are there).</summary>
    public static Caller ToCaller(this ClaimsPrincipal user)
    {
        return new Caller(
            user.FindFirstValue(TenantClaim) ?? throw new InvalidOperationException("The request has no authenticated caller."),
            EnumNames.ParseWire<CallerRole>(user.FindFirstValue(ClaimTypes.Role) ?? ""),
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            user.FindFirstValue(ClaimTypes.Email));
    }
}
