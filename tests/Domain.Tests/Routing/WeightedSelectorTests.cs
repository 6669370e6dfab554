using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Tests.Routing;

public sealed class WeightedSelectorTests
{
    private const int Draws = 30_000;

    [Fact]
    public void Pick_FiveThreeOne_MatchesSharesWithinChiSquareBound()
    {
        var random = new SeededRandomSource(20240611);
        double[] weights = [5, 3, 1];
        var counts = new int[3];

        for (var i = 0; i < Draws; i++)
        {
            counts[WeightedSelector.Pick(weights, random)]++;
        }

        Statistics.ChiSquare(counts, WeightShares.Normalize(weights)).Should().BeLessThan(Statistics.ChiSquareDf2P001);
    }

    [Fact]
    public void Pick_BiasedTowardsFirst_FailsTheSameChiSquareBound()
    {
        // Guards the test above: a selector that ignored the weights would be caught by the same bound.
        var counts = new[] { Draws / 3, Draws / 3, Draws / 3 };

        Statistics.ChiSquare(counts, WeightShares.Normalize([5, 3, 1])).Should().BeGreaterThan(Statistics.ChiSquareDf2P001);
    }

    [Fact]
    public void Pick_ZeroWeight_IsNeverChosen()
    {
        var random = new SeededRandomSource(7);
        double[] weights = [0, 1, 0, 1e-9, 0];
        var counts = new int[weights.Length];

        for (var i = 0; i < 100_000; i++)
        {
            counts[WeightedSelector.Pick(weights, random)]++;
        }

        counts[0].Should().Be(0);
        counts[2].Should().Be(0);
        counts[4].Should().Be(0);
        counts[1].Should().Be(100_000 - counts[3]);
    }

    [Fact]
    public void Pick_ZeroWeightAtTheEnd_NotChosenEvenWhenTheDrawIsAtTheTop()
    {
        WeightedSelector.Pick([1, 0], new FixedRandom(0.9999999999999999)).Should().Be(0);
        WeightedSelector.Pick([1, 0], new FixedRandom(1.0)).Should().Be(0);
    }

    [Fact]
    public void Pick_Excluded_IsNeverChosenAndTheRestKeepTheirProportions()
    {
        var random = new SeededRandomSource(99);
        double[] weights = [5, 3, 1, 10];
        bool[] excluded = [false, false, false, true];
        var counts = new int[4];

        for (var i = 0; i < Draws; i++)
        {
            counts[WeightedSelector.Pick(weights, random, excluded)]++;
        }

        counts[3].Should().Be(0);
        Statistics.ChiSquare(counts[..3], WeightShares.Normalize([5, 3, 1])).Should().BeLessThan(Statistics.ChiSquareDf2P001);
    }

    [Fact]
    public void Pick_ExclusionSpanShorterThanWeights_TreatsTheRestAsIncluded()
    {
        WeightedSelector.Pick([1, 1], new FixedRandom(0), [true]).Should().Be(1);
    }

    [Fact]
    public void Pick_EverythingExcludedOrZero_ReturnsNone()
    {
        WeightedSelector.Pick([1, 0, 2], new SeededRandomSource(1), [true, false, true]).Should().Be(WeightedSelector.None);
        WeightedSelector.Pick([0, 0], new SeededRandomSource(1)).Should().Be(WeightedSelector.None);
        WeightedSelector.Pick(ReadOnlySpan<double>.Empty, new SeededRandomSource(1)).Should().Be(WeightedSelector.None);
    }

    [Fact]
    public void Pick_InvalidWeights_AreNeverChosen()
    {
        var random = new SeededRandomSource(3);
        for (var i = 0; i < 1_000; i++)
        {
            WeightedSelector.Pick([double.NaN, -1, double.PositiveInfinity, 2], random).Should().Be(3);
        }
    }

    [Fact]
    public void Pick_HugeWeights_SplitEvenly()
    {
        WeightedSelector.Pick([double.MaxValue, double.MaxValue], new FixedRandom(0.25)).Should().Be(0);
        WeightedSelector.Pick([double.MaxValue, double.MaxValue], new FixedRandom(0.75)).Should().Be(1);
    }

    [Fact]
    public void Pick_RouteTargets_UsesTheirWeights()
    {
        var connection = TestData.ConnectionRoute("a");
        RouteTarget[] targets = [new(connection, "m0", 0), new(connection, "m1", 1)];

        WeightedSelector.Pick(targets, new SeededRandomSource(5)).Should().Be(1);
        WeightedSelector.Pick(targets, new SeededRandomSource(5), [false, true]).Should().Be(WeightedSelector.None);
    }

    [Fact]
    public void Pick_ManyTargets_WorksBeyondTheStackBuffer()
    {
        var connection = TestData.ConnectionRoute("a");
        var targets = Enumerable.Range(0, 500).Select(i => new RouteTarget(connection, $"m{i}", i == 321 ? 1 : 0)).ToArray();

        WeightedSelector.Pick(targets, new SeededRandomSource(5)).Should().Be(321);
    }

    [Fact]
    public void Pick_DoesNotAllocate()
    {
        var random = new SeededRandomSource(1);
        double[] weights = [5, 3, 1, 4];
        bool[] excluded = [false, true, false, false];
        WeightedSelector.Pick(weights, random, excluded);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            WeightedSelector.Pick(weights, random, excluded);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    private sealed class FixedRandom(double value) : IRandomSource
    {
        public double NextDouble() => value;
    }
}
