using Switchyard.Domain.Groups;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Strategies;

/// <summary>
/// <c>least_outstanding</c>: weighted power of two choices. Draw two distinct candidates by weight and keep the one
/// with fewer in-flight requests relative to its weight ((in-flight + 1) ÷ weight): cheap, no global scan, and it
/// steers bursts away from a target that has slowed down, because slow targets accumulate in-flight requests.
/// </summary>
public sealed class LeastOutstandingStrategy(IRandomSource random) : ISelectionStrategy
{
    private const int StackLimit = 128;

    public RoutingStrategy Kind => RoutingStrategy.LeastOutstanding;

    public int Pick(IReadOnlyList<StrategyCandidate> candidates, ReadOnlySpan<bool> excluded)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var first = WeightedSelector.Pick(candidates, static c => c.Weight, random, excluded);
        if (first == WeightedSelector.None)
        {
            return first;
        }

        var count = candidates.Count;
        var withoutFirst = count <= StackLimit ? stackalloc bool[count] : new bool[count];
        excluded[..Math.Min(excluded.Length, count)].CopyTo(withoutFirst);
        withoutFirst[first] = true;
        var second = WeightedSelector.Pick(candidates, static c => c.Weight, random, withoutFirst);
        if (second == WeightedSelector.None)
        {
            return first;
        }

        return Load(candidates[first]) <= Load(candidates[second]) ? first : second;
    }

    private static double Load(StrategyCandidate candidate) => (candidate.State.InFlight + 1) / candidate.Weight;
}
