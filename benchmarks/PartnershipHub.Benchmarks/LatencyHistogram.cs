using System.Diagnostics;

namespace PartnershipHub.Benchmarks;

/// <summary>
/// Call latencies in fixed 10 µs buckets, preallocated so recording allocates nothing and many callers can record
/// at once. Percentiles are reported as the upper edge of their bucket (never optimistic by more than 10 µs);
/// the maximum is exact.
/// </summary>
public sealed class LatencyHistogram
{
    private const long BucketTicks = TimeSpan.TicksPerMillisecond / 100;
    private readonly long[] buckets;
    private long count;
    private long maxTicks;

    /// <summary>A histogram for latencies up to <paramref name="range"/>; longer ones count in the last bucket.</summary>
    public LatencyHistogram(TimeSpan range) => buckets = new long[(range.Ticks / BucketTicks) + 1];

    /// <summary>How many latencies were recorded.</summary>
    public long Count => Interlocked.Read(ref count);

    /// <summary>Records the time since <paramref name="startTimestamp"/>, a <see cref="Stopwatch.GetTimestamp"/> value.</summary>
    public void Record(long startTimestamp)
    {
        var ticks = Stopwatch.GetElapsedTime(startTimestamp).Ticks;
        Interlocked.Increment(ref buckets[Math.Min(ticks / BucketTicks, buckets.Length - 1)]);
        Interlocked.Increment(ref count);
        var max = Interlocked.Read(ref maxTicks);
        while (ticks > max)
        {
            var seen = Interlocked.CompareExchange(ref maxTicks, ticks, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The latency below which <paramref name="percentile"/> per cent of the calls finished, in milliseconds.</summary>
    public double Percentile(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(total * percentile / 100.0);
        long seen = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            seen += Interlocked.Read(ref buckets[i]);
            if (seen >= rank)
            {
                return Math.Min((i + 1) * BucketTicks, Interlocked.Read(ref maxTicks)) / (double)TimeSpan.TicksPerMillisecond;
            }
        }

        return MaxMilliseconds;
    }

    /// <summary>The longest latency recorded, in milliseconds.</summary>
    public double MaxMilliseconds => Interlocked.Read(ref maxTicks) / (double)TimeSpan.TicksPerMillisecond;
}
