using System.Diagnostics;
using System.Net.Sockets;

namespace InterviewFunctions.Tests.Support;

/// <summary>
/// One of the npm stand-ins in tools/node_modules (installed by the test project's build), run as a child process
/// until disposed. Starting it waits until it listens on every port it was given; if it cannot start, the tests
/// that need it fail and say why; nothing is skipped.
/// </summary>
public sealed class NodeTool : IDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    private readonly Process _process;

    private NodeTool(Process process) => _process = process;

    /// <param name="script">The script's path below tools/node_modules.</param>
    public static async Task<NodeTool> StartAsync(string name, string script, IEnumerable<string> arguments, params int[] ports)
    {
        var path = Path.Combine([RepoPaths.Root, "tools", "node_modules", .. script.Split('/')]);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{name} is not installed at {path}. Run 'npm ci' in tools/ (the test project's build does it).");
        }
        var start = new ProcessStartInfo("node", [path, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        // Read both streams so that a chatty tool never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var tool = new NodeTool(process);

        // Node tools start in a second or two alone; on two cores shared with a build and the tests, far slower.
        var deadline = DateTime.UtcNow + StartLimit;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                tool.Dispose();
                throw new InvalidOperationException($"{name} exited with code {process.ExitCode}.");
            }
            if (await AllListenAsync(ports))
            {
                return tool;
            }
            await Task.Delay(100);
        }
        tool.Dispose();
        throw new TimeoutException($"{name} did not listen on port {string.Join(" and ", ports)} within {StartLimit.TotalSeconds} s.");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }

    private static async Task<bool> AllListenAsync(int[] ports)
    {
        foreach (var port in ports)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
            }
            catch (SocketException)
            {
                return false;
            }
        }
        return true;
    }
}
