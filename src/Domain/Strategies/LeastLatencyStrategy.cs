using Switchyard.Domain.Groups;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Strategies;

/// <summary>
/// <c>least_latency</c>: the fastest targets by moving-average latency, within a tolerance band so that near-equals
/// share traffic by weight instead of one of them taking everything on noise. A target with no recent measurement
/// counts as inside the band, so it gets probed and a once-slow target can win its traffic back.
/// </summary>
public sealed class LeastLatencyStrategy(IRandomSource random, StrategyOptions options) : ISelectionStrategy
{
    public RoutingStrategy Kind => RoutingStrategy.LeastLatency;

    public int Pick(IReadOnlyList<StrategyCandidate> candidates, ReadOnlySpan<bool> excluded)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var fastest = EffectiveWeights.FastestLatencyMs(candidates, excluded);

        var band = double.IsPositiveInfinity(fastest)
            ? double.PositiveInfinity
            : (fastest * (1 + options.LatencyTolerance)) + options.LatencyAbsoluteTolerance.TotalMilliseconds;
        return EffectiveWeights.Pick(candidates, excluded, random, band, static (c, band) =>
            c.State.Latency.Milliseconds is { } ms && ms > band ? 0 : c.Weight);
    }
}
