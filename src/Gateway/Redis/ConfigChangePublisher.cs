using System.Globalization;
using StackExchange.Redis;

namespace Switchyard.Gateway.Redis;

/// <summary>
/// Tells every gateway instance, through Redis pub/sub, that an organization's configuration changed. Call it after
/// the change is committed to PostgreSQL (the source of truth), next to the PostgreSQL <c>NOTIFY</c>: whichever
/// arrives first triggers the reload, and the gateway's periodic reload covers both being lost.
/// Usable outside the gateway (the dashboard): either over an <see cref="IRedisStore"/>, or standalone with
/// <see cref="PublishAsync(IConnectionMultiplexer, string, Guid)"/> on the caller's own multiplexer.
/// </summary>
public sealed class ConfigChangePublisher(IRedisStore store)
{
    /// <summary>Publishes; false (never an exception) when Redis is unavailable, since PostgreSQL's NOTIFY still carries the change.</summary>
    public async Task<bool> PublishAsync(Guid organizationId)
    {
        if (!store.IsAvailable)
        {
            return false;
        }

        try
        {
            await store.PublishAsync(RedisChannels.ConfigChanged, Format(organizationId));
            return true;
        }
        catch (RedisUnavailableException)
        {
            return false;
        }
    }

    /// <summary>For processes without an <see cref="IRedisStore"/>: publishes on <c>{keyPrefix}config</c>. Async only.</summary>
    public static Task<long> PublishAsync(IConnectionMultiplexer multiplexer, string keyPrefix, Guid organizationId)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        var channel = new RedisChannel(keyPrefix + RedisChannels.ConfigChanged, RedisChannel.PatternMode.Literal);
        return multiplexer.GetSubscriber().PublishAsync(channel, Format(organizationId));
    }

    public static string Format(Guid organizationId) => organizationId.ToString("D", CultureInfo.InvariantCulture);
}
