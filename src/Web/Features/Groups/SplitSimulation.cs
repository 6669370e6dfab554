using Switchyard.Domain.Routing;

namespace Switchyard.Web.Features.Groups;

/// <summary>
/// "Simulate": draws picks with the gateway's own <see cref="WeightedSelector"/>, so what the editor shows is what
/// the weighted strategy will do, noise included.
/// </summary>
public static class SplitSimulation
{
    public const int DefaultDraws = 1000;

    /// <returns>How many of <paramref name="draws"/> picks landed on each index (all zeros when no weight is above 0).</returns>
    public static int[] Run(IReadOnlyList<double> weights, IRandomSource random, int draws = DefaultDraws)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(draws);

        var span = weights.ToArray();
        var counts = new int[span.Length];
        for (var i = 0; i < draws; i++)
        {
            var pick = WeightedSelector.Pick(span, random);
            if (pick == WeightedSelector.None)
            {
                break;
            }

            counts[pick]++;
        }

        return counts;
    }
}
