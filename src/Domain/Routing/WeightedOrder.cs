using System.Buffers;

namespace Switchyard.Domain.Routing;

/// <summary>
/// A weighted random ordering: the order in which "the rest of the group by weight" is tried after a failure.
/// Equivalent to drawing with <see cref="WeightedSelector"/> again and again without replacement, so the first
/// position follows the weights exactly and heavier targets tend to come earlier.
/// Indices whose weight is not above 0, and excluded ones, are left out: weight 0 means "sends nothing".
/// </summary>
public static class WeightedOrder
{
    private const int StackLimit = 128;

    /// <summary>The eligible indices of <paramref name="weights"/>, each exactly once, in weighted random order.</summary>
    public static int[] Create(ReadOnlySpan<double> weights, IRandomSource random, ReadOnlySpan<bool> excluded = default)
    {
        var count = CountEligible(weights, excluded);
        var order = new int[count];
        Fill(weights, random, order, excluded);
        return order;
    }

    /// <summary>Writes the eligible indices to <paramref name="destination"/> in weighted random order; returns how many.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the number of eligible indices.</exception>
    public static int Fill(ReadOnlySpan<double> weights, IRandomSource random, Span<int> destination, ReadOnlySpan<bool> excluded = default)
    {
        ArgumentNullException.ThrowIfNull(random);

        var count = CountEligible(weights, excluded);
        if (destination.Length < count)
        {
            throw new ArgumentException($"Needs room for {count} indices, got {destination.Length}.", nameof(destination));
        }

        double[]? rented = null;
        var keys = count <= StackLimit
            ? stackalloc double[count]
            : (rented = ArrayPool<double>.Shared.Rent(count)).AsSpan(0, count);
        try
        {
            // Exponential race (Efraimidis–Spirakis): each index "arrives" after an Exp(weight) delay and the order of
            // arrival is the order. One draw per index and a sort, instead of n rounds of weighted selection.
            var n = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                if (WeightedSelector.IsEligible(weights, excluded, i))
                {
                    // 1 - u lies in (0, 1], so the logarithm is finite and the key is >= 0.
                    keys[n] = -Math.Log(1 - random.NextDouble()) / weights[i];
                    destination[n] = i;
                    n++;
                }
            }

            keys.Sort(destination[..count]);
            return count;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The eligible targets in weighted random order (by <see cref="RouteTarget.Weight"/>).</summary>
    public static IReadOnlyList<RouteTarget> Order(IReadOnlyList<RouteTarget> targets, IRandomSource random, ReadOnlySpan<bool> excluded = default)
    {
        ArgumentNullException.ThrowIfNull(targets);

        var weights = new double[targets.Count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = targets[i].Weight;
        }

        var order = Create(weights, random, excluded);
        var result = new RouteTarget[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            result[i] = targets[order[i]];
        }

        return result;
    }

    private static int CountEligible(ReadOnlySpan<double> weights, ReadOnlySpan<bool> excluded)
    {
        var count = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (WeightedSelector.IsEligible(weights, excluded, i))
            {
                count++;
            }
        }

        return count;
    }
}
