namespace Switchyard.Domain.Health;

/// <summary>
/// An exponentially weighted moving average of a target's latency. The first sample is taken as is (no warm-up from
/// zero); a value not refreshed within <see cref="LatencyOptions.StaleAfter"/> reads as unknown. Thread-safe.
/// </summary>
public sealed class LatencyEwma
{
    private readonly Lock _gate = new();
    private readonly LatencyOptions _options;
    private readonly TimeProvider _time;
    private double _milliseconds = double.NaN;
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
            lock (_gate)
            {
                if (double.IsNaN(_milliseconds) || _time.GetElapsedTime(_updated) >= _options.StaleAfter)
                {
                    return null;
                }

                return _milliseconds;
            }
        }
    }

    public void Record(TimeSpan sample)
    {
        var ms = Math.Max(0, sample.TotalMilliseconds);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var stale = double.IsNaN(_milliseconds) || _time.GetElapsedTime(_updated, now) >= _options.StaleAfter;
            _milliseconds = stale ? ms : (_options.Alpha * ms) + ((1 - _options.Alpha) * _milliseconds);
            _updated = now;
        }
    }
}
