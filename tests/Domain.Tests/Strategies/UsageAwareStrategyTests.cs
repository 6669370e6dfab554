using Switchyard.Domain.Routing;
using Switchyard.Domain.Strategies;

namespace Switchyard.Domain.Tests.Strategies;

public sealed class UsageAwareStrategyTests
{
    private readonly Candidates _c = new();

    [Fact]
    public void Pick_TargetAtItsRpmLimit_GetsNothing()
    {
        var list = new[] { _c.Make("full", rpm: 100, usage: new UsageSnapshot(100, 0)), _c.Make("free", rpm: 100, usage: new UsageSnapshot(3, 0)) };

        Candidates.Count(new UsageAwareStrategy(new SeededRandomSource(13), _c.Options), list, 1000).Should().Equal(0, 1000);
    }

    [Fact]
    public void Pick_TargetOverItsTpmLimit_GetsNothing()
    {
        var list = new[] { _c.Make("a", tpm: 1000, usage: new UsageSnapshot(1, 1200)), _c.Make("b") };

        Candidates.Count(new UsageAwareStrategy(new SeededRandomSource(14), _c.Options), list, 1000).Should().Equal(0, 1000);
    }

    [Fact]
    public void Pick_NearTheLimit_GetsLessInProportionToHeadroom()
    {
        // 90 of 100 used with a soft limit of 0.8: factor (1 − 0.9) / (1 − 0.8) = 0.5.
        var list = new[] { _c.Make("near", rpm: 100, usage: new UsageSnapshot(90, 0)), _c.Make("idle", rpm: 100, usage: new UsageSnapshot(10, 0)) };

        var counts = Candidates.Count(new UsageAwareStrategy(new SeededRandomSource(15), _c.Options), list, 20_000);

        Statistics.ChiSquare(counts, StrategyTestMath.Shares(0.5, 1)).Should().BeLessThan(StrategyTestMath.ChiSquareDf1P001);
    }

    [Fact]
    public void Pick_AllAtTheirLimits_PicksNone()
    {
        var list = new[] { _c.Make("a", rpm: 1, usage: new UsageSnapshot(1, 0)), _c.Make("b", rpm: 5, usage: new UsageSnapshot(7, 0)) };

        new UsageAwareStrategy(new SeededRandomSource(16), _c.Options).Pick(list, default).Should().Be(WeightedSelector.None);
    }

    [Fact]
    public void Pick_NoLimits_BehavesAsWeighted()
    {
        var list = new[] { _c.Make("a", 2), _c.Make("b", 1) };

        var counts = Candidates.Count(new UsageAwareStrategy(new SeededRandomSource(17), _c.Options), list, 20_000);

        Statistics.ChiSquare(counts, StrategyTestMath.Shares(2, 1)).Should().BeLessThan(StrategyTestMath.ChiSquareDf1P001);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(80, 1.0)]
    [InlineData(90, 0.5)]
    [InlineData(99, 0.05)]
    [InlineData(100, 0.0)]
    [InlineData(150, 0.0)]
    public void Factor_FallsLinearlyAboveTheSoftLimit(int used, double expected)
    {
        var target = new RouteTarget(TestData.ConnectionRoute("x"), "m", rpmLimit: 100);

        UsageHeadroom.Factor(target, new UsageSnapshot(used, 0), 0.8).Should().BeApproximately(expected, 1e-9);
    }

    [Fact]
    public void UsedFraction_ZeroLimit_IsExhausted()
    {
        var target = new RouteTarget(TestData.ConnectionRoute("x"), "m", rpmLimit: 0);

        UsageHeadroom.IsExhausted(target, UsageSnapshot.None).Should().BeTrue();
    }
}
