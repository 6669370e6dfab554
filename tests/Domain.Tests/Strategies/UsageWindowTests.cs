using Switchyard.Domain.Strategies;
using Switchyard.Domain.Tests.Health;

namespace Switchyard.Domain.Tests.Strategies;

public sealed class UsageWindowTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void TryAcquire_StopsAtTheRpmLimitAndFreesUpAsTheWindowSlides()
    {
        var window = new UsageWindow(_clock);
        for (var i = 0; i < 5; i++)
        {
            window.TryAcquire(5, null).Should().BeTrue();
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        window.TryAcquire(5, null).Should().BeFalse();
        window.Current.Requests.Should().Be(5);

        // The first request was 50 s ago; 10 more seconds and it leaves the 60 s window.
        _clock.Advance(TimeSpan.FromSeconds(10));
        window.Current.Requests.Should().Be(4);
        window.TryAcquire(5, null).Should().BeTrue();
    }

    [Fact]
    public void TryAcquire_TokensAtTheTpmLimit_Refuses()
    {
        var window = new UsageWindow(_clock);
        window.TryAcquire(null, 1000).Should().BeTrue();
        window.AddTokens(1000);

        window.TryAcquire(null, 1000).Should().BeFalse();
        window.Current.Should().Be(new UsageSnapshot(1, 1000));
    }

    [Fact]
    public void TryAcquire_ManyThreads_NeverExceedsTheLimit()
    {
        var window = new UsageWindow(_clock);
        var granted = 0;

        Parallel.For(0, 1000, _ =>
        {
            if (window.TryAcquire(100, null))
            {
                Interlocked.Increment(ref granted);
            }
        });

        granted.Should().Be(100);
    }
}
