using System.Collections.Concurrent;

namespace Switchyard.MockProvider.Scenario;

/// <summary>
/// Decides whether a request gets the failure its options ask for. State (request counts for <c>fail_first</c>,
/// the seeded random for <c>fail=…@RATE</c>) is kept per scenario key, so two connections with different option
/// sets (or different <c>name=</c>) fail independently, and a fixed <c>seed</c> gives a reproducible sequence.
/// </summary>
public sealed class FaultInjector
{
    private readonly ConcurrentDictionary<string, ScenarioState> _states = new(StringComparer.Ordinal);

    /// <summary>The failure to apply to this request, or null to answer normally.</summary>
    public FailureSpec? Decide(MockRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var options = route.Options;
        if (options.Fail is not { } fail)
        {
            return null;
        }

        if (fail.Rate >= 1 && options.FailFirst is null)
        {
            return fail;
        }

        var state = _states.GetOrAdd(route.ScenarioKey, static (_, seed) => new ScenarioState(seed), options.Seed);
        return state.ShouldFail(fail.Rate, options.FailFirst) ? fail : null;
    }

    /// <summary>Forgets counters and seeded sequences, as if no request had been seen.</summary>
    public void Reset() => _states.Clear();

    private sealed class ScenarioState(int? seed)
    {
        private readonly Lock _lock = new();

        // A mock's failure pattern, not security: a seeded Random is the point.
#pragma warning disable CA5394
        private readonly Random _random = seed is { } value ? new Random(value) : new Random();
#pragma warning restore CA5394
        private long _requests;

        public bool ShouldFail(double rate, int? failFirst)
        {
            lock (_lock)
            {
                var index = _requests++;
                if (failFirst is { } limit && index >= limit)
                {
                    return false;
                }

#pragma warning disable CA5394
                return rate >= 1 || (rate > 0 && _random.NextDouble() < rate);
#pragma warning restore CA5394
            }
        }
    }
}
