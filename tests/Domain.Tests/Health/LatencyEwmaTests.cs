using Switchyard.Domain.Health;

namespace Switchyard.Domain.Tests.Health;

public sealed class LatencyEwmaTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void Milliseconds_NoSample_IsNull()
    {
        new LatencyEwma(new LatencyOptions(), _clock).Milliseconds.Should().BeNull();
    }

    [Fact]
    public void Record_FirstSampleTakenAsIsThenAveraged()
    {
        var ewma = new LatencyEwma(new LatencyOptions { Alpha = 0.5 }, _clock);

        ewma.Record(TimeSpan.FromMilliseconds(100));
        ewma.Milliseconds.Should().Be(100);

        ewma.Record(TimeSpan.FromMilliseconds(200));
        ewma.Milliseconds.Should().Be(150);

        ewma.Record(TimeSpan.FromMilliseconds(50));
        ewma.Milliseconds.Should().Be(100);
    }

    [Fact]
    public void Milliseconds_NotRefreshedForStaleAfter_ReadsAsUnknownAndRestartsFromTheNextSample()
    {
        var ewma = new LatencyEwma(new LatencyOptions { Alpha = 0.2, StaleAfter = TimeSpan.FromSeconds(30) }, _clock);
        ewma.Record(TimeSpan.FromMilliseconds(5000));

        _clock.Advance(TimeSpan.FromSeconds(29));
        ewma.Milliseconds.Should().Be(5000);
        _clock.Advance(TimeSpan.FromSeconds(1));
        ewma.Milliseconds.Should().BeNull();

        ewma.Record(TimeSpan.FromMilliseconds(80));
        ewma.Milliseconds.Should().Be(80);
    }

    [Fact]
    public void Validate_AlphaOutOfRange_Throws()
    {
        new LatencyOptions { Alpha = 0 }.Invoking(o => o.Validate()).Should().Throw<ArgumentException>();
        new LatencyOptions { Alpha = 1.5 }.Invoking(o => o.Validate()).Should().Throw<ArgumentException>();
    }
}
