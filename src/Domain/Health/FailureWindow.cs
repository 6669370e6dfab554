namespace Switchyard.Domain.Health;

/// <summary>
/// Successes and failures over a sliding window, kept as a ring of time buckets: constant memory, no per-request
/// allocation, and old outcomes age out bucket by bucket. Not thread-safe: <see cref="TargetHealth"/> guards it.
/// </summary>
internal sealed class FailureWindow
{
    private readonly long _bucketLength;
    private readonly long[] _epochs;
    private readonly int[] _successes;
    private readonly int[] _failures;

    /// <param name="window">The window length in timestamp units.</param>
    /// <param name="buckets">How many buckets the window is split into.</param>
    public FailureWindow(long window, int buckets)
    {
        _bucketLength = Math.Max(1, window / buckets);
        _epochs = new long[buckets];
        _successes = new int[buckets];
        _failures = new int[buckets];
        Array.Fill(_epochs, long.MinValue);
    }

    public void Record(long timestamp, bool failed)
    {
        var epoch = timestamp / _bucketLength;
        var slot = (int)(((epoch % _epochs.Length) + _epochs.Length) % _epochs.Length);
        if (_epochs[slot] != epoch)
        {
            _epochs[slot] = epoch;
            _successes[slot] = 0;
            _failures[slot] = 0;
        }

        if (failed)
        {
            _failures[slot]++;
        }
        else
        {
            _successes[slot]++;
        }
    }

    /// <summary>Totals over the buckets still inside the window at <paramref name="timestamp"/>.</summary>
    public (int Requests, int Failures) Totals(long timestamp)
    {
        var current = timestamp / _bucketLength;
        var requests = 0;
        var failures = 0;
        for (var i = 0; i < _epochs.Length; i++)
        {
            if (_epochs[i] != long.MinValue && current - _epochs[i] < _epochs.Length && _epochs[i] <= current)
            {
                requests += _successes[i] + _failures[i];
                failures += _failures[i];
            }
        }

        return (requests, failures);
    }

    public void Clear() => Array.Fill(_epochs, long.MinValue);
}
