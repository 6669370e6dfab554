using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Tests.Routing;

public sealed class WeightSharesTests
{
    [Fact]
    public void Normalize_FiveThreeOne_GivesDesignShares()
    {
        var shares = WeightShares.Normalize([5, 3, 1]);

        shares[0].Should().BeApproximately(0.556, 0.0005);
        shares[1].Should().BeApproximately(0.333, 0.0005);
        shares[2].Should().BeApproximately(0.111, 0.0005);
        shares.Sum().Should().BeApproximately(1, 1e-12);
    }

    [Fact]
    public void Normalize_AllZero_GivesAllZeros()
    {
        WeightShares.Normalize([0, 0, 0]).Should().Equal(0, 0, 0);
    }

    [Fact]
    public void Normalize_Empty_GivesEmpty()
    {
        WeightShares.Normalize([]).Should().BeEmpty();
    }

    [Fact]
    public void Normalize_InvalidWeights_CountAsZeroWithoutThrowing()
    {
        var shares = WeightShares.Normalize([double.NaN, 2, double.PositiveInfinity, -4, 2]);

        shares.Should().Equal(0, 0.5, 0, 0, 0.5);
    }

    [Fact]
    public void Normalize_HugeWeights_StayFinite()
    {
        var shares = WeightShares.Normalize([double.MaxValue, double.MaxValue]);

        shares.Should().Equal(0.5, 0.5);
    }

    [Fact]
    public void Normalize_DoesNotModifyInput()
    {
        double[] weights = [2, 2];

        WeightShares.Normalize(weights);

        weights.Should().Equal(2, 2);
    }
}
