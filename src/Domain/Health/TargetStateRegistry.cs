using System.Collections.Concurrent;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Health;

/// <summary>
/// All targets' runtime state, created on first use and kept across route-table reloads (a reload changes weights
/// and limits, not what a target has been doing). Thread-safe.
/// </summary>
public sealed class TargetStateRegistry
{
    private readonly ConcurrentDictionary<TargetKey, TargetState> _states = new();
    private readonly Func<TargetKey, TargetState> _create;

    public TargetStateRegistry(PassiveHealthOptions health, LatencyOptions latency, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(latency);
        ArgumentNullException.ThrowIfNull(time);
        health.Validate();
        latency.Validate();
        Health = health;
        _create = key => new TargetState(key, health, latency, time);
    }

    public PassiveHealthOptions Health { get; }

    public int Count => _states.Count;

    public TargetState Get(TargetKey key) => _states.GetOrAdd(key, _create);

    public TargetState Get(RouteTarget target) => Get(TargetKey.From(target));

    /// <summary>The state if it exists; does not create one (for messages about targets this instance never used).</summary>
    public bool TryGet(TargetKey key, out TargetState state) => _states.TryGetValue(key, out state!);

    /// <summary>Forgets targets idle for longer than <paramref name="idle"/> with nothing in flight and no cooldown running.</summary>
    public int Sweep(TimeSpan idle)
    {
        var removed = 0;
        foreach (var (key, state) in _states)
        {
            if (state.InFlight == 0 && state.IdleFor > idle && state.Health.IsAvailable
                && _states.TryRemove(new KeyValuePair<TargetKey, TargetState>(key, state)))
            {
                removed++;
            }
        }

        return removed;
    }
}
