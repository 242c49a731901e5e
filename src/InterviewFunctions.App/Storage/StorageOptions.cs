namespace InterviewFunctions.App.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>sqlite</c> (embedded, the default) or <c>cosmos</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Where the embedded stores keep their files; relative paths are taken from the working directory.</summary>
    public string DataDirectory { get; set; } = ".data";

    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);
}
