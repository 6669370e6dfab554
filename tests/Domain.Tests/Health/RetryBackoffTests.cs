using Switchyard.Domain.Health;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Tests.Health;

public sealed class RetryBackoffTests
{
    private static readonly RetryBackoffOptions Options = new()
    {
        MaxRetries = 5,
        BaseDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromMilliseconds(1000),
        MaxRetryAfter = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public void Ceiling_DoublesPerRetryAndIsCapped()
    {
        var backoff = new RetryBackoff(Options, new FixedRandom(0.5));

        Enumerable.Range(0, 6).Select(r => backoff.Ceiling(r).TotalMilliseconds)
            .Should().Equal(100, 200, 400, 800, 1000, 1000);
        backoff.Ceiling(1000).Should().Be(TimeSpan.FromMilliseconds(1000));
    }

    [Fact]
    public void NextDelay_FullJitter_IsUniformBelowTheCeiling()
    {
        var backoff = new RetryBackoff(Options, new SeededRandomSource(42));
        var delays = Enumerable.Range(0, 20_000).Select(_ => backoff.NextDelay(2, null)!.Value.TotalMilliseconds).ToArray();

        delays.Should().OnlyContain(d => d >= 0 && d < 400);

        // Uniform on [0, 400): mean 200, standard error 400/sqrt(12)/sqrt(20000) ≈ 0.82 ms; allow 5 standard errors.
        delays.Average().Should().BeApproximately(200, 4.1);
        delays.Count(d => d < 200).Should().BeInRange(9_700, 10_300);
    }

    [Fact]
    public void NextDelay_RetryAfter_IsAFloorOnTheWait()
    {
        var backoff = new RetryBackoff(Options, new FixedRandom(0.5));

        backoff.NextDelay(0, TimeSpan.FromSeconds(2)).Should().Be(TimeSpan.FromSeconds(2));
        backoff.NextDelay(3, TimeSpan.FromMilliseconds(10)).Should().Be(TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public void NextDelay_RetryAfterBeyondTheCap_MeansNoRetry()
    {
        var backoff = new RetryBackoff(Options, new FixedRandom(0.5));

        backoff.NextDelay(0, TimeSpan.FromSeconds(11)).Should().BeNull();
        backoff.NextDelay(0, TimeSpan.FromSeconds(10)).Should().Be(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void NextDelay_AfterMaxRetries_MeansNoRetry()
    {
        var backoff = new RetryBackoff(Options, new FixedRandom(0.5));

        backoff.NextDelay(4, null).Should().NotBeNull();
        backoff.NextDelay(5, null).Should().BeNull();
        new RetryBackoff(new RetryBackoffOptions { MaxRetries = 0 }, new FixedRandom(0.5)).NextDelay(0, null).Should().BeNull();
    }

    [Fact]
    public void NextDelay_LongerThanTheTimeLeft_MeansNoRetry()
    {
        var backoff = new RetryBackoff(Options, new FixedRandom(0.5));

        backoff.NextDelay(0, TimeSpan.FromSeconds(2), remaining: TimeSpan.FromSeconds(1)).Should().BeNull();
        backoff.NextDelay(0, TimeSpan.FromSeconds(2), remaining: TimeSpan.FromSeconds(3)).Should().Be(TimeSpan.FromSeconds(2));
    }

    private sealed class FixedRandom(double value) : IRandomSource
    {
        public double NextDouble() => value;
    }
}
