namespace InterviewFunctions.App.Queues.AzureStorage;

/// <summary>Where the queue service is and, for SharedKey, the account and its key, read from a connection string.</summary>
public sealed record StorageConnection(Uri QueueServiceUri, string? AccountName, byte[]? AccountKey)
{
    public const string DevelopmentAccount = "devstoreaccount1";

    // The fixed key every Azurite and Storage Emulator installation uses, published in Microsoft's Azurite documentation.
    public const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public bool UsesSharedKey => AccountName is not null && AccountKey is not null;

    /// <summary>
    /// <c>DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…[;QueueEndpoint=…][;EndpointSuffix=…]</c>, or
    /// <c>UseDevelopmentStorage=true</c> for Azurite on 127.0.0.1:10001 with path-style URLs.
    /// </summary>
    public static StorageConnection Parse(string connectionString)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InvalidOperationException("Queues:ConnectionString is not a storage connection string (Name=value pairs separated by ';').");
            }
            parts[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }
        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && bool.TryParse(development, out var useDevelopment) && useDevelopment)
        {
            return new StorageConnection(new Uri($"http://127.0.0.1:10001/{DevelopmentAccount}"), DevelopmentAccount, Convert.FromBase64String(DevelopmentKey));
        }
        if (parts.ContainsKey("SharedAccessSignature"))
        {
            throw new InvalidOperationException("Queues:ConnectionString: SAS connection strings are not supported; use an account key, or Queues:ServiceUri with Entra ID.");
        }
        if (!parts.TryGetValue("AccountName", out var account) || !parts.TryGetValue("AccountKey", out var key))
        {
            throw new InvalidOperationException("Queues:ConnectionString needs AccountName and AccountKey (or UseDevelopmentStorage=true).");
        }
        byte[] keyBytes;
        try
        {
            keyBytes = Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Queues:ConnectionString: AccountKey is not Base64.");
        }
        Uri endpoint;
        if (parts.TryGetValue("QueueEndpoint", out var queueEndpoint))
        {
            if (!Uri.TryCreate(queueEndpoint, UriKind.Absolute, out endpoint!))
            {
                throw new InvalidOperationException("Queues:ConnectionString: QueueEndpoint is not an absolute URI.");
            }
        }
        else
        {
            var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
            var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
            endpoint = new Uri($"{protocol}://{account}.queue.{suffix}");
        }
        return new StorageConnection(endpoint, account, keyBytes);
    }
}
