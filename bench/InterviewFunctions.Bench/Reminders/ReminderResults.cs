using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InterviewFunctions.Bench.Reminders;

/// <summary>One jump of the clock: how many reminders it made due, how many went out, how fast, and how long after the jump.</summary>
internal sealed record StepRun(int Step, int DueAtOnce, long Sent, long Skipped, PhaseTiming Timing, double P50FromJumpMs, double P99FromJumpMs);

/// <summary>Reminders sent per second of the bursts; the time also paid for the skipped ones, so this understates the send rate.</summary>
internal sealed record ThroughputFigure(long Reminders, long Skipped, double Seconds)
{
    public double PerSecond => Reminders / Seconds;

    public double HandledPerSecond => (Reminders + Skipped) / Seconds;
}

/// <summary>One steady rate: sent minus due, per reminder.</summary>
/// <summary>One steady rate: sent minus due, per reminder; split into the dispatcher's part (queued minus due) and the send's (sent minus queued).</summary>
internal sealed record LagRun(string Name, long Sent, double P50Ms, double P99Ms, double MaxMs, double QueuedP99Ms, double QueuedMaxMs, double SendP99Ms, double SendMaxMs);

/// <summary>The targets of the reminder benchmark, its table, and bench/results/reminders.json.</summary>
internal sealed record ReminderResults(
    DateTimeOffset StartedAt, string GarbageCollector, int Cores,
    int Interviews, int RemindersPlanned, int RemindersPastWhenPlanned, int Invitations,
    PhaseTiming Planning, PhaseTiming InvitationDrain,
    IReadOnlyList<StepRun> Steps, ThroughputFigure Dispatch,
    IReadOnlyList<LagRun> Lag, CpuUse LagWindowCpu,
    double? ResidentMb, double? PeakResidentMb, long OutboxFiles)
{
    public const double MinRemindersPerSecond = 1000;
    public const double LagP99LimitMs = 1000;
    public const double PeakLimitMb = 400;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public IReadOnlyList<Check> Checks()
    {
        var checks = new List<Check>
        {
            new("dispatch throughput (clock jumps)", Invariant($"{Dispatch.PerSecond:0}/s"), Invariant($">= {MinRemindersPerSecond:0}/s"), Dispatch.PerSecond >= MinRemindersPerSecond),
        };
        foreach (var lag in Lag)
        {
            checks.Add(new($"dispatch lag p99, {lag.Name}", Invariant($"{lag.P99Ms:0} ms"), Invariant($"< {LagP99LimitMs:0} ms"), lag.P99Ms < LagP99LimitMs));
        }
        checks.Add(new("peak memory (VmHWM, whole process)", PeakResidentMb is { } hwm ? Invariant($"{hwm:0} MB") : "n/a", Invariant($"< {PeakLimitMb:0} MB"), PeakResidentMb is < PeakLimitMb));
        return checks;
    }

    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Interview Functions reminder benchmark, {StartedAt:yyyy-MM-dd HH:mm} UTC; app in process, {GarbageCollector} GC, {Cores} cores"));
        text.AppendLine(Invariant($"{Interviews:N0} interviews: {RemindersPlanned:N0} reminders planned ({RemindersPastWhenPlanned} already past), {Invitations:N0} invitations; {OutboxFiles:N0} emails in the outbox at the end"));
        text.AppendLine();
        text.AppendLine(Invariant($"{"phase",-40} {"count",9} {"seconds",8} {"per s",8}  cores this/others"));
        Row(text, "plan building (interviews)", Planning);
        Row(text, "invitation drain (planned emails)", InvitationDrain);
        foreach (var step in Steps)
        {
            Row(text, Invariant($"clock jump {step.Step}: {step.DueAtOnce:N0} due at once"), step.Timing,
                Invariant($"  +{step.Skipped:N0} skipped; sent after the jump p50 {step.P50FromJumpMs / 1000:0.0} s, p99 {step.P99FromJumpMs / 1000:0.0} s"));
        }
        text.AppendLine(Invariant($"{"dispatch throughput, all jumps (sent)",-40} {Dispatch.Reminders,9:N0} {Dispatch.Seconds,8:0.0} {Dispatch.PerSecond,8:0}  (sent + skipped: {Dispatch.HandledPerSecond:0}/s)"));
        text.AppendLine();
        text.AppendLine(Invariant($"{"steady rate (real time)",-40} {"sent",9} {"p50 ms",8} {"p99 ms",8} {"max ms",8}  p99/max ms: queued after due, sent after queued"));
        foreach (var lag in Lag)
        {
            text.AppendLine(Invariant($"{lag.Name,-40} {lag.Sent,9:N0} {lag.P50Ms,8:0} {lag.P99Ms,8:0} {lag.MaxMs,8:0}  {lag.QueuedP99Ms:0}/{lag.QueuedMaxMs:0}, {lag.SendP99Ms:0}/{lag.SendMaxMs:0}"));
        }
        text.AppendLine(Invariant($"(during the steady rates: {LagWindowCpu})"));
        if (new[] { Planning.Cpu, InvitationDrain.Cpu, LagWindowCpu }.Concat(Steps.Select(s => s.Timing.Cpu)).Any(c => c.OtherCores > BenchResults.NoisyOtherCores))
        {
            text.AppendLine(Invariant($"note: other processes used more than {BenchResults.NoisyOtherCores:0.00} cores during a phase; those figures are noisy."));
        }
        text.AppendLine();
        text.AppendLine(Invariant($"{"target",-46} {"measured",10} {"limit",10}  result"));
        var checks = Checks();
        foreach (var check in checks)
        {
            text.AppendLine(Invariant($"{check.Name,-46} {check.Measured,10} {check.Target,10}  {(check.Pass ? "PASS" : "FAIL")}"));
        }
        text.AppendLine(Invariant($"VmRSS at the end {ResidentMb:0} MB."));
        var failed = checks.Where(c => !c.Pass).ToList();
        text.AppendLine(failed.Count == 0
            ? Invariant($"RESULT: PASS, all {checks.Count} targets met")
            : Invariant($"RESULT: FAIL, {failed.Count} of {checks.Count} targets missed: {string.Join("; ", failed.Select(c => c.Name))}"));
        return text.ToString();
    }

    public async Task WriteJsonAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var checks = Checks();
        var document = new
        {
            StartedAt,
            GarbageCollector,
            Cores,
            Workload = new { Interviews, RemindersPlanned, RemindersPastWhenPlanned, Invitations, OutboxFiles },
            PlanBuilding = Figures(Planning),
            InvitationDrain = Figures(InvitationDrain),
            ClockJumps = Steps.Select(s => new
            {
                s.Step,
                s.DueAtOnce,
                s.Sent,
                s.Skipped,
                Figures = Figures(s.Timing),
                P50FromJumpMs = Round(s.P50FromJumpMs),
                P99FromJumpMs = Round(s.P99FromJumpMs),
            }).ToList(),
            DispatchThroughput = new { Dispatch.Reminders, Dispatch.Skipped, Seconds = Round(Dispatch.Seconds), PerSecond = Round(Dispatch.PerSecond), HandledPerSecond = Round(Dispatch.HandledPerSecond) },
            DispatchLag = Lag.Select(l => new
            {
                l.Name, l.Sent, P50Ms = Round(l.P50Ms), P99Ms = Round(l.P99Ms), MaxMs = Round(l.MaxMs),
                QueuedAfterDue = new { P99Ms = Round(l.QueuedP99Ms), MaxMs = Round(l.QueuedMaxMs) },
                SentAfterQueued = new { P99Ms = Round(l.SendP99Ms), MaxMs = Round(l.SendMaxMs) },
            }).ToList(),
            LagWindowCores = new { This = Round(LagWindowCpu.ProcessCores), Others = Round(LagWindowCpu.OtherCores) },
            Memory = new { ResidentMb = ResidentMb is { } r ? Round(r) : (double?)null, PeakResidentMb = PeakResidentMb is { } p ? Round(p) : (double?)null },
            Checks = checks,
            Pass = checks.All(c => c.Pass),
        };
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, document, Json, cancellationToken);
    }

    private static void Row(StringBuilder text, string name, PhaseTiming timing, string? note = null) =>
        text.AppendLine(Invariant($"{name,-40} {timing.Count,9:N0} {timing.Seconds,8:0.0} {timing.PerSecond,8:0}  {timing.Cpu.ProcessCores:0.00}/{timing.Cpu.OtherCores:0.00}{note}"));

    private static object Figures(PhaseTiming t) => new
    {
        t.Count,
        Seconds = Round(t.Seconds),
        PerSecond = Round(t.PerSecond),
        Cores = new { This = Round(t.Cpu.ProcessCores), Others = Round(t.Cpu.OtherCores) },
    };

    private static double Round(double value) => Math.Round(value, 2);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
