using System.Diagnostics;
using System.Numerics;

namespace InterviewFunctions.Bench;

/// <summary>
/// Latencies in microseconds, in log-linear buckets (exact below 256 µs, then 128 buckets per power of two, so a
/// percentile is within 0.8% of the true value). The array is allocated once, so recording costs the same at any
/// request rate and many threads can record at once with a single interlocked increment.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int LinearBuckets = 256;
    private const int SubBuckets = 128;
    private const int MaxShift = 30;

    private readonly long[] _counts = new long[LinearBuckets + MaxShift * SubBuckets];
    private long _total;
    private long _maxMicros;

    public long Count => Interlocked.Read(ref _total);

    public double MaxMs => Interlocked.Read(ref _maxMicros) / 1000.0;

    /// <summary>Records the time between two <see cref="Stopwatch.GetTimestamp"/> readings.</summary>
    public void Record(long startTimestamp, long endTimestamp) =>
        RecordMicros((endTimestamp - startTimestamp) * 1_000_000 / Stopwatch.Frequency);

    /// <summary>Records a duration in microseconds; a negative one counts as zero.</summary>
    public void RecordMicros(long micros)
    {
        micros = Math.Max(0, micros);
        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _total);
        var max = Interlocked.Read(ref _maxMicros);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxMicros, micros, max);
            if (seen == max)
            {
                break;
            }
            max = seen;
        }
    }

    /// <summary>The latency in milliseconds below which the fraction <paramref name="quantile"/> of the samples fall.</summary>
    public double PercentileMs(double quantile)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(MidpointMicros(i), Interlocked.Read(ref _maxMicros)) / 1000.0;
            }
        }
        return MaxMs;
    }

    private static int IndexOf(long micros)
    {
        if (micros < LinearBuckets)
        {
            return (int)micros;
        }
        // The top 8 bits of the value pick the bucket: 2^7..2^8-1 after shifting, i.e. 128 buckets per power of two.
        var shift = 63 - BitOperations.LeadingZeroCount((ulong)micros) - 7;
        if (shift > MaxShift)
        {
            return LinearBuckets + MaxShift * SubBuckets - 1;
        }
        return LinearBuckets + (shift - 1) * SubBuckets + (int)((micros >> shift) - SubBuckets);
    }

    private static double MidpointMicros(int index)
    {
        if (index < LinearBuckets)
        {
            return index;
        }
        var shift = (index - LinearBuckets) / SubBuckets + 1;
        var low = (long)((index - LinearBuckets) % SubBuckets + SubBuckets) << shift;
        return low + ((1L << shift) - 1) / 2.0;
    }
}
