namespace InterviewFunctions.Tests.Support;

public static class RepoPaths
{
    /// <summary>The repository root: the folder holding InterviewFunctions.sln, found from the test binaries upwards.</summary>
    public static string Root { get; } = FindRoot();

    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open (a SQLite pool) is left to the OS's temp cleaning.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InterviewFunctions.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("InterviewFunctions.sln was not found above " + AppContext.BaseDirectory);
    }
}
