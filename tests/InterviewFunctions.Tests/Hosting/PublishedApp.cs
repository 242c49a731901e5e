using System.Diagnostics;

namespace InterviewFunctions.Tests.Hosting;

/// <summary>
/// The function app published once per test run with <c>dotnet publish</c>, as it is deployed: the same files, the same
/// self-contained executable. Only the ReadyToRun precompilation is left out, which changes how fast the code starts,
/// not what it does, and would add minutes to every test run; the benchmark runs the fully precompiled output.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    public string Directory { get; } = Support.RepoPaths.NewTempDirectory("if-publish");

    public async Task InitializeAsync()
    {
        var project = Path.Combine(Support.RepoPaths.Root, "src", "InterviewFunctions.App", "InterviewFunctions.App.csproj");
        var (exitCode, output) = await RunAsync("dotnet", ["publish", project, "-c", "Release", "-o", Directory, "--nologo", "-p:PublishReadyToRun=false"], TimeSpan.FromMinutes(5));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({exitCode}):\n{output}");
        }
    }

    public Task DisposeAsync()
    {
        Support.RepoPaths.DeleteQuietly(Directory);
        return Task.CompletedTask;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, TimeSpan timeout)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
