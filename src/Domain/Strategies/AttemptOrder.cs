using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Strategies;

/// <summary>
/// The order to try candidates in: the strategy's pick, then its pick among the rest, and so on, so "the rest of
/// the group by weight" follows the same strategy. Excluded and weight-0 candidates are left out.
/// </summary>
public static class AttemptOrder
{
    public static int[] Create(ISelectionStrategy strategy, IReadOnlyList<StrategyCandidate> candidates, ReadOnlySpan<bool> excluded = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(candidates);
        var taken = new bool[candidates.Count];
        excluded[..Math.Min(excluded.Length, taken.Length)].CopyTo(taken);
        var order = new List<int>(candidates.Count);
        while (true)
        {
            var next = strategy.Pick(candidates, taken);
            if (next == WeightedSelector.None)
            {
                return [.. order];
            }

            order.Add(next);
            taken[next] = true;
        }
    }
}
