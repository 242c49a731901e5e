namespace InterviewFunctions.App.Email.Acs;

/// <summary>Where the Communication Services resource is, and the access key when HMAC authentication is used.</summary>
public sealed record AcsConnection(Uri Endpoint, byte[]? AccessKey)
{
    /// <summary>From <c>Email:Acs:ConnectionString</c>, else <c>Email:Acs:Endpoint</c> (Entra ID).</summary>
    /// <exception cref="InvalidOperationException">Neither is usable; the message says which key to fix (never its value).</exception>
    public static AcsConnection From(AcsEmailOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var parts = options.ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => p.Split('=', 2))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
            if (!parts.TryGetValue("endpoint", out var endpoint) || !parts.TryGetValue("accesskey", out var key))
            {
                throw new InvalidOperationException("Email:Acs:ConnectionString must have the form 'endpoint=https://<resource>.communication.azure.com/;accesskey=<key>'.");
            }
            byte[] accessKey;
            try
            {
                accessKey = Convert.FromBase64String(key);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException("The accesskey in Email:Acs:ConnectionString is not base64; copy the connection string from the resource's Keys page.");
            }
            return new AcsConnection(ParseEndpoint(endpoint, "the endpoint in Email:Acs:ConnectionString"), accessKey);
        }
        if (!string.IsNullOrWhiteSpace(options.Endpoint))
        {
            return new AcsConnection(ParseEndpoint(options.Endpoint, "Email:Acs:Endpoint"), null);
        }
        throw new InvalidOperationException("Email:Provider 'acs' needs Email:Acs:ConnectionString (access key) or Email:Acs:Endpoint (Entra ID).");
    }

    private static Uri ParseEndpoint(string text, string where) =>
        Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : throw new InvalidOperationException($"{where} must be an absolute https URL such as https://<resource>.communication.azure.com/.");
}
