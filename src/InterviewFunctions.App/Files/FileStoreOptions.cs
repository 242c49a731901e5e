namespace InterviewFunctions.App.Files;

/// <summary>Where uploaded originals are kept: a folder of the data directory (the default) or a Blob Storage container.</summary>
public sealed class FileStoreOptions
{
    public const string Section = "Files";

    /// <summary><c>local</c> (a folder, the default) or <c>blob</c> (Azure Blob Storage over REST).</summary>
    public string Provider { get; set; } = "local";

    /// <summary>For <c>local</c>: the folder; empty means <c>{Storage:DataDirectory}/files</c>. Relative paths are taken from the working directory.</summary>
    public string? Directory { get; set; }

    /// <summary>For <c>blob</c>: an account connection string with a key, or <c>UseDevelopmentStorage=true</c> for Azurite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>For <c>blob</c> without a connection string: the blob service URI (<c>https://{account}.blob.core.windows.net</c>), reached with an Entra ID token.</summary>
    public string? ServiceUri { get; set; }

    /// <summary>For <c>blob</c>: the container the files go into.</summary>
    public string Container { get; set; } = "uploads";

    /// <summary>For <c>blob</c>: create the container on first write when it is missing (the deployment creates it in Azure).</summary>
    public bool CreateContainer { get; set; } = true;
}
