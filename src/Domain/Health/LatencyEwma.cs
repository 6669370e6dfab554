namespace Switchyard.Domain.Health;

/// <summary>
/// An exponentially weighted moving average of a target's latency. The first sample is taken as is (no warm-up from
/// zero); a value not refreshed within <see cref="LatencyOptions.StaleAfter"/> reads as unknown. Thread-safe.
/// </summary>
public sealed class LatencyEwma
{
    private readonly LatencyOptions _options;
    private readonly TimeProvider _time;

    // Lock-free, as every request records into it: the average as the bits of a double (swapped with compare-exchange,
    // so concurrent samples are all folded in), and when it was last updated (only ever moved forward).
    private long _bits = BitConverter.DoubleToInt64Bits(double.NaN);
    private long _updated;

    public LatencyEwma(LatencyOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
    }

    /// <summary>The average in milliseconds, or null when never measured or stale.</summary>
    public double? Milliseconds
    {
        get
        {
            var milliseconds = BitConverter.Int64BitsToDouble(Volatile.Read(ref _bits));
            if (double.IsNaN(milliseconds) || _time.GetElapsedTime(Volatile.Read(ref _updated)) >= _options.StaleAfter)
            {
                return null;
            }

            return milliseconds;
        }
    }

    public void Record(TimeSpan sample)
    {
        var ms = Math.Max(0, sample.TotalMilliseconds);
        var now = _time.GetTimestamp();
        var stale = _time.GetElapsedTime(Volatile.Read(ref _updated), now) >= _options.StaleAfter;
        while (true)
        {
            var seenBits = Volatile.Read(ref _bits);
            var seen = BitConverter.Int64BitsToDouble(seenBits);
            var next = stale || double.IsNaN(seen) ? ms : (_options.Alpha * ms) + ((1 - _options.Alpha) * seen);
            if (Interlocked.CompareExchange(ref _bits, BitConverter.DoubleToInt64Bits(next), seenBits) == seenBits)
            {
                break;
            }

            stale = false; // another sample just landed: the average is fresh
        }

        var updated = Volatile.Read(ref _updated);
        while (updated < now)
        {
            var previous = Interlocked.CompareExchange(ref _updated, now, updated);
            if (previous == updated)
            {
                break;
            }

            updated = previous;
        }
    }
}
