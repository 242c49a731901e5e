using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Preparation;

/// <summary>A copy of the repository's question bank in a temporary folder, to break on purpose.</summary>
public sealed class BankCopy : IDisposable
{
    public static string Source { get; } = Path.Combine(RepoPaths.Root, "src", "InterviewFunctions.App", "Preparation", "QuestionBank");

    public BankCopy()
    {
        foreach (var file in System.IO.Directory.GetFiles(Source, "*.json", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Directory, Path.GetRelativePath(Source, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Directory { get; } = RepoPaths.NewTempDirectory("if-bank");

    public JsonObject Read(string relativePath) => JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, relativePath)))!.AsObject();

    public void Write(string relativePath, JsonNode content) => File.WriteAllText(Path.Combine(Directory, relativePath), content.ToJsonString());

    /// <summary>Reads a file, lets the test change it, writes it back.</summary>
    public void Edit(string relativePath, Action<JsonObject> change)
    {
        var content = Read(relativePath);
        change(content);
        Write(relativePath, content);
    }

    public static JsonObject Question(JsonObject file, int index) => file["questions"]![index]!.AsObject();

    public void Dispose() => RepoPaths.DeleteQuietly(Directory);
}
