namespace Switchyard.Domain.Health;

/// <summary>
/// Successes and failures over a sliding window, kept as a ring of time buckets: constant memory, no per-request
/// allocation, and old outcomes age out bucket by bucket. Thread-safe and lock-free while the current bucket is the
/// one being counted (counts are interlocked increments, totals are plain reads): a bucket is reset and moved to a new
/// epoch under a lock, once per bucket length, so no count lands in a bucket that is being reset.
/// </summary>
internal sealed class FailureWindow
{
    private readonly Lock _rotation = new();
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
        if (Volatile.Read(ref _epochs[slot]) != epoch)
        {
            lock (_rotation)
            {
                var current = _epochs[slot];
                if (current > epoch && current != long.MinValue)
                {
                    return; // the outcome of a request older than the whole window: nothing left to count it in
                }

                if (current != epoch)
                {
                    // Zeroed before the new epoch is published: whoever sees the epoch counts into a fresh bucket.
                    Volatile.Write(ref _successes[slot], 0);
                    Volatile.Write(ref _failures[slot], 0);
                    Volatile.Write(ref _epochs[slot], epoch);
                }
            }
        }

        Interlocked.Increment(ref failed ? ref _failures[slot] : ref _successes[slot]);
    }

    /// <summary>Totals over the buckets still inside the window at <paramref name="timestamp"/>.</summary>
    public (int Requests, int Failures) Totals(long timestamp)
    {
        var current = timestamp / _bucketLength;
        var requests = 0;
        var failures = 0;
        for (var i = 0; i < _epochs.Length; i++)
        {
            var epoch = Volatile.Read(ref _epochs[i]);
            if (epoch != long.MinValue && current - epoch < _epochs.Length && epoch <= current)
            {
                var failed = Volatile.Read(ref _failures[i]);
                requests += Volatile.Read(ref _successes[i]) + failed;
                failures += failed;
            }
        }

        return (requests, failures);
    }

    public void Clear()
    {
        lock (_rotation)
        {
            for (var i = 0; i < _epochs.Length; i++)
            {
                Volatile.Write(ref _epochs[i], long.MinValue);
            }
        }
    }
}
