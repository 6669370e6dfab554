using Switchyard.Domain.Counting;

namespace Switchyard.Domain.Strategies;

/// <summary>
/// Requests and tokens of one target over the last <see cref="Window"/>, in one-second buckets: the in-process
/// counterpart of the shared (Redis) counters, used when those are unavailable. Thread-safe. While Redis is up, every
/// request of a limited target mirrors into it (<see cref="TryAcquire"/> without limits) and that takes no lock; only a
/// check against limits, the Redis-down fallback, takes one, so that two requests cannot both take the last slot.
/// </summary>
public sealed class UsageWindow
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private const int Buckets = 60;
    private readonly Lock _limitCheck = new();
    private readonly TimeProvider _time;
    private readonly SlidingCounters _counts; // requests, tokens

    public UsageWindow(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _counts = new SlidingCounters(Buckets * time.TimestampFrequency, Buckets);
    }

    public UsageSnapshot Current
    {
        get
        {
            var (requests, tokens) = _counts.Totals(_time.GetTimestamp());
            return new UsageSnapshot(requests, tokens);
        }
    }

    /// <summary>Counts one request unless that would exceed <paramref name="rpmLimit"/>, or the tokens already reached <paramref name="tpmLimit"/>.</summary>
    public bool TryAcquire(int? rpmLimit, long? tpmLimit)
    {
        if (rpmLimit is null && tpmLimit is null)
        {
            _counts.Add(_time.GetTimestamp(), 1, 0);
            return true;
        }

        lock (_limitCheck)
        {
            var now = _time.GetTimestamp();
            var (requests, tokens) = _counts.Totals(now);
            if ((rpmLimit is { } rpm && requests >= rpm) || (tpmLimit is { } tpm && tokens >= tpm))
            {
                return false;
            }

            _counts.Add(now, 1, 0);
            return true;
        }
    }

    public void AddTokens(long tokens)
    {
        if (tokens > 0)
        {
            _counts.Add(_time.GetTimestamp(), 0, tokens);
        }
    }
}
