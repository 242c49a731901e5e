namespace InterviewFunctions.App.Tenancy;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The API keys callers may present. Only the SHA-256 of each key is configured, never the key.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>The tenant served when no key is configured and the app listens on loopback only.</summary>
    public string LocalTenantId { get; set; } = "local";

    /// <summary>The claim of the App Service principal (X-MS-CLIENT-PRINCIPAL) that names the tenant.</summary>
    public string PrincipalTenantClaim { get; set; } = "tid";
}

public sealed class ApiKeyOptions
{
    /// <summary>A label for logs; never the key.</summary>
    public string Name { get; set; } = "";

    /// <summary>Hex SHA-256 of the key (<c>dotnet run --project src/InterviewFunctions.App -- hash-key KEY</c> prints it).</summary>
    public string Sha256 { get; set; } = "";

    public string TenantId { get; set; } = "";

    /// <summary>admin, recruiter, interviewer or candidate.</summary>
    public string Role { get; set; } = "";

    /// <summary>Required for interviewers and candidates: the email that ties them to their interviews.</summary>
    public string? Email { get; set; }
}
