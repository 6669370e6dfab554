using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Domain.Health;
using Switchyard.Gateway.Redis;
using Switchyard.Gateway.Resilience;
using Switchyard.Gateway.Tests.Observability;
using Switchyard.TestCommon;
using Xunit.Abstractions;

namespace Switchyard.Gateway.Tests.Resilience;

public sealed class SharedCooldownsTests(ITestOutputHelper output)
{
    private static (TargetStateRegistry Registry, SharedCooldowns Cooldowns) Instance(IRedisStore store)
    {
        var registry = new TargetStateRegistry(new PassiveHealthOptions(), new LatencyOptions(), TimeProvider.System);
        return (registry, new SharedCooldowns(store, registry, new GatewayInstance(), NullLogger<SharedCooldowns>.Instance));
    }

    [Fact]
    public async Task CooldownOpenedOnOneInstance_ReachesTheOtherWellWithinASecond_AndEndsThereWhenClosed()
    {
        var prefix = RedisStores.NewPrefix();
        await using var storeA = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, prefix);
        await using var storeB = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, prefix);
        var a = Instance(storeA);
        var b = Instance(storeB);
        await a.Cooldowns.StartAsync(CancellationToken.None);
        await b.Cooldowns.StartAsync(CancellationToken.None);
        var warmup = new TargetKey(Guid.NewGuid(), "warmup");

        // Wait until B's subscription is live (it is made in the background).
        await Eventually.TrueAsync(async () =>
        {
            await a.Cooldowns.PublishOpenedAsync(warmup, TimeSpan.FromSeconds(1));
            return b.Registry.TryGet(warmup, out var state) && state.Health.Status == HealthStatus.Open;
        }, TimeSpan.FromSeconds(5));

        var key = new TargetKey(Guid.NewGuid(), "gpt-4o-mini");
        var clock = Stopwatch.StartNew();
        await a.Cooldowns.PublishOpenedAsync(key, TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => b.Registry.TryGet(key, out var s) && s.Health.Status == HealthStatus.Open, TimeSpan.FromSeconds(1));
        output.WriteLine($"cooldown visible on the other instance after {clock.Elapsed.TotalMilliseconds:F1} ms");
        b.Registry.Get(key).Health.CooldownRemaining.Should().BeGreaterThan(TimeSpan.FromSeconds(28));

        await a.Cooldowns.PublishClosedAsync(key);
        await Eventually.TrueAsync(() => b.Registry.Get(key).Health.IsAvailable, TimeSpan.FromSeconds(1));
        b.Registry.Get(key).Health.TryAdmit().Should().Be(AdmissionKind.Trial, "the other instance's next request is the trial");
    }

    [Fact]
    public async Task InstanceStartingLater_LoadsRunningCooldowns_AsSoonAsItsRedisConnectionIsUp()
    {
        var prefix = RedisStores.NewPrefix();
        await using var storeA = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, prefix);
        var a = Instance(storeA);
        var key = new TargetKey(Guid.NewGuid(), "m");
        await a.Cooldowns.PublishOpenedAsync(key, TimeSpan.FromSeconds(30));

        // As in the gateway: the cooldown service starts before the store's background connection is up.
        await using var storeB = RedisStores.Create(TestEnvironment.RedisConfiguration, prefix);
        var b = Instance(storeB);
        await b.Cooldowns.StartAsync(CancellationToken.None);
        await storeB.StartAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => b.Registry.TryGet(key, out var state) && state.Health.Status == HealthStatus.Open, TimeSpan.FromSeconds(5));
        b.Registry.Get(key).Health.CooldownRemaining.Should().BeGreaterThan(TimeSpan.FromSeconds(25));
    }

    [Fact]
    public async Task OwnMessages_AreIgnored()
    {
        await using var store = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, RedisStores.NewPrefix());
        var a = Instance(store);
        await a.Cooldowns.StartAsync(CancellationToken.None);
        var key = new TargetKey(Guid.NewGuid(), "m");
        var state = a.Registry.Get(key);

        // Published as if a local circuit had opened; the local state must not be touched by its own echo.
        await a.Cooldowns.PublishOpenedAsync(key, TimeSpan.FromSeconds(30));
        await a.Cooldowns.PublishClosedAsync(key);

        state.Health.Status.Should().Be(HealthStatus.Closed);
    }
}
