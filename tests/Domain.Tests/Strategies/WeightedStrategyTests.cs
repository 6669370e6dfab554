using Switchyard.Domain.Routing;
using Switchyard.Domain.Strategies;

namespace Switchyard.Domain.Tests.Strategies;

public sealed class WeightedStrategyTests
{
    private readonly Candidates _c = new();

    [Fact]
    public void Pick_FiveThreeOne_FollowsTheWeights()
    {
        var list = new[] { _c.Make("a", 5), _c.Make("b", 3), _c.Make("c", 1) };

        var counts = Candidates.Count(new WeightedStrategy(new SeededRandomSource(1)), list, 30_000);

        Statistics.ChiSquare(counts, StrategyTestMath.Shares(5, 3, 1)).Should().BeLessThan(Statistics.ChiSquareDf2P001);
    }

    [Fact]
    public void Pick_InFlightAndLatency_AreIgnored()
    {
        var list = new[] { _c.Make("a", 1), _c.Make("b", 1) };
        for (var i = 0; i < 50; i++)
        {
            list[0].State.Enter();
        }

        var counts = Candidates.Count(new WeightedStrategy(new SeededRandomSource(2)), list, 20_000);

        Statistics.ChiSquare(counts, [0.5, 0.5]).Should().BeLessThan(StrategyTestMath.ChiSquareDf1P001);
    }
}
