using Switchyard.Domain.Providers;
using Switchyard.Domain.Routing;
using Switchyard.Gateway.Resilience;
using Switchyard.TestCommon;

namespace Switchyard.Gateway.Tests.Resilience;

public sealed class UsageCountersTests
{
    private static RouteTarget Target(int? rpm = null, int? tpm = null) =>
        new(new ConnectionRoute(Guid.NewGuid(), "c", ProviderKind.OpenAI, "http://127.0.0.1:1/v1"), "m", rpmLimit: rpm, tpmLimit: tpm);

    [Fact]
    public async Task TryAcquire_TwoInstancesTogether_AdmitExactlyTheRpmLimit()
    {
        var prefix = RedisStores.NewPrefix();
        await using var storeA = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, prefix);
        await using var storeB = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, prefix);
        var a = new UsageCounters(storeA, TimeProvider.System, new GatewayInstance());
        var b = new UsageCounters(storeB, TimeProvider.System, new GatewayInstance());
        var target = Target(rpm: 25);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => (i % 2 == 0 ? a : b).TryAcquireAsync(target).AsTask()));

        results.Count(r => r).Should().Be(25);
        (await a.ReadAsync([target]))[0].Requests.Should().Be(25);
    }

    [Fact]
    public async Task TryAcquire_TokensReportedOnOneInstance_StopTheOtherAtTheTpmLimit()
    {
        var prefix = RedisStores.NewPrefix();
        await using var storeA = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, prefix);
        await using var storeB = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, prefix);
        var a = new UsageCounters(storeA, TimeProvider.System, new GatewayInstance());
        var b = new UsageCounters(storeB, TimeProvider.System, new GatewayInstance());
        var target = Target(tpm: 1000);

        (await a.TryAcquireAsync(target)).Should().BeTrue();
        await a.AddTokensAsync(target, 600);
        (await b.TryAcquireAsync(target)).Should().BeTrue();
        await b.AddTokensAsync(target, 500);

        (await a.TryAcquireAsync(target)).Should().BeFalse();
        (await b.TryAcquireAsync(target)).Should().BeFalse();
        (await b.ReadAsync([target]))[0].Tokens.Should().Be(1100);
    }

    [Fact]
    public async Task TargetWithoutLimits_IsNeverCountedOrRefused()
    {
        await using var store = await RedisStores.StartAsync(TestEnvironment.RedisConfiguration, RedisStores.NewPrefix());
        var counters = new UsageCounters(store, TimeProvider.System, new GatewayInstance());
        var target = Target();

        for (var i = 0; i < 50; i++)
        {
            (await counters.TryAcquireAsync(target)).Should().BeTrue();
        }

        (await counters.ReadAsync([target]))[0].Should().Be(default(Domain.Strategies.UsageSnapshot));
    }

    [Fact]
    public async Task WithoutRedis_LimitsHoldPerInstance()
    {
        await using var store = RedisStores.Disabled();
        var counters = new UsageCounters(store, TimeProvider.System, new GatewayInstance());
        var target = Target(rpm: 3);

        var results = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await counters.TryAcquireAsync(target));
        }

        results.Should().Equal(true, true, true, false, false);
    }
}
