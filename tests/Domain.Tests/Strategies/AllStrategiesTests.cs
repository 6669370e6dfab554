using Switchyard.Domain.Groups;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Strategies;

namespace Switchyard.Domain.Tests.Strategies;

public sealed class AllStrategiesTests
{
    public static TheoryData<RoutingStrategy> Kinds() => [.. Enum.GetValues<RoutingStrategy>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Get_ReturnsTheStrategyOfThatKind(RoutingStrategy kind)
    {
        var c = new Candidates();

        new StrategySet(new SeededRandomSource(1), c.Options).Get(kind).Kind.Should().Be(kind);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_WeightZeroTarget_IsNeverChosenEvenWhenItLooksBest(RoutingStrategy kind)
    {
        var c = new Candidates();
        var list = new[] { c.Make("drained", weight: 0), c.Make("busy-slow"), c.Make("nan", weight: double.NaN) };
        list[0].State.Latency.Record(TimeSpan.FromMilliseconds(1));
        list[1].State.Latency.Record(TimeSpan.FromMilliseconds(5000));
        for (var i = 0; i < 20; i++)
        {
            list[1].State.Enter();
        }

        var strategy = new StrategySet(new SeededRandomSource(2), c.Options).Get(kind);

        Candidates.Count(strategy, list, 2000).Should().Equal(0, 2000, 0);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pick_NothingEligible_ReturnsNone(RoutingStrategy kind)
    {
        var c = new Candidates();
        var strategy = new StrategySet(new SeededRandomSource(3), c.Options).Get(kind);

        strategy.Pick([], default).Should().Be(WeightedSelector.None);
        strategy.Pick([c.Make("a", 0)], default).Should().Be(WeightedSelector.None);
        strategy.Pick([c.Make("a"), c.Make("b")], [true, true]).Should().Be(WeightedSelector.None);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void AttemptOrder_ListsEveryEligibleTargetOnce(RoutingStrategy kind)
    {
        var c = new Candidates();
        var list = new[] { c.Make("a", 5), c.Make("b", 0), c.Make("c", 1), c.Make("d", 2), c.Make("e", 1) };
        var strategy = new StrategySet(new SeededRandomSource(4), c.Options).Get(kind);

        var order = AttemptOrder.Create(strategy, list, [false, false, false, false, true]);

        order.Should().BeEquivalentTo([0, 2, 3]);
    }

    [Fact]
    public void AttemptOrder_Weighted_FirstPositionFollowsTheWeights()
    {
        var c = new Candidates();
        var list = new[] { c.Make("a", 5), c.Make("b", 3), c.Make("c", 1) };
        var strategy = new WeightedStrategy(new SeededRandomSource(5));
        var firsts = new int[3];

        for (var i = 0; i < 20_000; i++)
        {
            firsts[AttemptOrder.Create(strategy, list)[0]]++;
        }

        Statistics.ChiSquare(firsts, StrategyTestMath.Shares(5, 3, 1)).Should().BeLessThan(Statistics.ChiSquareDf2P001);
    }
}
