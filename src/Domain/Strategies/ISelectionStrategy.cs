using Switchyard.Domain.Groups;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Strategies;

/// <summary>
/// Picks the next target among candidates. Every strategy skips excluded indices (already tried, unhealthy, over a
/// limit) and never picks a target whose weight is not above 0. <see cref="AttemptOrder"/> turns repeated picks into
/// the order targets are tried in.
/// </summary>
public interface ISelectionStrategy
{
    RoutingStrategy Kind { get; }

    /// <returns>An index into <paramref name="candidates"/>, or <see cref="WeightedSelector.None"/> when none is eligible.</returns>
    int Pick(IReadOnlyList<StrategyCandidate> candidates, ReadOnlySpan<bool> excluded);
}
