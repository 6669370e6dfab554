namespace Switchyard.Gateway.Observability.Prometheus;

/// <summary>Per-bucket (not yet cumulative) counts and the sum of one histogram series.</summary>
internal sealed class HistogramPoint(int bucketCount)
{
    private readonly long[] _counts = new long[bucketCount];
    private double _sum;

    public void Record(int bucket, double value)
    {
        Interlocked.Increment(ref _counts[bucket]);
        AtomicDouble.Add(ref _sum, value);
    }

    public double Sum => Volatile.Read(ref _sum);

    public long CountIn(int bucket) => Volatile.Read(ref _counts[bucket]);
}
