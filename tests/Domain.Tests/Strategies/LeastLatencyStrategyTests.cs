using Switchyard.Domain.Routing;
using Switchyard.Domain.Strategies;

namespace Switchyard.Domain.Tests.Strategies;

public sealed class LeastLatencyStrategyTests
{
    private readonly Candidates _c = new();

    [Fact]
    public void Pick_SlowTargetOutsideTheBand_IsNeverChosenAndNearEqualsShareByWeight()
    {
        var list = new[] { _c.Make("fast", 3), _c.Make("near", 1), _c.Make("slow", 10) };
        list[0].State.Latency.Record(TimeSpan.FromMilliseconds(400));
        list[1].State.Latency.Record(TimeSpan.FromMilliseconds(450)); // within 20 % + 25 ms of 400
        list[2].State.Latency.Record(TimeSpan.FromMilliseconds(900));

        var counts = Candidates.Count(new LeastLatencyStrategy(new SeededRandomSource(8), _c.Options), list, 20_000);

        counts[2].Should().Be(0);
        Statistics.ChiSquare(counts[..2], [0.75, 0.25]).Should().BeLessThan(StrategyTestMath.ChiSquareDf1P001);
    }

    [Fact]
    public void Pick_AbsoluteTolerance_TreatsTinyDifferencesAsEqual()
    {
        var list = new[] { _c.Make("a"), _c.Make("b") };
        list[0].State.Latency.Record(TimeSpan.FromMilliseconds(8));
        list[1].State.Latency.Record(TimeSpan.FromMilliseconds(20)); // 150 % slower, but 12 ms < 25 ms slack

        var counts = Candidates.Count(new LeastLatencyStrategy(new SeededRandomSource(9), _c.Options), list, 10_000);

        Statistics.ChiSquare(counts, [0.5, 0.5]).Should().BeLessThan(StrategyTestMath.ChiSquareDf1P001);
    }

    [Fact]
    public void Pick_UnmeasuredTarget_IsProbed()
    {
        var list = new[] { _c.Make("measured"), _c.Make("new") };
        list[0].State.Latency.Record(TimeSpan.FromMilliseconds(100));

        var counts = Candidates.Count(new LeastLatencyStrategy(new SeededRandomSource(10), _c.Options), list, 1000);

        counts[1].Should().BeGreaterThan(400);
    }

    [Fact]
    public void Pick_SlowTargetWhoseMeasurementWentStale_GetsTrafficAgain()
    {
        var list = new[] { _c.Make("fast"), _c.Make("slow") };
        list[1].State.Latency.Record(TimeSpan.FromMilliseconds(5000));
        list[0].State.Latency.Record(TimeSpan.FromMilliseconds(100));
        var strategy = new LeastLatencyStrategy(new SeededRandomSource(11), _c.Options);
        Candidates.Count(strategy, list, 1000)[1].Should().Be(0);

        // Keep "fast" fresh; "slow" is not measured for longer than StaleAfter.
        _c.Clock.Advance(TimeSpan.FromSeconds(31));
        list[0].State.Latency.Record(TimeSpan.FromMilliseconds(100));

        Candidates.Count(strategy, list, 1000)[1].Should().BeGreaterThan(0);
    }

    [Fact]
    public void Pick_FastestExcluded_BandIsRelativeToTheFastestRemaining()
    {
        var list = new[] { _c.Make("fastest"), _c.Make("medium"), _c.Make("slow") };
        list[0].State.Latency.Record(TimeSpan.FromMilliseconds(100));
        list[1].State.Latency.Record(TimeSpan.FromMilliseconds(1000));
        list[2].State.Latency.Record(TimeSpan.FromMilliseconds(3000));

        var counts = Candidates.Count(new LeastLatencyStrategy(new SeededRandomSource(12), _c.Options), list, 1000, [true, false, false]);

        counts.Should().Equal(0, 1000, 0);
    }
}
