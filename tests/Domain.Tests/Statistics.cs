namespace Switchyard.Domain.Tests;

internal static class Statistics
{
    /// <summary>Critical value of chi-square with 2 degrees of freedom at p = 0.001.</summary>
    public const double ChiSquareDf2P001 = 13.82;

    public static double ChiSquare(IReadOnlyList<int> observed, IReadOnlyList<double> expectedShares)
    {
        var total = observed.Sum();
        var statistic = 0.0;
        for (var i = 0; i < observed.Count; i++)
        {
            var expected = expectedShares[i] * total;
            statistic += (observed[i] - expected) * (observed[i] - expected) / expected;
        }

        return statistic;
    }
}
