using System.Collections.Concurrent;
using System.Diagnostics;

namespace InterviewFunctions.Bench;

/// <summary>One kind of request to load the app with; <see cref="NewRequest"/> runs once per request, so keep it cheap.</summary>
internal sealed record LoadTarget(string Name, Func<HttpRequestMessage> NewRequest);

/// <summary>What one measured window saw. Requests counts errors too; latencies are of the successful requests.</summary>
internal sealed record LoadResult(long Requests, long Errors, double Seconds, double P50Ms, double P99Ms, double MaxMs, CpuShare Cpu, IReadOnlyDictionary<string, long> ErrorKinds)
{
    public double RequestsPerSecond => Requests / Seconds;
}

/// <summary>
/// Drives the app with one shared HttpClient, in two ways:
/// closed loop (a fixed number of connections, each sending its next request when the last one is answered) finds the
/// peak rate; open loop (requests sent on a fixed schedule, whether or not earlier ones are answered) shows the latency
/// a client sees at a given rate. Open-loop latency is measured from when a request was due, not when it was sent,
/// so a stall in the app (or the generator) is charged to every request it delayed (no coordinated omission).
/// </summary>
internal sealed class LoadRunner(Process app) : IDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 4096,
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    public HttpClient Client => _client;

    public async Task<LoadResult> RunClosedAsync(LoadTarget target, int connections, TimeSpan warmup, TimeSpan window, CancellationToken cancellationToken)
    {
        var recorder = new Recorder();
        var measureFrom = Stopwatch.GetTimestamp() + ToTimestampTicks(warmup);
        var measureTo = measureFrom + ToTimestampTicks(window);
        var cpu = MeasureCpuAsync(measureFrom, measureTo, cancellationToken);
        var workers = new Task[connections];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = ClosedWorkerAsync(target, recorder, measureFrom, measureTo, cancellationToken);
        }
        await Task.WhenAll(workers);
        return recorder.Result(window, await cpu);
    }

    public async Task<LoadResult> RunOpenAsync(LoadTarget target, double requestsPerSecond, int maxOutstanding, TimeSpan warmup, TimeSpan window, CancellationToken cancellationToken)
    {
        var recorder = new Recorder();
        var measureFrom = Stopwatch.GetTimestamp() + ToTimestampTicks(warmup);
        var measureTo = measureFrom + ToTimestampTicks(window);
        var cpu = MeasureCpuAsync(measureFrom, measureTo, cancellationToken);
        // A thread of its own, so that the schedule does not wait behind the thread pool's queue.
        await Task.Factory.StartNew(
            () => Schedule(target, recorder, requestsPerSecond, maxOutstanding, measureFrom, measureTo, cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var drainUntil = Stopwatch.GetTimestamp() + ToTimestampTicks(DrainTimeout);
        while (Volatile.Read(ref recorder.Outstanding) > 0 && Stopwatch.GetTimestamp() < drainUntil)
        {
            await Task.Delay(10, cancellationToken);
        }
        return recorder.Result(window, await cpu);
    }

    public void Dispose() => _client.Dispose();

    private async Task ClosedWorkerAsync(LoadTarget target, Recorder recorder, long measureFrom, long measureTo, CancellationToken cancellationToken)
    {
        // Start on the thread pool rather than on the caller's stack, so all connections start at once.
        await Task.Yield();
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= measureTo)
            {
                return;
            }
            var error = await SendAsync(target, cancellationToken);
            if (start >= measureFrom)
            {
                recorder.Record(start, Stopwatch.GetTimestamp(), error);
            }
        }
    }

    private void Schedule(LoadTarget target, Recorder recorder, double requestsPerSecond, int maxOutstanding, long measureFrom, long measureTo, CancellationToken cancellationToken)
    {
        var interval = Stopwatch.Frequency / requestsPerSecond;
        var begin = Stopwatch.GetTimestamp();
        for (long i = 0; !cancellationToken.IsCancellationRequested; i++)
        {
            var due = begin + (long)(i * interval);
            if (due >= measureTo)
            {
                return;
            }
            // Sleeping (not spinning: the app needs the cores) makes sends up to ~1 ms late; that lateness, and any wait
            // at the outstanding cap, is inside the measured latency because it counts from `due`.
            while (Stopwatch.GetTimestamp() < due || Volatile.Read(ref recorder.Outstanding) >= maxOutstanding)
            {
                Thread.Sleep(1);
            }
            Interlocked.Increment(ref recorder.Outstanding);
            _ = OpenRequestAsync(target, recorder, due, due >= measureFrom, cancellationToken);
        }
    }

    private async Task OpenRequestAsync(LoadTarget target, Recorder recorder, long due, bool measured, CancellationToken cancellationToken)
    {
        try
        {
            // Send from the thread pool, so that the scheduling thread is free for the next due request.
            await Task.Yield();
            var error = await SendAsync(target, cancellationToken);
            if (measured)
            {
                recorder.Record(due, Stopwatch.GetTimestamp(), error);
            }
        }
        finally
        {
            Interlocked.Decrement(ref recorder.Outstanding);
        }
    }

    /// <summary>Sends one request and reads the whole answer; null when it was a 2xx, else what went wrong.</summary>
    private async Task<string?> SendAsync(LoadTarget target, CancellationToken cancellationToken)
    {
        try
        {
            using var request = target.NewRequest();
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            // Read the body like a client would, without keeping it.
            await response.Content.CopyToAsync(Stream.Null, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return e.HttpRequestError.ToString();
        }
        catch (IOException e)
        {
            // The connection broke while the body was being read.
            return e.GetType().Name;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "Timeout";
        }
    }

    private async Task<CpuShare> MeasureCpuAsync(long from, long to, CancellationToken cancellationToken)
    {
        await DelayUntil(from, cancellationToken);
        var start = CpuSnapshot.Take(app);
        await DelayUntil(to, cancellationToken);
        return start.Until(CpuSnapshot.Take(app));
    }

    private static Task DelayUntil(long timestamp, CancellationToken cancellationToken)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        return wait > TimeSpan.Zero ? Task.Delay(wait, cancellationToken) : Task.CompletedTask;
    }

    private static long ToTimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private sealed class Recorder
    {
        private readonly LatencyHistogram _latencies = new();
        private readonly ConcurrentDictionary<string, long> _errorKinds = new(StringComparer.Ordinal);
        private long _errors;

        /// <summary>Open-loop requests sent and not yet answered.</summary>
        public int Outstanding;

        public void Record(long start, long end, string? error)
        {
            if (error is null)
            {
                _latencies.Record(start, end);
                return;
            }
            Interlocked.Increment(ref _errors);
            _errorKinds.AddOrUpdate(error, 1, static (_, n) => n + 1);
        }

        public LoadResult Result(TimeSpan window, CpuShare cpu)
        {
            var errors = Interlocked.Read(ref _errors);
            return new LoadResult(_latencies.Count + errors, errors, window.TotalSeconds,
                _latencies.PercentileMs(0.50), _latencies.PercentileMs(0.99), _latencies.MaxMs, cpu,
                new Dictionary<string, long>(_errorKinds, StringComparer.Ordinal));
        }
    }
}
