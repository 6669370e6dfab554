using Switchyard.Domain.Groups;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Strategies;

/// <summary>
/// <c>hybrid</c>: weight × health × latency × headroom, then a weighted draw.
/// Health is (1 − recent failure rate)²; latency is fastest ÷ own average (1 when unmeasured); headroom is the
/// <c>usage_aware</c> factor. Health and latency never push a weight below <see cref="StrategyOptions.HybridMinimumFactor"/>
/// of itself, so a struggling target still gets the odd request that shows it has recovered; headroom may reach 0.
/// </summary>
public sealed class HybridStrategy(IRandomSource random, StrategyOptions options) : ISelectionStrategy
{
    public RoutingStrategy Kind => RoutingStrategy.Hybrid;

    public int Pick(IReadOnlyList<StrategyCandidate> candidates, ReadOnlySpan<bool> excluded)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var fastest = EffectiveWeights.FastestLatencyMs(candidates, excluded);

        return EffectiveWeights.Pick(candidates, excluded, random, (fastest, options), static (c, s) => Score(c, s.fastest, s.options));
    }

    /// <summary>The effective weight of one candidate; public for the dashboard and for tests.</summary>
    public static double Score(StrategyCandidate candidate, double fastestMs, StrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var floor = options.HybridMinimumFactor;
        var failureRate = candidate.State.Health.RecentFailureRate;
        var health = Math.Max(floor, (1 - failureRate) * (1 - failureRate));
        var latency = candidate.State.Latency.Milliseconds is { } ms && ms > 0 && double.IsFinite(fastestMs)
            ? Math.Clamp(fastestMs / ms, floor, 1)
            : 1;
        return candidate.Weight * health * latency * UsageHeadroom.Factor(candidate.Target, candidate.Usage, options.UsageSoftLimit);
    }
}
