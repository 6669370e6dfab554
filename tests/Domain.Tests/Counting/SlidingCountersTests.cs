using Switchyard.Domain.Counting;

namespace Switchyard.Domain.Tests.Counting;

public sealed class SlidingCountersTests
{
    // A 10-unit window in 5 buckets of 2 units.
    private readonly SlidingCounters _counters = new(window: 10, buckets: 5);

    [Fact]
    public void Totals_CountWhatIsInsideTheWindowAndDropOldBucketsOneByOne()
    {
        _counters.Add(0, 1, 0);
        _counters.Add(3, 2, 1);
        _counters.Add(9, 4, 4);

        _counters.Totals(9).Should().Be((7L, 5L));
        _counters.Totals(10).Should().Be((6L, 5L), "the bucket of time 0 (0–1) left the window at 10");
        _counters.Totals(14).Should().Be((4L, 4L));
        _counters.Totals(20).Should().Be((0L, 0L));
    }

    [Fact]
    public void Add_ToABucketAWholeWindowLater_StartsItFromZero()
    {
        _counters.Add(1, 5, 5);
        _counters.Add(11, 1, 0); // the same slot of the ring, one window later

        _counters.Totals(11).Should().Be((1L, 0L));
    }

    [Fact]
    public void Add_OlderThanTheWindow_IsIgnoredAndDoesNotResetNewerCounts()
    {
        _counters.Add(11, 3, 0);
        _counters.Add(1, 100, 100); // same slot, a window earlier: a late report of a long request

        _counters.Totals(11).Should().Be((3L, 0L));
    }

    [Fact]
    public void Clear_ForgetsEverything()
    {
        _counters.Add(2, 1, 1);
        _counters.Clear();

        _counters.Totals(2).Should().Be((0L, 0L));
        _counters.Add(2, 1, 0);
        _counters.Totals(2).Should().Be((1L, 0L));
    }

    [Fact]
    public void Add_FromManyThreadsWhileBucketsRotate_LosesNoCountInsideTheWindow()
    {
        // Every thread walks the same 10 time units (each bucket rotated in by whoever gets there first), so
        // rotation and counting race; all of it stays inside one window at time 9.
        var counters = new SlidingCounters(window: 10, buckets: 5);
        Concurrently.Run(threads: 8, each: 10_000, (_, i) => counters.Add(i * 10 / 10_000, 1, i % 2));

        counters.Totals(9).Should().Be((80_000L, 40_000L));
    }

    [Fact]
    public void Totals_ReadWhileCounting_NeverShowMoreSecondThanFirst()
    {
        var counters = new SlidingCounters(window: 10, buckets: 5);
        var violations = 0;

        Concurrently.Run(threads: 4, each: 20_000, (thread, _) =>
        {
            if (thread == 0)
            {
                var (first, second) = counters.Totals(0);
                if (second > first)
                {
                    Interlocked.Increment(ref violations);
                }
            }
            else
            {
                counters.Add(0, 1, 1);
            }
        });

        violations.Should().Be(0);
        counters.Totals(0).Should().Be((60_000L, 60_000L));
    }
}
