using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InterviewFunctions.Bench;

/// <summary>How the run was set up, printed and saved with the figures so that runs can be compared.</summary>
internal sealed record BenchSettings(
    int Cores, int Connections, double WarmupSeconds, double MeasuredSeconds, double OpenLoopWarmupSeconds, double OpenLoopSeconds,
    int ColdStarts, int SeededInterviews, int SeededUpcoming, int UpcomingPageItems, int UpcomingPageBytes);

/// <summary>One endpoint: its peak (closed loop) and its latency at half that rate (open loop).</summary>
internal sealed record EndpointRun(string Name, LoadResult Peak, double HalfPeakRate, LoadResult HalfPeak, double? MinRatioToCeiling);

/// <summary>One target: what was measured, the limit, and whether it was met.</summary>
internal sealed record Check(string Name, string Measured, string Target, bool Pass);

/// <summary>The targets from the issue, the final table, and bench/results/latest.json.</summary>
internal sealed record BenchResults(
    DateTimeOffset StartedAt, string AppVersion, BenchSettings Settings, IReadOnlyList<double> ColdStartMs,
    IReadOnlyList<EndpointRun> Endpoints, double? ResidentMb, double? PeakResidentMb)
{
    public const double ColdStartLimitMs = 400;
    public const double HalfPeakP99LimitMs = 20;
    public const double ResidentLimitMb = 150;
    public const double ReadRatio = 0.40;
    public const double CreateRatio = 0.15;

    /// <summary>CPU used by other processes above which a window's figures are flagged as noisy.</summary>
    public const double NoisyOtherCores = 0.25;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The first endpoint is the ceiling the others are compared with.</summary>
    public EndpointRun Ceiling => Endpoints[0];

    public double ColdStartMedianMs => Median(ColdStartMs);

    public double ColdStartMaxMs => ColdStartMs.Max();

    public long TotalErrors => Endpoints.Sum(e => e.Peak.Errors + e.HalfPeak.Errors);

    public double Ratio(EndpointRun endpoint) => endpoint.Peak.RequestsPerSecond / Ceiling.Peak.RequestsPerSecond;

    public IReadOnlyList<Check> Checks()
    {
        var checks = new List<Check>
        {
            new($"cold start, median of {ColdStartMs.Count}", Ms(ColdStartMedianMs), $"< {ColdStartLimitMs:0} ms", ColdStartMedianMs < ColdStartLimitMs),
        };
        foreach (var endpoint in Endpoints.Where(e => e.MinRatioToCeiling is not null))
        {
            checks.Add(new($"{endpoint.Name} vs ceiling", Percent(Ratio(endpoint)), $">= {Percent(endpoint.MinRatioToCeiling!.Value)}",
                Ratio(endpoint) >= endpoint.MinRatioToCeiling));
        }
        foreach (var endpoint in Endpoints)
        {
            checks.Add(new($"{endpoint.Name} p99 at half peak", Ms(endpoint.HalfPeak.P99Ms), $"< {HalfPeakP99LimitMs:0} ms",
                endpoint.HalfPeak.P99Ms < HalfPeakP99LimitMs));
        }
        checks.Add(new("errors (non-2xx or failed), all passes", Num(TotalErrors), "0", TotalErrors == 0));
        checks.Add(new("app VmRSS after the run", ResidentMb is { } rss ? $"{rss:0.0} MB" : "n/a", $"< {ResidentLimitMb:0} MB",
            ResidentMb is < ResidentLimitMb));
        return checks;
    }

    public string Table()
    {
        var text = new StringBuilder();
        var s = Settings;
        text.AppendLine(Invariant($"Interview Functions load benchmark, {StartedAt:yyyy-MM-dd HH:mm} UTC, app {AppVersion}"));
        text.AppendLine(Invariant($"{s.Cores} cores shared by app and generator; closed loop {s.Connections} connections, {s.WarmupSeconds:0} s warm-up + {s.MeasuredSeconds:0} s; open loop at half peak, {s.OpenLoopWarmupSeconds:0} s + {s.OpenLoopSeconds:0} s"));
        text.AppendLine(Invariant($"seeded {s.SeededInterviews} interviews to read by id, {s.SeededUpcoming} in the next 7 days (upcoming page: {s.UpcomingPageItems} items, {s.UpcomingPageBytes / 1024.0:0.0} KB)"));
        text.AppendLine();
        text.AppendLine(Invariant($"{"endpoint",-28} {"req/s",8} {"p50 ms",7} {"p99 ms",7} {"errors",6}  {"vs ceiling",-20} | {"half-peak req/s",15} {"p99 ms",7} {"",4} {"errors",6} | cores app/gen/other"));
        foreach (var e in Endpoints)
        {
            var ratio = e.MinRatioToCeiling is { } min
                ? $"{Percent(Ratio(e)),6} {Label(Ratio(e) >= min)} (>={Percent(min)})"
                : "(ceiling)";
            var halfPass = e.HalfPeak.P99Ms < HalfPeakP99LimitMs;
            text.AppendLine(Invariant($"{e.Name,-28} {e.Peak.RequestsPerSecond,8:0} {e.Peak.P50Ms,7:0.00} {e.Peak.P99Ms,7:0.00} {e.Peak.Errors,6}  {ratio,-20} | {e.HalfPeak.RequestsPerSecond,15:0} {e.HalfPeak.P99Ms,7:0.00} {Label(halfPass),4} {e.HalfPeak.Errors,6} | {e.Peak.Cpu.App:0.00}/{e.Peak.Cpu.Generator:0.00}/{e.Peak.Cpu.Other:0.00}"));
        }
        if (Endpoints.Any(e => e.Peak.Cpu.Other > NoisyOtherCores))
        {
            text.AppendLine(Invariant($"note: other processes used more than {NoisyOtherCores:0.00} cores during a measured window; those figures are noisy."));
        }
        text.AppendLine();
        text.AppendLine(Invariant($"{"target",-46} {"measured",10} {"limit",10}  result"));
        var checks = Checks();
        foreach (var check in checks)
        {
            text.AppendLine(Invariant($"{check.Name,-46} {check.Measured,10} {check.Target,10}  {Label(check.Pass)}"));
        }
        text.AppendLine(Invariant($"cold starts (ms): {string.Join(", ", ColdStartMs.Select(m => m.ToString("0", CultureInfo.InvariantCulture)))}; max {ColdStartMaxMs:0} ms. Peak VmHWM {PeakResidentMb:0.0} MB."));
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
            AppVersion,
            Settings,
            ColdStart = new { SamplesMs = ColdStartMs.Select(Round).ToList(), MedianMs = Round(ColdStartMedianMs), MaxMs = Round(ColdStartMaxMs) },
            Endpoints = Endpoints.Select(e => new
            {
                e.Name,
                RatioToCeiling = Round(Ratio(e)),
                e.MinRatioToCeiling,
                ClosedLoop = Figures(e.Peak),
                OpenLoop = new { TargetRequestsPerSecond = Round(e.HalfPeakRate), Figures = Figures(e.HalfPeak) },
            }).ToList(),
            Memory = new { ResidentMb = ResidentMb is { } r ? Round(r) : (double?)null, PeakResidentMb = PeakResidentMb is { } p ? Round(p) : (double?)null },
            Checks = checks,
            Pass = checks.All(c => c.Pass),
        };
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, document, Json, cancellationToken);
    }

    private static object Figures(LoadResult r) => new
    {
        RequestsPerSecond = Round(r.RequestsPerSecond),
        r.Requests,
        r.Errors,
        r.ErrorKinds,
        P50Ms = Round(r.P50Ms),
        P99Ms = Round(r.P99Ms),
        MaxMs = Round(r.MaxMs),
        CpuCores = new { App = Round(r.Cpu.App), Generator = Round(r.Cpu.Generator), Other = Round(r.Cpu.Other) },
    };

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double Round(double value) => Math.Round(value, 2);

    private static string Label(bool pass) => pass ? "PASS" : "FAIL";

    private static string Ms(double value) => Invariant($"{value:0.00} ms");

    private static string Percent(double ratio) => Invariant($"{ratio:0.0%}");

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
