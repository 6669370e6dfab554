using Switchyard.Domain.Health;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Strategies;

namespace Switchyard.Domain.Tests.Strategies;

public sealed class HybridStrategyTests
{
    private readonly Candidates _c = new();

    [Fact]
    public void Score_HealthyFastIdle_IsTheWeight()
    {
        var a = _c.Make("a", 3);
        a.State.Latency.Record(TimeSpan.FromMilliseconds(100));

        HybridStrategy.Score(a, 100, _c.Options).Should().Be(3);
    }

    [Fact]
    public void Score_MultipliesHealthLatencyAndHeadroom()
    {
        var a = _c.Make("a", 2, rpm: 100, usage: new UsageSnapshot(90, 0));
        a.State.Latency.Record(TimeSpan.FromMilliseconds(200));

        // 1 failure in 4 → health (0.75)² = 0.5625; latency 100/200 = 0.5; headroom 0.5.
        a.State.Health.RecordFailure(AdmissionKind.Normal);
        for (var i = 0; i < 3; i++)
        {
            a.State.Health.RecordSuccess(AdmissionKind.Normal);
        }

        HybridStrategy.Score(a, 100, _c.Options).Should().BeApproximately(2 * 0.5625 * 0.5 * 0.5, 1e-9);
    }

    [Fact]
    public void Score_VerySlowTarget_IsFlooredNotZero()
    {
        var a = _c.Make("a");
        a.State.Latency.Record(TimeSpan.FromSeconds(100));

        HybridStrategy.Score(a, 100, _c.Options).Should().Be(_c.Options.HybridMinimumFactor);
    }

    [Fact]
    public void Pick_SlowerTarget_GetsProportionallyLess()
    {
        var list = new[] { _c.Make("fast"), _c.Make("slow") };
        list[0].State.Latency.Record(TimeSpan.FromMilliseconds(100));
        list[1].State.Latency.Record(TimeSpan.FromMilliseconds(400));

        var counts = Candidates.Count(new HybridStrategy(new SeededRandomSource(18), _c.Options), list, 20_000);

        Statistics.ChiSquare(counts, StrategyTestMath.Shares(1, 0.25)).Should().BeLessThan(StrategyTestMath.ChiSquareDf1P001);
    }

    [Fact]
    public void Pick_OverLimit_GetsNothing()
    {
        var list = new[] { _c.Make("a", 100, rpm: 10, usage: new UsageSnapshot(10, 0)), _c.Make("b", 1) };

        Candidates.Count(new HybridStrategy(new SeededRandomSource(19), _c.Options), list, 1000).Should().Equal(0, 1000);
    }
}
