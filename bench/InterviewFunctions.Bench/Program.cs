using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace InterviewFunctions.Bench;

/// <summary>
/// Builds the app in Release, measures cold start over a few fresh processes, then loads one app process endpoint by
/// endpoint: closed loop for the peak rate, open loop at half that rate for latency. Prints a table with PASS/FAIL per
/// target and writes bench/results/latest.json. Exit code: 0 all targets met, 2 a target missed, 1 the run failed.
/// With the argument <c>reminders</c>, runs the reminder benchmark instead (<see cref="Reminders.ReminderBench"/>); with
/// <c>prep</c>, the question bank and generation figures; with <c>screening</c>, resume extraction and screening.
/// </summary>
internal static class Program
{
    private const int ColdStarts = 5;
    private const int Connections = 32;
    private const int SeededInterviews = 1000;
    private const int SeededUpcoming = 100;
    // Far above what half of any peak keeps in flight; only reached if the app stalls.
    private const int OpenLoopMaxOutstanding = 512;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan OpenLoopWarmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan OpenLoopMeasured = TimeSpan.FromSeconds(8);

    private static async Task<int> Main(string[] args)
    {
        if (args is ["reminders", ..])
        {
            return await Reminders.RemindersMode.MainAsync(args, FindRepoRoot);
        }
        if (args is ["webhooks", ..])
        {
            return await WebhookBench.RunAsync(CancellationToken.None);
        }
        if (args is ["queues", ..])
        {
            return await QueueBench.RunAsync(args, FindRepoRoot);
        }
        if (args is ["prep" or "prep-load", ..])
        {
            return PrepBench.Run(args);
        }
        if (args is ["screening", ..])
        {
            return Screening.ScreeningBench.Run();
        }
        if (args is ["ics", ..])
        {
            return await IcsBench.RunAsync(args);
        }
        using var cancel = new CancellationTokenSource();
        // Ctrl+C, kill, a closed terminal: the first one stops the run cleanly (every using disposes its app process on
        // the way out); a second one exits at once, after killing the app processes.
        void Stop(PosixSignalContext signal)
        {
            if (cancel.IsCancellationRequested)
            {
                AppProcess.KillAll();
                return;
            }
            signal.Cancel = true;
            cancel.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
        try
        {
            return await RunAsync(cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("Interrupted.");
            return 130;
        }
        catch (Exception e)
        {
            // The last resort: by now every using has run, so the app processes are gone; report a failed run.
            Console.Error.WriteLine($"Benchmark failed: {e}");
            return 1;
        }
    }

    private static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var repo = FindRepoRoot();
        var appExecutable = await PublishAppAsync(repo, cancellationToken);

        Console.WriteLine($"Cold start: {ColdStarts} fresh processes, each with an empty data directory");
        var coldStarts = new List<double>();
        for (var i = 0; i < ColdStarts; i++)
        {
            using var fresh = await AppProcess.StartAsync(appExecutable, cancellationToken);
            coldStarts.Add(fresh.StartupTime.TotalMilliseconds);
            Console.WriteLine($"  start {i + 1}: {fresh.StartupTime.TotalMilliseconds:0} ms to the first 200 from /api/health");
        }

        using var app = await AppProcess.StartAsync(appExecutable, cancellationToken);
        using var runner = new LoadRunner(app.Process);
        Console.WriteLine($"Load: app pid {app.Process.Id} at {app.BaseAddress}");
        var version = await AppVersionAsync(runner.Client, app.BaseAddress, cancellationToken);

        var now = DateTimeOffset.UtcNow;
        var workload = new Workload(app.BaseAddress, now);
        // By-id reads go to interviews 30 to 60 days ahead; the upcoming ones are spread over the next 6 days, so the
        // upcoming page (50 by default) is full and its query has more rows than it returns.
        var ids = await workload.SeedAsync(runner.Client,
            [.. Enumerable.Range(0, SeededInterviews).Select(i => now.AddDays(30 + 30.0 * i / SeededInterviews))], cancellationToken);
        await workload.SeedAsync(runner.Client,
            [.. Enumerable.Range(0, SeededUpcoming).Select(i => now.AddHours(2 + 6 * 24.0 * i / SeededUpcoming))], cancellationToken);
        var (upcomingItems, upcomingBytes) = await workload.CheckUpcomingAsync(runner.Client, cancellationToken);
        Console.WriteLine($"  seeded {SeededInterviews} + {SeededUpcoming} interviews; upcoming answers {upcomingItems} items ({upcomingBytes} bytes)");
        if (upcomingItems == 0)
        {
            throw new InvalidOperationException("GET /api/interviews/upcoming answered no interviews after seeding; the bench would measure an empty page.");
        }

        // The ceiling first: the others are compared with it.
        (LoadTarget Target, double? MinRatio)[] plan =
        [
            (workload.Ceiling, null),
            (workload.GetById(ids), BenchResults.ReadRatio),
            (workload.Create, BenchResults.CreateRatio),
            (workload.Upcoming, BenchResults.ReadRatio),
        ];
        var endpoints = new List<EndpointRun>();
        foreach (var (target, minRatio) in plan)
        {
            Console.WriteLine($"{target.Name}");
            var peak = await runner.RunClosedAsync(target, Connections, Warmup, Measured, cancellationToken);
            Console.WriteLine($"  closed loop, {Connections} connections: {Describe(peak)}; cores app {peak.Cpu.App:0.00}, generator {peak.Cpu.Generator:0.00}, other {peak.Cpu.Other:0.00}");
            var halfRate = peak.RequestsPerSecond / 2;
            var half = await runner.RunOpenAsync(target, halfRate, OpenLoopMaxOutstanding, OpenLoopWarmup, OpenLoopMeasured, cancellationToken);
            Console.WriteLine($"  open loop at {halfRate:0} req/s: {Describe(half)}");
            endpoints.Add(new EndpointRun(target.Name, peak, halfRate, half, minRatio));
        }

        var memory = app.ReadMemory();
        var settings = new BenchSettings(Environment.ProcessorCount, Connections, Warmup.TotalSeconds, Measured.TotalSeconds,
            OpenLoopWarmup.TotalSeconds, OpenLoopMeasured.TotalSeconds, ColdStarts, SeededInterviews, SeededUpcoming, upcomingItems, upcomingBytes);
        var results = new BenchResults(startedAt, version, settings, coldStarts, endpoints, memory?.ResidentMb, memory?.PeakMb);

        Console.WriteLine();
        Console.Write(results.Table());
        var json = Path.Combine(repo, "bench", "results", "latest.json");
        await results.WriteJsonAsync(json, cancellationToken);
        Console.WriteLine($"Written to {Path.GetRelativePath(repo, json)}");
        return results.Checks().All(c => c.Pass) ? 0 : 2;
    }

    /// <summary>The folder holding InterviewFunctions.sln, above the bench's binaries or the working directory.</summary>
    internal static string FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "InterviewFunctions.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("InterviewFunctions.sln not found above the bench or the working directory.");
    }

    internal const string ReuseAppVariable = "BENCH_APP_EXECUTABLE";

    /// <summary>
    /// Publishes the app as it ships (self-contained linux-x64, composite ReadyToRun; see the app's csproj) into
    /// artifacts/bench-app and returns the path of its executable. What is measured is what the Functions host runs.
    /// </summary>
    internal static async Task<string> PublishAppAsync(string repo, CancellationToken cancellationToken)
    {
        // Experiments on the same build (runtime knobs, repeated runs) need not pay minutes of publish each time.
        if (Environment.GetEnvironmentVariable(ReuseAppVariable) is { Length: > 0 } reused)
        {
            var reusedExecutable = Path.GetFullPath(reused, repo);
            if (!File.Exists(reusedExecutable))
            {
                throw new FileNotFoundException($"{ReuseAppVariable} names no file.", reusedExecutable);
            }
            Console.WriteLine($"Using the app already published at {reusedExecutable} ({ReuseAppVariable}); it may be older than the sources.");
            return reusedExecutable;
        }
        Console.WriteLine("Publishing src/InterviewFunctions.App in Release (the first time compiles the framework image: minutes)...");
        var outputDirectory = Path.Combine(repo, "artifacts", "bench-app");
        var clock = Stopwatch.StartNew();
        var build = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repo,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "publish", "src/InterviewFunctions.App", "-c", "Release", "-o", outputDirectory, "-nologo" })
        {
            build.ArgumentList.Add(arg);
        }
        using var process = Process.Start(build) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The app did not publish (exit code {process.ExitCode}):{Environment.NewLine}{await output}{await errors}");
        }
        var executable = Path.Combine(outputDirectory, "InterviewFunctions.App");
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException("The publish succeeded but the app's executable is not where expected.", executable);
        }
        Console.WriteLine($"  published in {clock.Elapsed.TotalSeconds:0.0} s: {Path.GetRelativePath(repo, executable)}");
        return executable;
    }

    private static async Task<string> AppVersionAsync(HttpClient client, Uri baseAddress, CancellationToken cancellationToken)
    {
        using var health = JsonDocument.Parse(await client.GetByteArrayAsync(new Uri(baseAddress, "api/health"), cancellationToken));
        return health.RootElement.GetProperty("version").GetString() ?? "unknown";
    }

    internal static string Describe(LoadResult r)
    {
        var errors = r.Errors == 0 ? "0 errors" : $"{r.Errors} ERRORS ({string.Join(", ", r.ErrorKinds.Select(k => $"{k.Key}: {k.Value}"))})";
        return string.Create(CultureInfo.InvariantCulture, $"{r.RequestsPerSecond:0} req/s, p50 {r.P50Ms:0.00} ms, p99 {r.P99Ms:0.00} ms, max {r.MaxMs:0.0} ms, {errors}");
    }
}
