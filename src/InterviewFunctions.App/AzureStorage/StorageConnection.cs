namespace InterviewFunctions.App.AzureStorage;

/// <summary>The Storage services the app talks to; each has its own endpoint in a connection string.</summary>
public enum StorageService
{
    Blob,
    Queue,
}

/// <summary>Where one Storage service is and, for SharedKey, the account and its key, read from a connection string.</summary>
public sealed record StorageConnection(Uri ServiceUri, string? AccountName, byte[]? AccountKey)
{
    public const string DevelopmentAccount = "devstoreaccount1";

    // The fixed key every Azurite and Storage Emulator installation uses, published in Microsoft's Azurite documentation.
    public const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public bool UsesSharedKey => AccountName is not null && AccountKey is not null;

    /// <summary>
    /// <c>DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…[;BlobEndpoint=…|QueueEndpoint=…][;EndpointSuffix=…]</c>,
    /// or <c>UseDevelopmentStorage=true</c> for Azurite on 127.0.0.1 (blob 10000, queue 10001) with path-style URLs.
    /// </summary>
    /// <param name="setting">The setting's name, for the error messages (e.g. <c>Queues:ConnectionString</c>); never the value, which holds the key.</param>
    public static StorageConnection Parse(string connectionString, StorageService service, string setting)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InvalidOperationException($"{setting} is not a storage connection string (Name=value pairs separated by ';').");
            }
            parts[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }
        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && bool.TryParse(development, out var useDevelopment) && useDevelopment)
        {
            var port = service == StorageService.Blob ? 10000 : 10001;
            return new StorageConnection(new Uri($"http://127.0.0.1:{port}/{DevelopmentAccount}"), DevelopmentAccount, Convert.FromBase64String(DevelopmentKey));
        }
        if (parts.ContainsKey("SharedAccessSignature"))
        {
            throw new InvalidOperationException($"{setting}: SAS connection strings are not supported; use an account key, or a service URI with Entra ID.");
        }
        if (!parts.TryGetValue("AccountName", out var account) || !parts.TryGetValue("AccountKey", out var key))
        {
            throw new InvalidOperationException($"{setting} needs AccountName and AccountKey (or UseDevelopmentStorage=true).");
        }
        byte[] keyBytes;
        try
        {
            keyBytes = Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting}: AccountKey is not Base64.");
        }
        var endpointName = service == StorageService.Blob ? "BlobEndpoint" : "QueueEndpoint";
        Uri endpoint;
        if (parts.TryGetValue(endpointName, out var explicitEndpoint))
        {
            if (!Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out endpoint!))
            {
                throw new InvalidOperationException($"{setting}: {endpointName} is not an absolute URI.");
            }
        }
        else
        {
            var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
            var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
            endpoint = new Uri($"{protocol}://{account}.{(service == StorageService.Blob ? "blob" : "queue")}.{suffix}");
        }
        return new StorageConnection(endpoint, account, keyBytes);
    }
}
