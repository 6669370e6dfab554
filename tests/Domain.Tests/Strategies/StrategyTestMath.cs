namespace Switchyard.Domain.Tests.Strategies;

internal static class StrategyTestMath
{
    /// <summary>Critical value of chi-square with 1 degree of freedom at p = 0.001.</summary>
    public const double ChiSquareDf1P001 = 10.83;

    public static double[] Shares(params double[] weights)
    {
        var total = weights.Sum();
        return weights.Select(w => w / total).ToArray();
    }
}
