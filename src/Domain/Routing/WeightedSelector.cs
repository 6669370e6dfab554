using System.Buffers;
using Switchyard.Domain.Validation;

namespace Switchyard.Domain.Routing;

/// <summary>
/// Picks one index with probability proportional to its weight. Weight 0 (and any weight that is not a finite
/// positive number) is never picked, and neither is an excluded index, so a failed target is not retried.
/// Allocation-free: exclusions are a caller-owned <c>bool</c> span (one array per request, reused across picks).
/// </summary>
public static class WeightedSelector
{
    /// <summary>Returned when nothing can be picked: no weight above 0 among the indices not excluded.</summary>
    public const int None = -1;

    private const int StackLimit = 128;

    /// <param name="weights">Weights by index.</param>
    /// <param name="random">Source of the draw.</param>
    /// <param name="excluded">
    /// <c>true</c> at an index excludes it; may be shorter than <paramref name="weights"/> (missing = not excluded).
    /// </param>
    /// <returns>The picked index, or <see cref="None"/>.</returns>
    public static int Pick(ReadOnlySpan<double> weights, IRandomSource random, ReadOnlySpan<bool> excluded = default)
    {
        ArgumentNullException.ThrowIfNull(random);

        var total = 0.0;
        var max = 0.0;
        var last = None;
        for (var i = 0; i < weights.Length; i++)
        {
            if (IsEligible(weights, excluded, i))
            {
                total += weights[i];
                max = Math.Max(max, weights[i]);
                last = i;
            }
        }

        if (last == None)
        {
            return None;
        }

        // Only reachable with weights near double.MaxValue: rescale so the running sum stays finite.
        var scale = 1.0;
        if (double.IsInfinity(total))
        {
            scale = 1 / max;
            total = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                if (IsEligible(weights, excluded, i))
                {
                    total += weights[i] * scale;
                }
            }
        }

        var draw = random.NextDouble() * total;
        var cumulative = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (IsEligible(weights, excluded, i))
            {
                cumulative += weights[i] * scale;
                if (draw < cumulative)
                {
                    return i;
                }
            }
        }

        // Rounding (or a source that returned 1.0) can leave the draw at the very top: it belongs to the last eligible index.
        return last;
    }

    /// <summary>Picks among <paramref name="items"/> using <paramref name="weightOf"/> (pass a static lambda to avoid allocating).</summary>
    public static int Pick<T>(IReadOnlyList<T> items, Func<T, double> weightOf, IRandomSource random, ReadOnlySpan<bool> excluded = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(weightOf);

        var count = items.Count;
        double[]? rented = null;
        var weights = count <= StackLimit
            ? stackalloc double[count]
            : (rented = ArrayPool<double>.Shared.Rent(count)).AsSpan(0, count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                weights[i] = weightOf(items[i]);
            }

            return Pick(weights, random, excluded);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Picks a target by its configured <see cref="RouteTarget.Weight"/>.</summary>
    public static int Pick(IReadOnlyList<RouteTarget> targets, IRandomSource random, ReadOnlySpan<bool> excluded = default) =>
        Pick(targets, static t => t.Weight, random, excluded);

    internal static bool IsEligible(ReadOnlySpan<double> weights, ReadOnlySpan<bool> excluded, int index) =>
        WeightRules.IsRoutable(weights[index]) && (index >= excluded.Length || !excluded[index]);
}
