using Switchyard.Domain.Routing;
using Switchyard.Domain.Strategies;

namespace Switchyard.Domain.Tests.Strategies;

public sealed class LeastOutstandingStrategyTests
{
    private readonly Candidates _c = new();

    [Fact]
    public void Pick_TwoTargets_AlwaysTheOneWithLessLoadPerWeight()
    {
        var list = new[] { _c.Make("a", 1), _c.Make("b", 1) };
        Enter(list[0], 3);
        Enter(list[1], 1);

        var counts = Candidates.Count(new LeastOutstandingStrategy(new SeededRandomSource(3)), list, 1000);

        counts.Should().Equal(0, 1000);
    }

    [Fact]
    public void Pick_HeavierTargetCarriesProportionallyMore()
    {
        // a: weight 4 with 7 in flight → (7+1)/4 = 2; b: weight 1 with 2 in flight → (2+1)/1 = 3. a is less loaded.
        var list = new[] { _c.Make("a", 4), _c.Make("b", 1) };
        Enter(list[0], 7);
        Enter(list[1], 2);

        Candidates.Count(new LeastOutstandingStrategy(new SeededRandomSource(4)), list, 1000).Should().Equal(1000, 0);
    }

    [Fact]
    public void Pick_BusiestOfThree_IsNeverChosen()
    {
        var list = new[] { _c.Make("a"), _c.Make("b"), _c.Make("busy") };
        Enter(list[2], 10);

        var counts = Candidates.Count(new LeastOutstandingStrategy(new SeededRandomSource(5)), list, 10_000);

        counts[2].Should().Be(0);
        Statistics.ChiSquare(counts[..2], [0.5, 0.5]).Should().BeLessThan(StrategyTestMath.ChiSquareDf1P001);
    }

    [Fact]
    public void Pick_OnlyOneEligible_PicksIt()
    {
        var list = new[] { _c.Make("a"), _c.Make("b") };
        Enter(list[0], 100);

        new LeastOutstandingStrategy(new SeededRandomSource(6)).Pick(list, [false, true]).Should().Be(0);
    }

    [Fact]
    public void Pick_IdleWeightZeroTarget_IsNeverChosenOverABusyOne()
    {
        var list = new[] { _c.Make("busy"), _c.Make("drained", weight: 0) };
        Enter(list[0], 100);

        Candidates.Count(new LeastOutstandingStrategy(new SeededRandomSource(7)), list, 1000).Should().Equal(1000, 0);
    }

    private static void Enter(StrategyCandidate candidate, int times)
    {
        for (var i = 0; i < times; i++)
        {
            candidate.State.Enter();
        }
    }
}
