using System.Diagnostics.Metrics;
using Switchyard.Gateway.Observability;

namespace Switchyard.Gateway.Pipeline;

/// <summary>
/// Decides whether a request keeps running on the socket thread that read it, or moves to the thread pool.
/// <para>
/// On a quiet gateway a request that stays on its socket thread is answered without waking another thread: on the
/// bench that was ~0.2 ms less at the median, 1–2 ms less at p99 and ~40 % less CPU per request at moderate load
/// (bench/README.md). Under heavy load the same thing costs throughput (all request work on one thread per core,
/// which the kernel shares with everything else by runnable thread), so above
/// <see cref="GatewayOptions.InlineBelowRequestsPerSecond"/> requests move to the thread pool on arrival. The rate is
/// counted in fixed windows of 100 ms and the busier of the current and the previous window decides: a burst switches
/// the gateway over within its first window, and it switches back after one quiet window.
/// </para>
/// </summary>
public sealed class InlineGate
{
    /// <summary>
    /// A body this large is read and parsed on the thread pool whatever the rate: on a socket thread it would hold up
    /// that thread's other connections.
    /// </summary>
    public const int LargeBodyBytes = 64 * 1024;

    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time;
    private readonly long _windowTicks;
    private readonly long _limitPerWindow;
    private long _windowStart;
    private long _current;
    private long _previous;
    private long _inline;
    private long _movedBusy;
    private long _movedLargeBody;

    public InlineGate(GatewayOptions options, TimeProvider time, GatewayMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _windowTicks = (long)(Window.TotalSeconds * time.TimestampFrequency);
        var perSecond = options.InlineBelowRequestsPerSecond ?? GatewayOptions.DefaultInlineRequestsPerSecondPerCore * Environment.ProcessorCount;
        _limitPerWindow = (long)perSecond * (long)Window.TotalMilliseconds / 1000;
        _windowStart = time.GetTimestamp();
        metrics?.Meter.CreateObservableCounter(
            "switchyard.scheduling.decisions",
            () => new[]
            {
                new Measurement<long>(Inline, new KeyValuePair<string, object?>("decision", "inline")),
                new Measurement<long>(MovedBusy, new KeyValuePair<string, object?>("decision", "moved_busy")),
                new Measurement<long>(MovedLargeBody, new KeyValuePair<string, object?>("decision", "moved_large_body")),
            },
            "{decision}",
            "Where requests that arrived on a socket thread ran: kept there (inline), moved to the thread pool because the gateway was busy, or moved before parsing a large body.");
    }

    /// <summary>Requests kept on the socket thread they arrived on, since start.</summary>
    public long Inline => Volatile.Read(ref _inline);

    /// <summary>Requests moved from their socket thread to the thread pool on arrival because the gateway was busy.</summary>
    public long MovedBusy => Volatile.Read(ref _movedBusy);

    /// <summary>
    /// Moves to the thread pool before a body of <see cref="LargeBodyBytes"/> or more was read or parsed, since start
    /// (up to two per request: see <see cref="MustMoveFor"/>).
    /// </summary>
    public long MovedLargeBody => Volatile.Read(ref _movedLargeBody);

    /// <summary>Counts one arrival and says whether it may stay where it is. Safe from any thread, takes no lock.</summary>
    public bool Admit()
    {
        var now = _time.GetTimestamp();
        var start = Volatile.Read(ref _windowStart);
        var elapsed = now - start;
        if (elapsed >= _windowTicks && Interlocked.CompareExchange(ref _windowStart, now, start) == start)
        {
            // Arrivals that race with the switch may land in either window: a rate needs no more precision than that.
            var ended = Interlocked.Exchange(ref _current, 0);
            Volatile.Write(ref _previous, elapsed >= 2 * _windowTicks ? 0 : ended);
        }

        var count = Interlocked.Increment(ref _current);
        return Math.Max(count, Volatile.Read(ref _previous)) <= _limitPerWindow;
    }

    /// <summary>
    /// Counts an arrival and says whether the caller, on a socket thread, must move to the thread pool
    /// (<c>await SocketThread.LeaveAsync()</c> does that). Always false on a thread-pool thread: Kestrel's inline
    /// scheduling is off, or the request has moved already.
    /// </summary>
    public bool MustMove()
    {
        var stay = Admit();
        if (Thread.CurrentThread.IsThreadPoolThread)
        {
            return false;
        }

        Interlocked.Increment(ref stay ? ref _inline : ref _movedBusy);
        return !stay;
    }

    /// <summary>
    /// Whether a request with a body this long must move to the thread pool before the body is read or parsed.
    /// Asked twice: before reading, with the declared length, and after, with the length read, because a read can
    /// resume on a socket thread after a move; each move is counted.
    /// </summary>
    public bool MustMoveFor(long bodyLength)
    {
        if (bodyLength < LargeBodyBytes || Thread.CurrentThread.IsThreadPoolThread)
        {
            return false;
        }

        Interlocked.Increment(ref _movedLargeBody);
        return true;
    }
}
