using Switchyard.Domain.Groups;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Strategies;

/// <summary>
/// <c>usage_aware</c>: weights scaled by headroom under each target's RPM/TPM limits (usage counted across all
/// gateway instances): full weight well below the limit, less as it nears the limit, nothing at or over it.
/// </summary>
public sealed class UsageAwareStrategy(IRandomSource random, StrategyOptions options) : ISelectionStrategy
{
    public RoutingStrategy Kind => RoutingStrategy.UsageAware;

    public int Pick(IReadOnlyList<StrategyCandidate> candidates, ReadOnlySpan<bool> excluded)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return EffectiveWeights.Pick(candidates, excluded, random, options.UsageSoftLimit, static (c, soft) =>
            c.Weight * UsageHeadroom.Factor(c.Target, c.Usage, soft));
    }
}
