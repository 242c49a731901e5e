using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace InterviewFunctions.Bench.Reminders;

/// <summary>
/// <c>reminders</c>: the entry point of the reminder benchmark. The bench is built with a workstation GC (it shares the
/// cores with the app it loads), but here the app runs inside the bench, and its memory depends on the collector:
/// so the bench runs itself again with the collector the app ships with (server, concurrent) unless it already has it.
/// </summary>
internal static class RemindersMode
{
    private const string ChildVariable = "INTERVIEW_FUNCTIONS_BENCH_CHILD";

    public static async Task<int> MainAsync(string[] args, Func<string> findRepoRoot)
    {
        if (!GCSettings.IsServerGC && Environment.GetEnvironmentVariable(ChildVariable) is null)
        {
            return await RunWithAppCollectorAsync(args);
        }
        using var cancel = new CancellationTokenSource();
        void Stop(PosixSignalContext signal)
        {
            // The first signal stops the run cleanly (the host stops, the data directory is deleted); a second ends it at once.
            if (!cancel.IsCancellationRequested)
            {
                signal.Cancel = true;
                cancel.Cancel();
            }
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
        try
        {
            var interviews = args is [_, "--interviews", var count] ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : ReminderBench.DefaultInterviews;
            return await ReminderBench.RunAsync(findRepoRoot(), interviews, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("Interrupted.");
            return 130;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"Reminder benchmark failed: {e}");
            return 1;
        }
    }

    private static async Task<int> RunWithAppCollectorAsync(string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        // Started through `dotnet <dll>` rather than the apphost: pass the dll on.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(RemindersMode).Assembly.Location);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_gcServer"] = "1";
        start.Environment["DOTNET_gcConcurrent"] = "1";
        start.Environment[ChildVariable] = "1";
        using var child = Process.Start(start) ?? throw new InvalidOperationException("The bench could not start itself again.");
        // Ctrl+C reaches the child too (same process group); SIGTERM and SIGHUP are passed on so that it stops cleanly.
        void PassOn(PosixSignalContext signal)
        {
            signal.Cancel = true;
            if (signal.Signal != PosixSignal.SIGINT && !child.HasExited)
            {
                using var kill = Process.Start("kill", ["-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                kill?.WaitForExit();
            }
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, PassOn);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, PassOn);
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, PassOn);
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
