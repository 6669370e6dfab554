using Switchyard.Gateway.Resilience;
using Switchyard.Gateway.Tests.Observability;
using Switchyard.TestCommon;

namespace Switchyard.Gateway.Tests.Resilience;

public sealed class StickyAssignmentsTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    private static StickyAssignments Sticky(Redis.IRedisStore store, TimeProvider? time = null) =>
        new(store, time ?? TimeProvider.System, new StickyOptions());

    [Fact]
    public async Task AssignedOnOneInstance_IsSeenByTheOther()
    {
        var prefix = RedisStores.NewPrefix();
        await using var storeA = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, prefix);
        await using var storeB = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, prefix);
        var (a, b) = (Sticky(storeA), Sticky(storeB));
        var key = StickyAssignments.KeyFor(Guid.NewGuid(), Guid.NewGuid(), "hash1");

        (await a.AssignAsync(key, "target-1", Ttl, replacing: null)).Should().Be("target-1");

        (await b.GetAsync(key)).Should().Be("target-1");
    }

    [Fact]
    public async Task ConcurrentFirstAssignments_AllAdoptOneWinner()
    {
        var prefix = RedisStores.NewPrefix();
        await using var storeA = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, prefix);
        await using var storeB = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, prefix);
        var (a, b) = (Sticky(storeA), Sticky(storeB));
        var key = StickyAssignments.KeyFor(Guid.NewGuid(), Guid.NewGuid(), "race");

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? a : b).AssignAsync(key, $"proposal-{i}", Ttl, replacing: null).AsTask()));

        results.Distinct().Should().ContainSingle();
        (await a.GetAsync(key)).Should().Be(results[0]);
        (await b.GetAsync(key)).Should().Be(results[0]);
    }

    [Fact]
    public async Task Repin_ReplacesOnlyTheExpectedValue()
    {
        var prefix = RedisStores.NewPrefix();
        await using var storeA = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, prefix);
        await using var storeB = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, prefix);
        var (a, b) = (Sticky(storeA), Sticky(storeB));
        var key = StickyAssignments.KeyFor(Guid.NewGuid(), Guid.NewGuid(), "repin");
        await a.AssignAsync(key, "old", Ttl, replacing: null);

        // Both instances see "old" drained and re-pin at once, each proposing something else: the first wins.
        var first = await a.AssignAsync(key, "new-a", Ttl, replacing: "old");
        var second = await b.AssignAsync(key, "new-b", Ttl, replacing: "old");

        first.Should().Be("new-a");
        second.Should().Be("new-a");
        (await b.GetAsync(key)).Should().Be("new-a");
    }

    [Fact]
    public async Task Assignment_IsStoredInRedisWithItsTtl()
    {
        await using var store = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, RedisStores.NewPrefix());
        var key = StickyAssignments.KeyFor(Guid.NewGuid(), Guid.NewGuid(), "ttl");

        await Sticky(store).AssignAsync(key, "t", Ttl, replacing: null);

        var remaining = await RedisStores.RemainingTtlMsAsync(store, key);
        TimeSpan.FromMilliseconds(remaining).Should().BeGreaterThan(Ttl - TimeSpan.FromMinutes(1)).And.BeLessThanOrEqualTo(Ttl);
    }

    [Fact]
    public async Task Assignment_ExpiresWithItsTtl_AndTheNextProposalWins()
    {
        // Nothing is read in between: under load a 300 ms TTL may pass before a read comes back.
        await using var store = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, RedisStores.NewPrefix());
        var sticky = Sticky(store);
        var key = StickyAssignments.KeyFor(Guid.NewGuid(), Guid.NewGuid(), "ttl");

        (await sticky.AssignAsync(key, "t1", TimeSpan.FromMilliseconds(300), replacing: null)).Should().Be("t1");

        await Eventually.TrueAsync(async () => await sticky.GetAsync(key) is null, TimeSpan.FromSeconds(10), "TTL of 300 ms");
        (await sticky.AssignAsync(key, "t2", Ttl, replacing: null)).Should().Be("t2");
        (await Sticky(store).GetAsync(key)).Should().Be("t2", "Redis holds the new winner too");
    }

    [Fact]
    public async Task WithoutRedis_TheInProcessTierKeepsAssignments()
    {
        await using var store = RedisStores.Disabled();
        var time = new ManualTimeProvider();
        var sticky = Sticky(store, time);
        var key = StickyAssignments.KeyFor(Guid.NewGuid(), Guid.NewGuid(), "local");

        (await sticky.AssignAsync(key, "t1", TimeSpan.FromMinutes(10), replacing: null)).Should().Be("t1");
        time.Advance(TimeSpan.FromMinutes(9));
        (await sticky.GetAsync(key)).Should().Be("t1");
        time.Advance(TimeSpan.FromMinutes(1));
        (await sticky.GetAsync(key)).Should().BeNull();
    }

    [Fact]
    public async Task AssignmentsMadeDuringAnOutage_AreWrittenBackWhenRedisReturns()
    {
        await using var server = await RedisServerProcess.StartAsync();
        var prefix = RedisStores.NewPrefix();
        await using var storeA = await RedisStores.StartAsync(server.Configuration, prefix);
        await using var storeB = await RedisStores.StartAsync(server.Configuration, prefix);
        var (a, b) = (Sticky(storeA), Sticky(storeB));
        var key = StickyAssignments.KeyFor(Guid.NewGuid(), Guid.NewGuid(), "outage");

        await server.StopAsync();
        await Eventually.TrueAsync(() => !storeA.IsAvailable, TimeSpan.FromSeconds(5));
        (await a.AssignAsync(key, "pinned-while-down", Ttl, replacing: null)).Should().Be("pinned-while-down");
        (await a.GetAsync(key)).Should().Be("pinned-while-down");

        await server.StartAgainAsync();
        await Eventually.TrueAsync(() => storeA.IsAvailable && storeB.IsAvailable, TimeSpan.FromSeconds(10));

        // A's next read finds Redis empty (it restarted) and shares its assignment; B then sees the same.
        (await a.GetAsync(key)).Should().Be("pinned-while-down");
        (await b.GetAsync(key)).Should().Be("pinned-while-down");
    }
}
