namespace Switchyard.Domain.Counting;

/// <summary>
/// Two running counts over a sliding window, kept as a ring of time buckets: constant memory, no allocation per count,
/// and old counts age out bucket by bucket. Thread-safe, and lock-free while the current bucket is the one being
/// counted, as it is for every request but the first of each bucket length: counts are interlocked additions and
/// totals are plain reads. Moving a bucket to a new epoch (zeroing it) takes a lock, so no count lands in a bucket that
/// is being reset.
/// </summary>
/// <remarks>
/// <see cref="Add"/> adds the first count before the second and <see cref="Totals"/> reads the second before the first,
/// so a total never shows a second count the first does not cover (failures never exceed requests).
/// </remarks>
public sealed class SlidingCounters
{
    private readonly Lock _rotation = new();
    private readonly long _bucketLength;
    private readonly long[] _epochs;
    private readonly long[] _first;
    private readonly long[] _second;

    /// <param name="window">The window length, in the unit of the timestamps passed in.</param>
    /// <param name="buckets">How many buckets the window is split into.</param>
    public SlidingCounters(long window, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        _bucketLength = Math.Max(1, window / buckets);
        _epochs = new long[buckets];
        _first = new long[buckets];
        _second = new long[buckets];
        Array.Fill(_epochs, long.MinValue);
    }

    public void Add(long timestamp, long first, long second)
    {
        var slot = Slot(timestamp);
        if (slot < 0)
        {
            return; // older than the whole window: nothing left to count it in
        }

        if (first != 0)
        {
            Interlocked.Add(ref _first[slot], first);
        }

        if (second != 0)
        {
            Interlocked.Add(ref _second[slot], second);
        }
    }

    /// <summary>Totals over the buckets still inside the window at <paramref name="timestamp"/>.</summary>
    public (long First, long Second) Totals(long timestamp)
    {
        var current = Epoch(timestamp);
        long first = 0;
        long second = 0;
        for (var i = 0; i < _epochs.Length; i++)
        {
            var epoch = Volatile.Read(ref _epochs[i]);
            if (epoch != long.MinValue && epoch <= current && current - epoch < _epochs.Length)
            {
                second += Volatile.Read(ref _second[i]);
                first += Volatile.Read(ref _first[i]);
            }
        }

        return (first, second);
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

    private long Epoch(long timestamp) => timestamp >= 0 ? timestamp / _bucketLength : ((timestamp + 1) / _bucketLength) - 1;

    /// <summary>The bucket for <paramref name="timestamp"/>, moved to its epoch if it still holds an older one; −1 if it holds a newer one.</summary>
    private int Slot(long timestamp)
    {
        var epoch = Epoch(timestamp);
        var slot = (int)(((epoch % _epochs.Length) + _epochs.Length) % _epochs.Length);
        if (Volatile.Read(ref _epochs[slot]) == epoch)
        {
            return slot;
        }

        lock (_rotation)
        {
            var held = _epochs[slot];
            if (held > epoch)
            {
                return -1;
            }

            if (held != epoch)
            {
                // Zeroed before the new epoch is published: whoever sees the epoch counts into a fresh bucket.
                Volatile.Write(ref _first[slot], 0);
                Volatile.Write(ref _second[slot], 0);
                Volatile.Write(ref _epochs[slot], epoch);
            }
        }

        return slot;
    }
}
