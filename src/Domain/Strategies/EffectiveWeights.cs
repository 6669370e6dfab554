using System.Buffers;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Strategies;

/// <summary>Weighted draw over weights a strategy computes per candidate, without allocating for small groups.</summary>
internal static class EffectiveWeights
{
    private const int StackLimit = 64;

    /// <summary>The lowest moving-average latency among routable, measured candidates; +∞ when none is measured.</summary>
    public static double FastestLatencyMs(IReadOnlyList<StrategyCandidate> candidates, ReadOnlySpan<bool> excluded)
    {
        var fastest = double.PositiveInfinity;
        for (var i = 0; i < candidates.Count; i++)
        {
            if ((i >= excluded.Length || !excluded[i]) && candidates[i].Weight > 0 && candidates[i].State.Latency.Milliseconds is { } ms)
            {
                fastest = Math.Min(fastest, ms);
            }
        }

        return fastest;
    }

    public static int Pick<TState>(
        IReadOnlyList<StrategyCandidate> candidates,
        ReadOnlySpan<bool> excluded,
        IRandomSource random,
        TState state,
        Func<StrategyCandidate, TState, double> weightOf)
    {
        var count = candidates.Count;
        double[]? rented = null;
        var weights = count <= StackLimit ? stackalloc double[count] : (rented = ArrayPool<double>.Shared.Rent(count)).AsSpan(0, count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var candidate = candidates[i];

                // Weight 0 (drained) stays 0 whatever a factor says; NaN or negative products also end up unroutable.
                weights[i] = candidate.Weight > 0 && double.IsFinite(candidate.Weight) ? weightOf(candidate, state) : 0;
            }

            return WeightedSelector.Pick(weights, random, excluded);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }
}
