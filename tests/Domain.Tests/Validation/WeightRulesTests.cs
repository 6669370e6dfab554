using Switchyard.Domain.Validation;

namespace Switchyard.Domain.Tests.Validation;

public sealed class WeightRulesTests
{
    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    [InlineData(-1, "-1")]
    [InlineData(-0.5, "-0.5")]
    public void Check_InvalidWeight_NamesFieldAndValue(double weight, string shown)
    {
        var error = WeightRules.Check(weight, "targets[1].weight");

        error.Should().Be(new ValidationError("targets[1].weight", $"targets[1].weight must be a finite number ≥ 0 (got {shown})"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(0.001)]
    [InlineData(1e300)]
    public void Check_FiniteNonNegative_Passes(double weight)
    {
        WeightRules.Check(weight, "w").Should().BeNull();
    }

    [Fact]
    public void IsRoutable_Zero_IsValidButNotRoutable()
    {
        WeightRules.IsValid(0).Should().BeTrue();
        WeightRules.IsRoutable(0).Should().BeFalse();
    }
}
