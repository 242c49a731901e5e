using System.Diagnostics;
using System.Globalization;

namespace InterviewFunctions.Bench;

/// <summary>Cores used during a window: by the app, by this generator, and by everything else on the machine.</summary>
internal sealed record CpuShare(double App, double Generator, double Other);

/// <summary>
/// The app and the generator share 2 cores, and other people's builds may share them too: a snapshot of CPU time at
/// the start and end of each measured window shows who used the machine, so a noisy figure can be recognised as such.
/// </summary>
internal readonly record struct CpuSnapshot(long Timestamp, TimeSpan App, TimeSpan Generator, double MachineBusySeconds)
{
    public static CpuSnapshot Take(Process app)
    {
        app.Refresh();
        using var self = Process.GetCurrentProcess();
        return new CpuSnapshot(Stopwatch.GetTimestamp(), app.TotalProcessorTime, self.TotalProcessorTime, MachineBusy());
    }

    public CpuShare Until(CpuSnapshot end)
    {
        var wall = Stopwatch.GetElapsedTime(Timestamp, end.Timestamp).TotalSeconds;
        var app = (end.App - App).TotalSeconds / wall;
        var generator = (end.Generator - Generator).TotalSeconds / wall;
        var other = double.IsNaN(MachineBusySeconds) ? double.NaN : Math.Max(0, (end.MachineBusySeconds - MachineBusySeconds) / wall - app - generator);
        return new CpuShare(app, generator, other);
    }

    /// <summary>Seconds all cores have been busy since boot, from the first line of /proc/stat (NaN off Linux).</summary>
    internal static double MachineBusy()
    {
        const double ticksPerSecond = 100; // USER_HZ, 100 on every Linux the bench is meant for
        if (!File.Exists("/proc/stat"))
        {
            return double.NaN;
        }
        using var reader = new StreamReader("/proc/stat");
        // cpu  user nice system idle iowait irq softirq steal ...: everything but idle and iowait is busy.
        var fields = (reader.ReadLine() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double busy = 0;
        for (var i = 1; i < fields.Length && i <= 8; i++)
        {
            if (i is not (4 or 5))
            {
                busy += long.Parse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }
        return busy / ticksPerSecond;
    }
}
