namespace Switchyard.Domain.Strategies;

/// <summary>
/// Requests and tokens of one target over the last <see cref="Window"/>, in one-second buckets: the in-process
/// counterpart of the shared (Redis) counters, used when those are unavailable. Thread-safe.
/// </summary>
public sealed class UsageWindow
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private const int Buckets = 60;
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long[] _seconds = new long[Buckets];
    private readonly long[] _requests = new long[Buckets];
    private readonly long[] _tokens = new long[Buckets];

    public UsageWindow(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        Array.Fill(_seconds, long.MinValue);
    }

    public UsageSnapshot Current
    {
        get
        {
            lock (_gate)
            {
                return TotalsLocked(Second());
            }
        }
    }

    /// <summary>Counts one request unless that would exceed <paramref name="rpmLimit"/>, or the tokens already reached <paramref name="tpmLimit"/>.</summary>
    public bool TryAcquire(int? rpmLimit, long? tpmLimit)
    {
        lock (_gate)
        {
            var now = Second();
            var totals = TotalsLocked(now);
            if ((rpmLimit is { } rpm && totals.Requests >= rpm) || (tpmLimit is { } tpm && totals.Tokens >= tpm))
            {
                return false;
            }

            _requests[SlotLocked(now)]++;
            return true;
        }
    }

    public void AddTokens(long tokens)
    {
        if (tokens <= 0)
        {
            return;
        }

        lock (_gate)
        {
            _tokens[SlotLocked(Second())] += tokens;
        }
    }

    private long Second() => (long)Math.Floor(_time.GetTimestamp() / (double)_time.TimestampFrequency);

    private int SlotLocked(long second)
    {
        var slot = (int)(((second % Buckets) + Buckets) % Buckets);
        if (_seconds[slot] != second)
        {
            _seconds[slot] = second;
            _requests[slot] = 0;
            _tokens[slot] = 0;
        }

        return slot;
    }

    private UsageSnapshot TotalsLocked(long now)
    {
        long requests = 0;
        long tokens = 0;
        for (var i = 0; i < Buckets; i++)
        {
            if (_seconds[i] != long.MinValue && _seconds[i] <= now && now - _seconds[i] < Buckets)
            {
                requests += _requests[i];
                tokens += _tokens[i];
            }
        }

        return new UsageSnapshot(requests, tokens);
    }
}
