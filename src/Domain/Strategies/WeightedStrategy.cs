using Switchyard.Domain.Groups;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Strategies;

/// <summary><c>weighted</c>: a draw proportional to the configured weights.</summary>
public sealed class WeightedStrategy(IRandomSource random) : ISelectionStrategy
{
    public RoutingStrategy Kind => RoutingStrategy.Weighted;

    public int Pick(IReadOnlyList<StrategyCandidate> candidates, ReadOnlySpan<bool> excluded)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return WeightedSelector.Pick(candidates, static c => c.Weight, random, excluded);
    }
}
