using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using InterviewFunctions.App.Queues;
using InterviewFunctions.App.AzureStorage;
using InterviewFunctions.App.Queues.AzureStorage;
using InterviewFunctions.App.Queues.Embedded;
using InterviewFunctions.App.Triggers;
using InterviewFunctions.Core.Queues;
using Microsoft.Extensions.Logging.Abstractions;

namespace InterviewFunctions.Bench;

/// <summary>
/// The queue mode (<c>-- queues</c>): end-to-end throughput of a queue-triggered function, from the moment a message
/// is put to the moment the handler has it, through the app's own <see cref="QueueListener"/> (the standalone trigger,
/// batches of 16, lease, delete on success). Runs twice: on the embedded SQLite queue and on Azure Storage queues
/// served by Azurite (from tools/node_modules, started here). Two loads each: a burst of messages put as fast as 16
/// senders can, and a paced stream whose latency is what a message waits when the queue is not backed up.
/// </summary>
internal static class QueueBench
{
    private const string QueueName = "bench-handled";
    private const int Senders = 16;
    private const int PacedRate = 100;
    private static readonly TimeSpan PacedDuration = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string[] args, Func<string> findRepoRoot)
    {
        var burst = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var n) ? n : 5000;
        var repo = findRepoRoot();
        var work = Directory.CreateTempSubdirectory("queue-bench-");
        try
        {
            Console.WriteLine($"Queue throughput: {burst:N0} messages in a burst ({Senders} senders), then {PacedRate}/s for {PacedDuration.TotalSeconds:0} s; handler does nothing but record the time");
            Console.WriteLine();
            var failures = new QueueFailureLog(new QueueDatabase(Path.Combine(work.FullName, "failures.db")), TimeProvider.System);

            var embedded = new EmbeddedMessageQueues(new QueueDatabase(Path.Combine(work.FullName, "queues.db")), TimeProvider.System);
            await MeasureAsync("embedded (SQLite)", embedded, failures, burst);

            var port = FreePort();
            using var azurite = await StartAzuriteAsync(repo, port);
            try
            {
                await MeasureAzuriteAsync(port, failures, burst);
            }
            finally
            {
                azurite.Kill(entireProcessTree: true);
            }
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task MeasureAzuriteAsync(int port, QueueFailureLog failures, int burst)
    {
        using var http = new HttpClient();
        var azure = new AzureStorageMessageQueues(
            http,
            new SharedKeyAuthorization(StorageConnection.DevelopmentAccount, Convert.FromBase64String(StorageConnection.DevelopmentKey)),
            new Uri($"http://127.0.0.1:{port}/{StorageConnection.DevelopmentAccount}"),
            TimeProvider.System,
            NullLogger<AzureStorageMessageQueues>.Instance);
        await MeasureAsync("Azure Storage REST on Azurite", azure, failures, burst);
    }

    private static async Task MeasureAsync(string name, IMessageQueues adapter, QueueFailureLog failures, int burst)
    {
        var wakeups = new QueueWakeups(TimeProvider.System);
        var queues = new SignallingMessageQueues(adapter, wakeups);
        await queues.CreateQueueIfMissingAsync(QueueName, CancellationToken.None);
        var handler = new RecordingFunction();
        var listener = new QueueListener(handler, queues, wakeups, failures, new QueueOptions(), TimeProvider.System, NullLogger<QueueListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        try
        {
            Console.WriteLine(name);

            // Warm-up: JIT, connections, the queue's first pages.
            await SendAsync(queues, 200);
            await handler.WaitForAsync(200);
            handler.Reset();

            var clock = Stopwatch.StartNew();
            await SendAsync(queues, burst);
            var sent = clock.Elapsed;
            await handler.WaitForAsync(burst);
            var handled = clock.Elapsed;
            var burstLatency = handler.Latencies();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  burst:  put {burst / sent.TotalSeconds,8:N0} msg/s; put to handled {burst / handled.TotalSeconds,8:N0} msg/s ({handled.TotalSeconds:0.00} s for {burst:N0}); latency p50 {Percentile(burstLatency, 50):N0} ms, p99 {Percentile(burstLatency, 99):N0} ms"));
            handler.Reset();

            var total = (int)(PacedRate * PacedDuration.TotalSeconds);
            clock.Restart();
            for (var i = 0; i < total; i++)
            {
                var due = TimeSpan.FromSeconds((double)i / PacedRate);
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
                await queues.SendAsync(QueueName, RecordingFunction.Stamp(), TimeSpan.Zero, null, CancellationToken.None);
            }
            await handler.WaitForAsync(total);
            var paced = handler.Latencies();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  paced {PacedRate}/s: latency p50 {Percentile(paced, 50):N0} ms, p99 {Percentile(paced, 99):N0} ms, max {paced[^1]:N0} ms"));
            Console.WriteLine();
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
            listener.Dispose();
        }
    }

    private static async Task SendAsync(SignallingMessageQueues queues, int count)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                await queues.SendAsync(QueueName, RecordingFunction.Stamp(), TimeSpan.Zero, null, CancellationToken.None);
            }
        }));
    }

    private static double Percentile(double[] sorted, int percentile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<Process> StartAzuriteAsync(string repo, int port)
    {
        var script = Path.Combine(repo, "tools", "node_modules", "azurite", "dist", "src", "queue", "main.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed at {script}: run 'npm ci --prefix tools' first.");
        }
        var start = new ProcessStartInfo("node", [script, "--queueHost", "127.0.0.1", "--queuePort", port.ToString(CultureInfo.InvariantCulture), "--inMemoryPersistence", "--silent", "--disableTelemetry"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return process;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("Azurite did not listen within 30 s.");
    }

    /// <summary>The queue function under test: notes when each message arrives against the instant written into it.</summary>
    private sealed class RecordingFunction : IQueueFunction
    {
        private ConcurrentBag<double> _latencies = [];
        private int _handled;
        private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _target = int.MaxValue;

        public string FunctionName => "BenchHandled";

        public string QueueName => QueueBench.QueueName;

        public static string Stamp() => Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture);

        public Task HandleAsync(QueueTrigger trigger, CancellationToken cancellationToken)
        {
            var sentAt = long.Parse(trigger.Text, CultureInfo.InvariantCulture);
            _latencies.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
            if (Interlocked.Increment(ref _handled) >= Volatile.Read(ref _target))
            {
                _reached.TrySetResult();
            }
            return Task.CompletedTask;
        }

        public async Task WaitForAsync(int count)
        {
            Volatile.Write(ref _target, count);
            if (Volatile.Read(ref _handled) >= count)
            {
                return;
            }
            await _reached.Task.WaitAsync(TimeSpan.FromMinutes(5));
        }

        public double[] Latencies()
        {
            var sorted = _latencies.ToArray();
            Array.Sort(sorted);
            return sorted;
        }

        public void Reset()
        {
            _latencies = [];
            Volatile.Write(ref _target, int.MaxValue);
            Interlocked.Exchange(ref _handled, 0);
            _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
