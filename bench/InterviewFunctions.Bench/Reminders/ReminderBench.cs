using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using InterviewFunctions.App.Hosting;
using InterviewFunctions.App.Queues.Embedded;
using InterviewFunctions.App.Reminders;
using InterviewFunctions.Core.Interviews;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Bench.Reminders;

/// <summary>
/// The reminder benchmark: the app in this process with its real wiring (embedded SQLite store and queue, outbox sender,
/// the standalone dispatch loop and queue listener) on a <see cref="BenchClock"/>. Plans 100,000 interviews, drains their
/// invitations, jumps the clock through bursts of due reminders, then lets reminders fall due at steady rates in real
/// time and measures how late each goes out.
/// </summary>
internal static class ReminderBench
{
    public const int DefaultInterviews = 100_000;
    private const int CreateParallelism = 4;

    /// <summary>A Monday; the month ahead crosses the US (8 March) and EU (29 March) daylight-saving changes.</summary>
    private static readonly DateTimeOffset Origin = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Starts from 3 days (plus an hour) ahead, so that every offset up to 72 h is still ahead when planned.</summary>
    private static readonly TimeSpan FirstStart = TimeSpan.FromHours(73);

    private static readonly TimeSpan LastStart = TimeSpan.FromDays(30);

    /// <summary>
    /// Shorter than the smallest gap between two offsets of one interview (24 h to 2 h), so no step makes two reminders of
    /// one interview due at once: none is skipped as overtaken, and every reminder due in a step is sent.
    /// </summary>
    private static readonly TimeSpan Step = TimeSpan.FromHours(20);

    private const int Steps = 5;

    private static readonly (int PerSecond, int Seconds)[] SteadyRates = [(200, 30), (500, 30)];
    private static readonly TimeSpan SteadyGap = TimeSpan.FromSeconds(10);

    /// <summary>Far longer than any phase should stall: no progress for this long fails the run rather than hanging.</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);

    /// <param name="interviews">The size of the first workload; smaller only to try the bench out (the targets are for 100,000).</param>
    public static async Task<int> RunAsync(string repo, int interviews, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var gc = $"{(GCSettings.IsServerGC ? "server" : "workstation")}{(GCSettings.LatencyMode == GCLatencyMode.Batch ? "" : ", concurrent")}";
        Console.WriteLine($"Reminder benchmark: the app in process ({gc} GC, as the app ships), embedded store and queue, outbox sender, bench clock from {Origin:yyyy-MM-dd HH:mm} UTC");
        var dataDirectory = Directory.CreateTempSubdirectory("interview-functions-reminders-");
        try
        {
            var results = await MeasureAsync(dataDirectory.FullName, interviews, gc, startedAt, cancellationToken);
            Console.WriteLine();
            Console.Write(results.Table());
            var json = Path.Combine(repo, "bench", "results", "reminders.json");
            await results.WriteJsonAsync(json, cancellationToken);
            Console.WriteLine($"Written to {Path.GetRelativePath(repo, json)}");
            return results.Checks().All(c => c.Pass) ? 0 : 2;
        }
        finally
        {
            Console.WriteLine($"Deleting {dataDirectory.FullName}...");
            dataDirectory.Delete(recursive: true);
            Directory.Delete(dataDirectory.FullName + "-content", recursive: true);
        }
    }

    private static async Task<ReminderResults> MeasureAsync(string dataDirectory, int interviews, string gc, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var clock = new BenchClock(Origin);
        var recorder = new SendRecorder();
        await using var app = InProcessApp.Build(dataDirectory, clock, recorder);
        var services = app.Services;
        var store = services.GetRequiredService<IInterviewStore>();
        var workload = new ReminderWorkload(store, services.GetRequiredService<InterviewPlanning>(), clock);

        // 1. Plan building, before the host starts, so that nothing else writes meanwhile; then the invitations drain.
        Console.WriteLine($"1. Plan building: {interviews:N0} interviews, starts from {FirstStart.TotalHours:0} h to {LastStart.TotalDays:0} days ahead, {CreateParallelism} at a time");
        var starts = ReminderWorkload.SpreadStarts(interviews, Origin + FirstStart, Origin + LastStart, seed: 1);
        var cpu = ProcessCpu.Start();
        var planned = await workload.CreateAsync(starts, firstNumber: 0, CreateParallelism, cancellationToken);
        var planning = new PhaseTiming(planned.Interviews, cpu.Stop());
        Console.WriteLine(Invariant($"   {planned.Interviews:N0} interviews in {planning.Seconds:0.0} s: {planning.PerSecond:0} interviews/s; {planned.Reminders:N0} reminders planned ({planned.SkippedAtPlanning} past when planned), {planned.Invitations:N0} invitations; {planning.Cpu}"));

        recorder.Start(DateTimeOffset.MinValue);
        cpu = ProcessCpu.Start();
        var drainFrom = clock.GetUtcNow();
        await app.StartAsync(cancellationToken);
        await WaitForAsync(() => recorder.Current.Others, planned.Invitations, "invitations sent", cancellationToken);
        var drainTally = recorder.Current;
        var invitationDrain = new PhaseTiming(drainTally.Others, cpu.Stop(), drainTally.LastSentAt!.Value - drainFrom);
        Console.WriteLine(Invariant($"   invitations drained: {drainTally.Others:N0} in {invitationDrain.Seconds:0.0} s: {invitationDrain.PerSecond:0} emails planned/s ({planned.Recipients:N0} recipients' copies); {invitationDrain.Cpu}"));
        await WaitForEmptyQueueAsync(services, cancellationToken);

        // 2. Dispatch throughput: the clock jumps a step at a time and everything the step made due is sent.
        Console.WriteLine($"2. Dispatch throughput: {Steps} jumps of {Step.TotalHours:0} h; each waits until every reminder it made due is sent");
        var steps = new List<StepRun>();
        for (var step = 1; step <= Steps; step++)
        {
            var jumpedFrom = clock.GetUtcNow();
            var jumpTo = jumpedFrom + Step;
            var dueNow = planned.DueBy(jumpTo) - planned.DueBy(jumpedFrom);
            recorder.Start(lagFrom: jumpTo);
            cpu = ProcessCpu.Start();
            clock.JumpTo(jumpTo);
            await WaitForAsync(() => recorder.TotalRemindersHandled, planned.DueBy(jumpTo), $"reminders of step {step} sent or skipped", cancellationToken);
            var tally = recorder.Current;
            var timing = new PhaseTiming(tally.Reminders, cpu.Stop(), tally.LastHandledAt!.Value - jumpTo);
            steps.Add(new StepRun(step, dueNow, tally.Reminders, tally.Skipped, timing, tally.ReminderLag.PercentileMs(0.5), tally.ReminderLag.PercentileMs(0.99)));
            Console.WriteLine(Invariant($"   step {step}: {dueNow:N0} due at once, {tally.Reminders:N0} sent and {tally.Skipped:N0} skipped (interview begun) in {timing.Seconds:0.0} s: {timing.PerSecond:0} reminders sent/s; sent after the jump p50 {tally.ReminderLag.PercentileMs(0.5) / 1000:0.0} s, p99 {tally.ReminderLag.PercentileMs(0.99) / 1000:0.0} s; {timing.Cpu}"));
            await WaitForEmptyQueueAsync(services, cancellationToken);
        }

        // 3. Dispatch lag: interviews whose 2 h reminders fall due at steady rates over the coming minutes, in real time.
        var windowStart = CeilingSecond(clock.GetUtcNow() + TimeSpan.FromHours(1));
        var bands = new List<LagBand>();
        var lagStarts = new List<DateTimeOffset>();
        var bandFrom = windowStart;
        foreach (var (perSecond, seconds) in SteadyRates)
        {
            for (var s = 0; s < seconds; s++)
            {
                lagStarts.AddRange(Enumerable.Repeat(bandFrom + TimeSpan.FromSeconds(s) + TimeSpan.FromHours(2), perSecond));
            }
            bands.Add(new LagBand(Invariant($"{perSecond}/s for {seconds} s"), bandFrom, bandFrom + TimeSpan.FromSeconds(seconds)));
            bandFrom += TimeSpan.FromSeconds(seconds) + SteadyGap;
        }
        Console.WriteLine($"3. Dispatch lag: {lagStarts.Count:N0} more interviews whose 2 h reminders fall due at {string.Join(", then ", bands.Select(b => b.Name))}, in real time");
        recorder.Start(DateTimeOffset.MinValue);
        var lagPlanned = await workload.CreateAsync(lagStarts, firstNumber: interviews, CreateParallelism, cancellationToken);
        await WaitForAsync(() => recorder.Current.Others, lagPlanned.Invitations, "invitations of the lag interviews sent", cancellationToken);
        await WaitForEmptyQueueAsync(services, cancellationToken);
        if (clock.GetUtcNow() > windowStart - TimeSpan.FromSeconds(15))
        {
            throw new InvalidOperationException("Creating the lag interviews took longer than the hour planned before their reminders.");
        }
        // What the first workload has due in the hour skipped goes out first, well before the window.
        clock.JumpTo(windowStart - TimeSpan.FromSeconds(15));
        await WaitForAsync(() => recorder.TotalRemindersHandled, planned.DueBy(clock.GetUtcNow()), "reminders due before the window sent", cancellationToken);
        await WaitForEmptyQueueAsync(services, cancellationToken);
        recorder.Start(DateTimeOffset.MinValue, [.. bands]);
        cpu = ProcessCpu.Start();
        await WaitForAsync(() => recorder.Current.Bands.Sum(b => b.Lag.Count), lagStarts.Count, "reminders of the lag window sent", cancellationToken,
            patience: bandFrom - clock.GetUtcNow() + Stall);
        var windowCpu = cpu.Stop();
        var lagTally = recorder.Current;
        foreach (var band in lagTally.Bands)
        {
            Console.WriteLine(Invariant($"   {band.Name}: {band.Lag.Count:N0} sent; lag p50 {band.Lag.PercentileMs(0.5):0} ms, p99 {band.Lag.PercentileMs(0.99):0} ms, max {band.Lag.MaxMs:0} ms; of which queued after due p50 {band.QueuedLag.PercentileMs(0.5):0} ms, p99 {band.QueuedLag.PercentileMs(0.99):0} ms, max {band.QueuedLag.MaxMs:0} ms; sent after queued p50 {band.SendLag.PercentileMs(0.5):0} ms, p99 {band.SendLag.PercentileMs(0.99):0} ms, max {band.SendLag.MaxMs:0} ms"));
        }
        Console.WriteLine($"   {windowCpu}");

        var memory = Memory.Read();
        // The loops stop before their files are deleted.
        await app.StopAsync(CancellationToken.None);
        var dispatch = new ThroughputFigure(steps.Sum(s => s.Sent), steps.Sum(s => s.Skipped), steps.Sum(s => s.Timing.Seconds));
        return new ReminderResults(startedAt, gc, Environment.ProcessorCount, planned.Interviews, planned.Reminders, planned.SkippedAtPlanning, planned.Invitations,
            planning, invitationDrain, steps, dispatch,
            [.. lagTally.Bands.Select(b => new LagRun(b.Name, b.Lag.Count, b.Lag.PercentileMs(0.5), b.Lag.PercentileMs(0.99), b.Lag.MaxMs,
                b.QueuedLag.PercentileMs(0.99), b.QueuedLag.MaxMs, b.SendLag.PercentileMs(0.99), b.SendLag.MaxMs))],
            windowCpu, memory.ResidentMb, memory.PeakMb, OutboxFiles(dataDirectory));
    }

    /// <summary>Polls <paramref name="progress"/> until it reaches <paramref name="target"/>; fails if it stops moving for <see cref="Stall"/>.</summary>
    private static async Task WaitForAsync(Func<long> progress, long target, string what, CancellationToken cancellationToken, TimeSpan? patience = null)
    {
        var last = progress();
        var lastMoved = Stopwatch.GetTimestamp();
        var limit = patience ?? Stall;
        while (last < target)
        {
            await Task.Delay(10, cancellationToken);
            var now = progress();
            if (now != last)
            {
                last = now;
                lastMoved = Stopwatch.GetTimestamp();
                limit = Stall;
            }
            else if (Stopwatch.GetElapsedTime(lastMoved) > limit)
            {
                throw new TimeoutException($"Waiting for {what}: {last:N0} of {target:N0} after {limit.TotalSeconds:0} s without progress.");
            }
        }
    }

    /// <summary>Waits until the reminder queue holds nothing, not even a message being handled, so a jump finds no lease to expire.</summary>
    private static async Task WaitForEmptyQueueAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var database = services.GetRequiredService<QueueDatabase>().Database;
        var deadline = Stopwatch.GetTimestamp();
        while (true)
        {
            await using (var connection = await database.OpenAsync(cancellationToken))
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT count(*) FROM messages;";
                if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
                {
                    return;
                }
            }
            if (Stopwatch.GetElapsedTime(deadline) > Stall)
            {
                throw new TimeoutException("The reminder queue did not empty.");
            }
            await Task.Delay(10, cancellationToken);
        }
    }

    private static DateTimeOffset CeilingSecond(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerSecond + TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static long OutboxFiles(string dataDirectory)
    {
        var outbox = Path.Combine(dataDirectory, "outbox");
        return Directory.Exists(outbox) ? Directory.EnumerateFiles(outbox, "*.eml", SearchOption.AllDirectories).LongCount() : 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>CPU used by this process (app and bench together) and by the rest of the machine over a phase.</summary>
internal readonly record struct ProcessCpu(long Timestamp, TimeSpan Process, double MachineBusySeconds)
{
    public static ProcessCpu Start()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return new ProcessCpu(Stopwatch.GetTimestamp(), self.TotalProcessorTime, CpuSnapshot.MachineBusy());
    }

    public CpuUse Stop()
    {
        var end = Start();
        var wall = Stopwatch.GetElapsedTime(Timestamp, end.Timestamp).TotalSeconds;
        var process = (end.Process - Process).TotalSeconds / wall;
        var other = double.IsNaN(MachineBusySeconds) ? double.NaN : Math.Max(0, (end.MachineBusySeconds - MachineBusySeconds) / wall - process);
        return new CpuUse(wall, process, other);
    }
}

internal sealed record CpuUse(double WallSeconds, double ProcessCores, double OtherCores)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"cores: this process {ProcessCores:0.00}, others {OtherCores:0.00}");
}

/// <summary>A count over a duration: the duration is on the bench clock when given (first send to last), else the wall time measured.</summary>
internal sealed record PhaseTiming(long Count, CpuUse Cpu, TimeSpan? Elapsed = null)
{
    public double Seconds => Elapsed?.TotalSeconds ?? Cpu.WallSeconds;

    public double PerSecond => Count / Seconds;
}

internal static class Memory
{
    /// <summary>VmRSS and VmHWM (the peak) of this whole process, in MB, from /proc/self/status.</summary>
    public static (double? ResidentMb, double? PeakMb) Read()
    {
        if (!File.Exists("/proc/self/status"))
        {
            return (null, null);
        }
        double? rss = null, hwm = null;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kb(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kb(line) / 1024.0;
            }
        }
        return (rss, hwm);
    }

    private static long Kb(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], NumberStyles.None, CultureInfo.InvariantCulture);
}
