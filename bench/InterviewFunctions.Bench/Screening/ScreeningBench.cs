using System.Diagnostics;
using System.Globalization;
using InterviewFunctions.App.Screening.Extraction;
using InterviewFunctions.Core.Screening;

namespace InterviewFunctions.Bench.Screening;

/// <summary>
/// The screening mode (<c>-- screening</c>): 1,000 generated resumes against one job, as plain text, DOCX and PDF
/// separately, each through <see cref="ResumeTextExtractor"/> and <see cref="OfflineScreeningEngine"/>, one after the
/// other on one thread pinned to one core. Prints resumes/s and p50/p99/max per resume for each format, and checks
/// that a resume gets the same recommendation whatever its format. Exit code 0 when the targets are met (text over
/// 200/s, PDF over 50/s), 2 when one is missed.
/// </summary>
internal static class ScreeningBench
{
    private const int Resumes = 1000;
    private const int WarmUpResumes = 50;
    private const int Seed = 20261121;
    private const double TextTarget = 200;
    private const double PdfTarget = 50;

    private sealed record FormatRun(string Format, double PerSecond, double P50Ms, double P99Ms, double MaxMs, double CpuPerSecond, double CpuP50Ms, double CpuP99Ms,
        double ExtractShare, int Failures, long Bytes, ScreeningRecommendation[] Recommendations);

    private static readonly (string Format, Func<string[], byte[]> Write)[] Formats = [("text", ResumeFiles.Text), ("docx", ResumeFiles.Docx), ("pdf", ResumeFiles.Pdf)];

    public static int Run()
    {
        var pinned = PinToOneCore();
        var corpus = ResumeCorpus.Generate(Resumes + WarmUpResumes, Seed);
        var warmUp = corpus.Take(WarmUpResumes).ToList();
        var measured = corpus.Skip(WarmUpResumes).ToList();
        Console.WriteLine($"Screening: {Resumes} generated resumes (seed {Seed}) against \"{ResumeCorpus.Job.Title}\", one thread{(pinned ? " pinned to one core" : "")}, {WarmUpResumes} warm-up resumes per format");

        var extractor = new ResumeTextExtractor();
        var engine = new OfflineScreeningEngine();
        var runs = new List<FormatRun>();
        // Every path is compiled and tiered up before anything is measured, so no format pays for another's JIT.
        for (var round = 0; round < 4; round++)
        {
            foreach (var (_, write) in Formats)
            {
                foreach (var file in warmUp.Select(write))
                {
                    ScreenOne(extractor, engine, file);
                }
            }
        }
        foreach (var (format, write) in Formats)
        {
            var files = measured.Select(write).ToList();
            GC.Collect();
            GC.WaitForPendingFinalizers();

            var latencies = new double[files.Count];
            var cpu = new double[files.Count];
            var recommendations = new ScreeningRecommendation[files.Count];
            var failures = 0;
            long extractTicks = 0;
            var total = Stopwatch.StartNew();
            for (var i = 0; i < files.Count; i++)
            {
                var cpuStart = ThreadCpu.Milliseconds();
                var start = Stopwatch.GetTimestamp();
                var (recommendation, extracted) = ScreenOne(extractor, engine, files[i]);
                var end = Stopwatch.GetTimestamp();
                cpu[i] = ThreadCpu.Milliseconds() - cpuStart;
                latencies[i] = Stopwatch.GetElapsedTime(start, end).TotalMilliseconds;
                extractTicks += extracted - start;
                recommendations[i] = recommendation ?? ScreeningRecommendation.No;
                failures += recommendation is null ? 1 : 0;
            }
            total.Stop();
            var run = new FormatRun(format, files.Count / total.Elapsed.TotalSeconds, Percentile(latencies, 50), Percentile(latencies, 99), latencies.Max(),
                files.Count / (cpu.Sum() / 1000), Percentile(cpu, 50), Percentile(cpu, 99),
                (double)extractTicks / Stopwatch.Frequency / total.Elapsed.TotalSeconds, failures, files.Sum(f => (long)f.Length), recommendations);
            runs.Add(run);
            Console.WriteLine(Invariant($"  {format}: wall {run.PerSecond:0} resumes/s, p50 {run.P50Ms:0.00} ms, p99 {run.P99Ms:0.00} ms, max {run.MaxMs:0.00} ms; CPU {run.CpuPerSecond:0} resumes/s, p99 {run.CpuP99Ms:0.00} ms; extraction {run.ExtractShare:P0} of the wall time; {run.Bytes / files.Count / 1024.0:0.0} KB per file; {failures} failed"));
        }

        var text = runs[0].Recommendations;
        Console.WriteLine();
        Console.WriteLine("Recommendations (text): " + string.Join(", ", Enum.GetValues<ScreeningRecommendation>().Select(r => Invariant($"{r} {text.Count(x => x == r)}"))));
        foreach (var other in runs.Skip(1))
        {
            var same = other.Recommendations.Zip(text).Count(p => p.First == p.Second);
            Console.WriteLine(Invariant($"Same recommendation as the text file: {other.Format} {same}/{text.Length}"));
        }

        Console.WriteLine();
        Console.WriteLine($"{"",-8} {"wall clock",-37} {"CPU time of the thread",-28}");
        Console.WriteLine($"{"format",-8} {"resumes/s",10} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"resumes/s",10} {"p50 ms",8} {"p99 ms",8}");
        foreach (var run in runs)
        {
            Console.WriteLine(Invariant($"{run.Format,-8} {run.PerSecond,10:0} {run.P50Ms,8:0.00} {run.P99Ms,8:0.00} {run.MaxMs,8:0.00} {run.CpuPerSecond,10:0} {run.CpuP50Ms,8:0.00} {run.CpuP99Ms,8:0.00}"));
        }
        var load = LoadAverage();
        Console.WriteLine(Invariant($"Load average during the run: {load:0.0} on {Environment.ProcessorCount} cores{(load > 1.5 ? ": the machine is busy, so the wall-clock figures include waiting for the core; the targets are judged on CPU time" : "")}."));
        // On a quiet machine the wall clock is what a user sees; on a busy one it measures the neighbours, and the
        // thread's CPU time is the honest figure for what one core can do.
        var busy = load > 1.5;
        var checks = new[]
        {
            ("text resumes/s", busy ? runs[0].CpuPerSecond : runs[0].PerSecond, TextTarget),
            ("pdf resumes/s", busy ? runs[2].CpuPerSecond : runs[2].PerSecond, PdfTarget),
        };
        Console.WriteLine();
        foreach (var (name, value, limit) in checks)
        {
            Console.WriteLine(Invariant($"{name,-16} {value,8:0}  > {limit,4:0}  {(value > limit ? "PASS" : "FAIL")}"));
        }
        var failed = runs.Sum(r => r.Failures);
        var pass = checks.All(c => c.Item2 > c.Item3) && failed == 0;
        if (failed > 0)
        {
            Console.WriteLine($"{failed} files could not be extracted: FAIL");
        }
        Console.WriteLine($"RESULT: {(pass ? "PASS" : "FAIL")}");
        return pass ? 0 : 2;
    }

    /// <summary>Extracts and screens one file as the upload pipeline would; null when the file could not be read.</summary>
    private static (ScreeningRecommendation? Recommendation, long ExtractedAt) ScreenOne(ResumeTextExtractor extractor, OfflineScreeningEngine engine, byte[] file)
    {
        var result = extractor.Extract(file);
        var extractedAt = Stopwatch.GetTimestamp();
        if (!result.Succeeded)
        {
            return (null, extractedAt);
        }
        var resume = result.Resume;
        var flags = resume.HiddenText.Select(h => new ScreeningFlag(ScreeningFlagKind.HiddenText, h.Reason.ToString(), h.Text))
            .Concat(resume.Injections.Select(i => new ScreeningFlag(ScreeningFlagKind.PromptInjection, i.Rule, i.Excerpt)))
            .Concat(resume.Warnings.Select(w => new ScreeningFlag(ScreeningFlagKind.ExtractionWarning, w, null)))
            .ToList();
        var assessment = engine.Screen(new ScreeningInput(ResumeCorpus.Job, resume.VisibleText, flags, ResumeCorpus.AsOf));
        return (assessment.Recommendation, extractedAt);
    }

    private static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    private static bool PinToOneCore()
    {
        try
        {
            if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
            {
                Process.GetCurrentProcess().ProcessorAffinity = 1;
                return true;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or PlatformNotSupportedException)
        {
            Console.WriteLine($"  (could not pin to one core: {e.Message})");
        }
        return false;
    }

    private static double Percentile(double[] values, double percentile)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
