using Switchyard.Domain.Validation;

namespace Switchyard.Domain.Routing;

/// <summary>Turns configured weights into traffic shares (5, 3, 1 → 0.556, 0.333, 0.111), as the dashboard shows them.</summary>
public static class WeightShares
{
    /// <summary>
    /// Shares that sum to 1, or all zeros when no weight is above 0. Weights that are not finite or are negative
    /// count as 0 rather than throwing: the dashboard calls this on every keystroke, before validation has run.
    /// </summary>
    public static double[] Normalize(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var copy = new double[weights.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = weights[i];
        }

        NormalizeInPlace(copy);
        return copy;
    }

    /// <summary>Same as <see cref="Normalize(IReadOnlyList{double})"/>, overwriting <paramref name="weights"/>.</summary>
    public static void NormalizeInPlace(Span<double> weights)
    {
        var max = 0.0;
        foreach (var weight in weights)
        {
            if (WeightRules.IsRoutable(weight) && weight > max)
            {
                max = weight;
            }
        }

        if (max == 0)
        {
            weights.Clear();
            return;
        }

        // Dividing by the largest weight first keeps the sum finite even for weights near double.MaxValue.
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = WeightRules.IsRoutable(weights[i]) ? weights[i] / max : 0;
            sum += weights[i];
        }

        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] /= sum;
        }
    }
}
