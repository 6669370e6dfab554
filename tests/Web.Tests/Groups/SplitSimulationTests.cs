using Switchyard.Domain.Routing;
using Switchyard.Web.Features.Groups;

namespace Switchyard.Web.Tests.Groups;

public sealed class SplitSimulationTests
{
    [Fact]
    public void Run_ThreeToOne_MatchesTheConfiguredSplitWithinChiSquareBound()
    {
        var counts = SplitSimulation.Run([3, 1], new SeededRandomSource(20261121), draws: 1000);

        counts.Sum().Should().Be(1000);
        double[] expected = [750, 250];
        var chiSquare = counts.Select((observed, i) => Math.Pow(observed - expected[i], 2) / expected[i]).Sum();

        // df = 1, p = 0.001.
        chiSquare.Should().BeLessThan(10.83);
    }

    [Fact]
    public void Run_WeightZero_NeverPicksThatTarget()
    {
        var counts = SplitSimulation.Run([1, 0, 2], new SeededRandomSource(7));

        counts[1].Should().Be(0);
        counts.Sum().Should().Be(SplitSimulation.DefaultDraws);
    }

    [Fact]
    public void Run_AllZero_DrawsNothing()
    {
        SplitSimulation.Run([0, 0], new SeededRandomSource(7)).Should().Equal(0, 0);
    }
}
