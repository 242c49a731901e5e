using System.Diagnostics;
using System.Globalization;
using InterviewFunctions.App.Preparation;
using InterviewFunctions.Core.Interviews;
using InterviewFunctions.Core.Preparation;
using InterviewFunctions.Core.Preparation.Bank;

namespace InterviewFunctions.Bench;

/// <summary>
/// The preparation mode (<c>-- prep</c>): how long the question bank takes to load at start, cold (first load in a
/// fresh process, several processes) and warm, and how long one offline question generation takes (p50/p99 over a few
/// hundred calls with varied job descriptions, companies, interview types and counts), in process. Exit code 0 when
/// both targets are met (load under 100 ms cold, generation p99 under 20 ms), 2 when one is missed.
/// </summary>
internal static class PrepBench
{
    private const int ColdLoads = 5;
    private const int WarmLoads = 10;
    private const int WarmUpCalls = 50;
    private const int MeasuredCalls = 400;
    private const double LoadTargetMs = 100;
    private const double GenerationP99TargetMs = 20;
    private const string ChildMode = "prep-load";

    public static int Run(string[] args)
    {
        var repo = FindRepoRoot();
        var bank = Path.Combine(repo, "src", "InterviewFunctions.App", "Preparation", "QuestionBank");
        return args is [ChildMode] ? LoadOnce(bank) : Measure(repo, bank);
    }

    /// <summary>In a fresh process: one load and one generator build, as the app does at start, printed for the parent.</summary>
    private static int LoadOnce(string bankDirectory)
    {
        var watch = Stopwatch.StartNew();
        var bank = QuestionBankLoader.Load(bankDirectory);
        var load = watch.Elapsed.TotalMilliseconds;
        _ = new QuestionGenerator(bank);
        var total = watch.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{load:0.00} {total - load:0.00}"));
        return 0;
    }

    private static int Measure(string repo, string bankDirectory)
    {
        var published = PublishedLoads(repo);
        Console.WriteLine($"Question bank: {bankDirectory}");
        Console.WriteLine($"Cold load: {ColdLoads} fresh processes, each loading and validating the bank once (JIT, not ReadyToRun)");
        var cold = new List<double>();
        for (var i = 0; i < ColdLoads; i++)
        {
            var (load, index) = LoadInChild();
            cold.Add(load);
            Console.WriteLine($"  process {i + 1}: load {load:0.0} ms, then generator indexes {index:0.0} ms");
        }

        var warm = new List<double>();
        QuestionBank? loaded = null;
        for (var i = 0; i < WarmLoads; i++)
        {
            var watch = Stopwatch.StartNew();
            loaded = QuestionBankLoader.Load(bankDirectory);
            warm.Add(watch.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"Warm load (same process, {WarmLoads} times): median {Percentile(warm, 50):0.0} ms; {loaded!.Domains.Count} domains, {loaded.Questions.Count} questions");

        var generator = new QuestionGenerator(loaded);
        var inputs = Inputs().ToList();
        for (var i = 0; i < WarmUpCalls; i++)
        {
            generator.Generate(inputs[i % inputs.Count]);
        }
        var latencies = new List<double>(MeasuredCalls);
        var questions = 0;
        for (var i = 0; i < MeasuredCalls; i++)
        {
            var input = inputs[(i * 7) % inputs.Count];
            var start = Stopwatch.GetTimestamp();
            var result = generator.Generate(input);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            questions += result.Questions.Count;
        }
        Console.WriteLine($"Generation: {MeasuredCalls} calls over {inputs.Count} distinct requests (descriptions of {inputs.Min(x => x.JobDescription.Length)} to {inputs.Max(x => x.JobDescription.Length)} characters), {questions} questions");
        Console.WriteLine($"  p50 {Percentile(latencies, 50):0.00} ms, p99 {Percentile(latencies, 99):0.00} ms, max {latencies.Max():0.00} ms");

        var p99 = Percentile(latencies, 99);
        var checks = new List<(string, double, double)>();
        // The target is for the app as deployed (ReadyToRun); the JIT figure stands in only when the app could not be published.
        checks.Add(published.Count > 0
            ? ("bank load at app start", Percentile(published, 50), LoadTargetMs)
            : ("bank load, cold JIT", Percentile(cold, 50), LoadTargetMs));
        checks.Add(("generation p99", p99, GenerationP99TargetMs));
        Console.WriteLine();
        Console.WriteLine($"Cold load medians: the published app {(published.Count > 0 ? Percentile(published, 50).ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "not measured")}, JIT {Percentile(cold, 50):0.0} ms (the target applies to the app as deployed).");
        foreach (var (name, value, limit) in checks)
        {
            Console.WriteLine($"{name,-26} {value,8:0.00} ms  < {limit,5:0} ms  {(value < limit ? "PASS" : "FAIL")}");
        }
        var pass = checks.All(c => c.Item2 < c.Item3);
        Console.WriteLine($"RESULT: {(pass ? "PASS" : "FAIL")}");
        return pass ? 0 : 2;
    }

    /// <summary>
    /// The load time the published app logs at start (composite ReadyToRun, as deployed), from a few fresh processes.
    /// Uses the main benchmark's publish output (artifacts/bench-app), publishing it the same way if it is not there.
    /// </summary>
    private static List<double> PublishedLoads(string repo)
    {
        var executable = Path.Combine(repo, "artifacts", "bench-app", "InterviewFunctions.App");
        if (!File.Exists(executable))
        {
            Console.WriteLine("Publishing src/InterviewFunctions.App in Release into artifacts/bench-app (the first time: minutes)...");
            var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", "src/InterviewFunctions.App", "-c", "Release", "-o", Path.GetDirectoryName(executable)!, "-nologo"])
            {
                WorkingDirectory = repo,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var output = publish.StandardOutput.ReadToEndAsync();
            var errors = publish.StandardError.ReadToEndAsync();
            publish.WaitForExit();
            if (publish.ExitCode != 0)
            {
                Console.WriteLine($"  the publish failed ({publish.ExitCode}); skipping the app's own figure.{Environment.NewLine}{output.Result}{errors.Result}");
                return [];
            }
        }
        Console.WriteLine($"App start: {ColdLoads} fresh processes of the published app, reading the load time it logs");
        var loads = new List<double>();
        for (var i = 0; i < ColdLoads; i++)
        {
            var data = Directory.CreateTempSubdirectory("if-prep-bench-");
            var start = new ProcessStartInfo(executable, ["--urls", $"http://127.0.0.1:{FreePort()}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["Storage__DataDirectory"] = data.FullName;
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment["Logging__LogLevel__InterviewFunctions.App.Preparation"] = "Information";
            using var process = Process.Start(start)!;
            try
            {
                var line = ReadLoadLine(process, TimeSpan.FromSeconds(60));
                var match = System.Text.RegularExpressions.Regex.Match(line ?? "", @"questions in ([0-9.]+) ms");
                if (!match.Success)
                {
                    Console.WriteLine("  the app did not log its load time; skipping the app's own figure.");
                    return [];
                }
                var ms = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                loads.Add(ms);
                Console.WriteLine($"  start {i + 1}: bank loaded in {ms:0.0} ms (on the thread pool, while the server starts)");
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                data.Delete(recursive: true);
            }
        }
        return loads;
    }

    private static string? ReadLoadLine(Process process, TimeSpan timeout)
    {
        var read = Task.Run(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                if (line.Contains("questions in ", StringComparison.Ordinal))
                {
                    return line;
                }
            }
            return null;
        });
        return read.Wait(timeout) ? read.Result : null;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static (double Load, double Index) LoadInChild()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Under `dotnet run` the process is the apphost; under `dotnet Bench.dll` it is dotnet itself and needs the dll.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(PrepBench).Assembly.Location);
        }
        start.ArgumentList.Add(ChildMode);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The load process failed ({process.ExitCode}): {errors}");
        }
        var parts = output.Trim().Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Varied requests: eight fields, each description in a short and a long form, with and without a company.</summary>
    private static IEnumerable<QuestionGenerationInput> Inputs()
    {
        string[] companies = ["Acme Health", "Northwind", "Globex", "Initech"];
        InterviewType?[] types = [null, InterviewType.Technical, InterviewType.Behavioral, InterviewType.PhoneScreen, InterviewType.FinalRound];
        var i = 0;
        foreach (var description in Descriptions)
        {
            foreach (var text in new[] { description, string.Join("\n", Enumerable.Repeat(description, 8)) + "\n" + Filler })
            {
                for (var variant = 0; variant < 5; variant++)
                {
                    i++;
                    yield return new QuestionGenerationInput(
                        text,
                        variant % 2 == 0 ? companies[i % companies.Length] : null,
                        types[variant],
                        variant switch { 0 => 10, 1 => 5, 2 => 20, 3 => 30, _ => 12 });
                }
            }
        }
    }

    private const string Filler =
        "We offer a competitive salary, a pension, 25 days of holiday and flexible working. We are an equal opportunity employer and welcome applications from everyone. Our mission is to make work better for the people we serve, and we value honesty, curiosity and care.";

    private static readonly string[] Descriptions =
    [
        "Registered Nurse (RN), acute medical ward. You will assess patients, administer medication safely, recognise sepsis and escalate deterioration using NEWS2, keep accurate care plans and hand over with SBAR. Requirements: NMC registration, BLS, experience with IV therapy and wound care, and a commitment to infection prevention and control and safeguarding.",
        "Senior Backend Engineer. Build REST APIs in Go and Java on Kubernetes (K8s) in AWS, own PostgreSQL schemas and migrations, run Kafka consumers and event-driven microservices, CI/CD with GitHub Actions and observability with Prometheus and Grafana. Five years of backend development and strong SQL are required.",
        "Data Engineer. Design batch and streaming pipelines with Airflow, dbt and Spark on Databricks, model data in a star schema in Snowflake, test data quality and keep lineage in a data catalog. Strong SQL and Python are essential, and Power BI dashboards are a plus for this analytics team.",
        "Warehouse Supervisor for a busy distribution centre. Lead a team of 25 operatives across picking, putaway and dispatch, keep inventory accuracy above 99.5% with cycle counting, plan labour for peak, run the WMS and RF scanners, and make sure forklift certification and MHE safety checks are current.",
        "Senior Accountant. Run the month-end close, journals, accruals and balance sheet reconciliations, prepare consolidation and intercompany eliminations, apply IFRS 15 and IFRS 16, manage VAT returns and support the external audit. A CPA or ACCA qualification and advanced Excel skills with SAP are required.",
        "Secondary School Teacher of Mathematics. Plan lessons that follow the national curriculum, use formative assessment, adapt teaching for pupils with SEND and EAL, manage behaviour consistently, track progress data and work with parents. QTS and an enhanced DBS check are required, along with a commitment to safeguarding.",
        "Sous Chef for a 120-cover restaurant. Run the pass, lead the kitchen brigade, keep HACCP records and allergen matrices, control food cost and GP on menu costing, manage stock and waste, and train commis chefs in knife skills and mise en place. Level 3 food hygiene required.",
        "Account Executive selling B2B SaaS to mid-market customers. Own the full cycle from prospecting and discovery to negotiation and close, qualify with MEDDICC, keep Salesforce CRM up to date, forecast your pipeline accurately and hit a quarterly quota. Experience of enterprise sales is a plus.",
    ];

    private static double Percentile(List<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    private static string FindRepoRoot()
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
        throw new InvalidOperationException("InterviewFunctions.sln was not found above the bench or the working directory.");
    }
}
