namespace Switchyard.Domain.Health;

/// <summary>
/// Runtime state of one target (YARP's <c>*State</c>): in-flight requests, latency and passive health. Lives in a
/// <see cref="TargetStateRegistry"/> keyed by <see cref="TargetKey"/>, so it survives route-table reloads.
/// </summary>
public sealed class TargetState
{
    private int _inFlight;
    private long _lastUsed;
    private readonly TimeProvider _time;

    public TargetState(TargetKey key, PassiveHealthOptions health, LatencyOptions latency, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Key = key;
        _time = time;
        Health = new TargetHealth(health, time);
        Latency = new LatencyEwma(latency, time);
        _lastUsed = time.GetTimestamp();
    }

    public TargetKey Key { get; }

    public TargetHealth Health { get; }

    public LatencyEwma Latency { get; }

    /// <summary>Requests sent to this target by this instance and not finished yet.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Time since the last request started here (for evicting state of targets no longer configured).</summary>
    public TimeSpan IdleFor => _time.GetElapsedTime(Volatile.Read(ref _lastUsed));

    public void Enter()
    {
        Interlocked.Increment(ref _inFlight);
        Volatile.Write(ref _lastUsed, _time.GetTimestamp());
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
