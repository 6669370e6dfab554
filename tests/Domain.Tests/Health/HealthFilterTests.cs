using Switchyard.Domain.Health;
using Switchyard.Domain.Tests.Strategies;

namespace Switchyard.Domain.Tests.Health;

public sealed class HealthFilterTests
{
    private readonly Candidates _c = new();

    [Fact]
    public void Apply_OneInCooldown_ExcludesItAndReportsNoBypass()
    {
        var list = new[] { _c.Make("a"), _c.Make("b"), _c.Make("c") };
        list[1].State.Health.Cooldown(TimeSpan.FromSeconds(30));
        var excluded = new bool[3];

        HealthFilter.Apply(list, excluded).Should().BeFalse();

        excluded.Should().Equal(false, true, false);
    }

    [Fact]
    public void Apply_AllInCooldown_ExcludesNothingAndReportsBypass()
    {
        var list = new[] { _c.Make("a"), _c.Make("b") };
        foreach (var candidate in list)
        {
            candidate.State.Health.Cooldown(TimeSpan.FromSeconds(30));
        }

        var excluded = new bool[2];

        HealthFilter.Apply(list, excluded).Should().BeTrue();

        excluded.Should().Equal(false, false);
    }

    [Fact]
    public void Apply_OnlyAWeightZeroTargetIsHealthy_StillBypasses()
    {
        // A drained target being healthy does not help: it receives nothing either way.
        var list = new[] { _c.Make("a"), _c.Make("drained", weight: 0) };
        list[0].State.Health.Cooldown(TimeSpan.FromSeconds(30));
        var excluded = new bool[2];

        HealthFilter.Apply(list, excluded).Should().BeTrue();
    }

    [Fact]
    public void Apply_TheOnlyHealthyOneIsAlreadyExcluded_Bypasses()
    {
        var list = new[] { _c.Make("a"), _c.Make("b") };
        list[1].State.Health.Cooldown(TimeSpan.FromSeconds(30));
        var excluded = new[] { true, false };

        HealthFilter.Apply(list, excluded).Should().BeTrue();

        excluded.Should().Equal(true, false);
    }

    [Fact]
    public void Apply_NoRoutableCandidates_IsNotABypass()
    {
        var list = new[] { _c.Make("a", weight: 0) };

        HealthFilter.Apply(list, new bool[1]).Should().BeFalse();
    }

    [Fact]
    public void Apply_TargetBackAfterCooldown_IsNotExcluded()
    {
        var list = new[] { _c.Make("a"), _c.Make("b") };
        list[0].State.Health.Cooldown(TimeSpan.FromSeconds(30));
        _c.Clock.Advance(TimeSpan.FromSeconds(30));
        var excluded = new bool[2];

        HealthFilter.Apply(list, excluded).Should().BeFalse();

        excluded.Should().Equal(false, false);
    }
}
