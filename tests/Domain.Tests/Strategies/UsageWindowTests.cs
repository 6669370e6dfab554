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

    [Fact]
    public void TryAcquireWithoutLimitsAndAddTokens_FromManyThreads_CountEveryRequestAndToken()
    {
        // The path taken while Redis is up: the in-process window mirrors every request, without a lock.
        var window = new UsageWindow(_clock);

        Concurrently.Run(threads: 8, each: 5_000, (_, i) =>
        {
            window.TryAcquire(null, null).Should().BeTrue();
            window.AddTokens(i % 3);
        });

        // Tokens: the sum of i % 3 for i < 5,000 is 1,666 × (0 + 1 + 2) + 0 + 1 = 4,999 per thread.
        window.Current.Should().Be(new UsageSnapshot(40_000, 8 * 4_999));
    }
}
