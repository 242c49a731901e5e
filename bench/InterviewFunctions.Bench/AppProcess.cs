using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace InterviewFunctions.Bench;

/// <summary>
/// The app under test as a separate process: its published executable on a free loopback port with a
/// fresh data directory. Disposing kills it and deletes the directory; <see cref="KillAll"/> (on process exit, and on a
/// second Ctrl+C) kills any still running, so a failed or interrupted run does not leave an app holding a port.
/// </summary>
internal sealed class AppProcess : IDisposable
{
    private const int OutputLinesKept = 40;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly ConcurrentDictionary<AppProcess, byte> Running = new();

    // Its own client, with no pooled connection to reuse, so each poll is what a first caller would see.
    private static readonly HttpClient Poller = new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.Zero,
        ConnectTimeout = TimeSpan.FromSeconds(1),
    })
    { Timeout = TimeSpan.FromSeconds(5) };

    private readonly Process _process;
    private readonly DirectoryInfo _dataDirectory;
    private readonly ConcurrentQueue<string> _output = new();
    private bool _disposed;

    // The safety net for exits that skip the usings (Environment.Exit, an unhandled exception on another thread).
    static AppProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    private AppProcess(Process process, DirectoryInfo dataDirectory, Uri baseAddress)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public Process Process => _process;

    /// <summary>From <see cref="Process.Start()"/> to the first 200 from <c>GET /api/health</c>.</summary>
    public TimeSpan StartupTime { get; private set; }

    public static async Task<AppProcess> StartAsync(string appExecutable, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var health = new Uri(baseAddress, "api/health");
        var dataDirectory = Directory.CreateTempSubdirectory("interview-bench-");

        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        // One refused poll before the clock starts, so that the bench's own first-call JIT is not billed to the app.
        await IsListeningAsync(endpoint);
        await TryHealthAsync(health, cancellationToken);

        var start = new ProcessStartInfo(appExecutable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDirectory.FullName,
        };
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.GetLeftPart(UriPartial.Authority));
        // The embedded store in its own empty directory, whatever the developer's shell or settings say.
        start.Environment["Storage__Provider"] = "sqlite";
        start.Environment["Storage__DataDirectory"] = dataDirectory.FullName;
        // Console logging per request would measure the terminal, not the app.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Measure what production runs, whatever the developer's shell says.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("FUNCTIONS_CUSTOMHANDLER_PORT");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        var app = new AppProcess(process, dataDirectory, baseAddress);
        Running.TryAdd(app, 0);
        try
        {
            process.OutputDataReceived += (_, e) => app.Keep(e.Data);
            process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            // Until the port accepts, poll with a bare connect: a refused HttpClient request throws, which costs ~0.5 ms
            // of CPU per poll, taken from the starting app on a 2-core machine.
            while (!(await IsListeningAsync(endpoint) && await TryHealthAsync(health, cancellationToken)))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The app exited with code {process.ExitCode} before it was healthy.{app.OutputTail()}");
                }
                if (clock.Elapsed > ReadyTimeout)
                {
                    throw new TimeoutException($"The app was not healthy after {ReadyTimeout.TotalSeconds:0} s.{app.OutputTail()}");
                }
                await Task.Delay(PollInterval, cancellationToken);
            }
            app.StartupTime = clock.Elapsed;
            return app;
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    /// <summary>Resident and peak resident memory of the app in MB, from /proc (Linux only; null elsewhere).</summary>
    public (double ResidentMb, double PeakMb)? ReadMemory()
    {
        var status = $"/proc/{_process.Id}/status";
        if (!File.Exists(status))
        {
            return null;
        }
        double? rss = null, hwm = null;
        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = KilobytesToMb(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = KilobytesToMb(line);
            }
        }
        return rss is { } r && hwm is { } h ? (r, h) : null;
    }

    public string OutputTail() =>
        _output.IsEmpty ? "" : Environment.NewLine + "App output (last lines):" + Environment.NewLine + string.Join(Environment.NewLine, _output);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Kill();
        Running.TryRemove(this, out _);
        _process.Dispose();
        try
        {
            _dataDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing the run for.
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Kills every app process this bench started and has not disposed yet.</summary>
    public static void KillAll()
    {
        foreach (var app in Running.Keys)
        {
            app.Kill();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > OutputLinesKept)
        {
            _output.TryDequeue(out _);
        }
    }

    private static async Task<bool> TryHealthAsync(Uri health, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Poller.GetAsync(health, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Listening but not answering within the client's timeout.
            return false;
        }
    }

    /// <summary>Whether the port accepts a TCP connection; reports refusal as a result, not an exception.</summary>
    private static async Task<bool> IsListeningAsync(IPEndPoint endpoint)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var connect = new SocketAsyncEventArgs { RemoteEndPoint = endpoint };
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connect.Completed += (_, _) => completed.TrySetResult();
        if (socket.ConnectAsync(connect))
        {
            await completed.Task;
        }
        return connect.SocketError == SocketError.Success;
    }

    private static int FreePort()
    {
        // Port 0 makes the OS pick a free one; it stays free for the moment it takes the app to bind it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double KilobytesToMb(string line) =>
        long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture) / 1024.0;
}
