using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Switchyard.Gateway.Redis;
using Switchyard.TestCommon;
using Switchyard.Web.Features.Configuration;
using Switchyard.Web.Tests.EndToEnd;

namespace Switchyard.Web.Tests.Configuration;

/// <summary>The dashboard publishes configuration changes where the gateway listens (a real Redis from ./test.sh).</summary>
public sealed class RedisConfigBroadcastTests
{
    [Fact]
    public async Task Channel_ByDefault_IsTheOneTheGatewaySubscribesTo()
    {
        await using var broadcast = Broadcast(new Dictionary<string, string?> { ["Redis:Configuration"] = "127.0.0.1:1" });

        broadcast.Channel.Should().Be(new RedisOptions().KeyPrefix + RedisChannels.ConfigChanged);
    }

    [Fact]
    public async Task PublishAsync_WithRedis_DeliversTheOrganizationIdOnTheConfigChannel()
    {
        var prefix = $"sy-web-{Guid.NewGuid():N}:";
        await using var broadcast = Broadcast(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = TestEnvironment.RedisConfiguration,
            ["Redis:KeyPrefix"] = prefix,
        });
        using var listener = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.RedisConfiguration);
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await listener.GetSubscriber().SubscribeAsync(
            new RedisChannel(prefix + RedisChannels.ConfigChanged, RedisChannel.PatternMode.Literal), (_, value) => heard.TrySetResult(value!));
        var organizationId = Guid.NewGuid();

        broadcast.Start();
        // The connection opens in the background; until it is up a save relies on NOTIFY and PublishAsync says false.
        await Eventually.ReturnsAsync(() => broadcast.PublishAsync(organizationId), published => published, TimeSpan.FromSeconds(10), "a publish over Redis");

        (await heard.Task.WaitAsync(TimeSpan.FromSeconds(5))).Should().Be(organizationId.ToString("D"));
    }

    [Fact]
    public async Task PublishAsync_WithoutRedis_DoesNothingAndSaysSo()
    {
        await using var broadcast = Broadcast(new Dictionary<string, string?>());

        broadcast.Start();

        broadcast.IsConfigured.Should().BeFalse();
        (await broadcast.PublishAsync(Guid.NewGuid())).Should().BeFalse();
    }

    private static RedisConfigBroadcast Broadcast(Dictionary<string, string?> settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), NullLogger<RedisConfigBroadcast>.Instance);
}
