using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Tests.Routing;

public sealed class WeightedOrderTests
{
    [Fact]
    public void Create_PositiveWeights_PutsEachIndexExactlyOnce()
    {
        var random = new SeededRandomSource(11);
        for (var round = 0; round < 1_000; round++)
        {
            WeightedOrder.Create([5, 3, 1, 0.5, 2], random).Should().BeEquivalentTo([0, 1, 2, 3, 4]);
        }
    }

    [Fact]
    public void Create_FirstPosition_FollowsTheWeights()
    {
        var random = new SeededRandomSource(12345);
        double[] weights = [5, 3, 1];
        var firsts = new int[3];
        for (var i = 0; i < 30_000; i++)
        {
            firsts[WeightedOrder.Create(weights, random)[0]]++;
        }

        Statistics.ChiSquare(firsts, WeightShares.Normalize(weights)).Should().BeLessThan(Statistics.ChiSquareDf2P001);
    }

    [Fact]
    public void Create_SecondPosition_FollowsTheWeightsOfTheRest()
    {
        // Without replacement: given 0 came first, 1 and 2 follow in proportion 3 : 1.
        var random = new SeededRandomSource(777);
        double[] weights = [5, 3, 1];
        var seconds = new int[2];
        var total = 0;
        while (total < 20_000)
        {
            var order = WeightedOrder.Create(weights, random);
            if (order[0] == 0)
            {
                seconds[order[1] - 1]++;
                total++;
            }
        }

        var expected = 0.75 * total;
        var chi = ((seconds[0] - expected) * (seconds[0] - expected) / expected)
            + ((seconds[1] - (total - expected)) * (seconds[1] - (total - expected)) / (total - expected));
        chi.Should().BeLessThan(10.83); // df = 1, p = 0.001
    }

    [Fact]
    public void Create_ZeroWeightAndExcluded_AreLeftOut()
    {
        var order = WeightedOrder.Create([1, 0, 2, 3], new SeededRandomSource(1), [false, false, false, true]);

        order.Should().BeEquivalentTo([0, 2]);
    }

    [Fact]
    public void Fill_DestinationTooSmall_Throws()
    {
        var act = () => WeightedOrder.Fill([1, 1, 1], new SeededRandomSource(1), new int[2]);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Order_Targets_ReturnsTheRoutableOnesOnce()
    {
        var connection = TestData.ConnectionRoute("a");
        RouteTarget[] targets = [new(connection, "a", 2), new(connection, "b", 0), new(connection, "c", 1)];

        var order = WeightedOrder.Order(targets, new SeededRandomSource(4), [true]);

        order.Select(t => t.Model).Should().BeEquivalentTo(["c"]);
    }
}
