using Switchyard.Data.Notifications;

namespace Switchyard.Gateway.Redis;

/// <summary>
/// Tells every gateway instance, through Redis pub/sub, that an organization's configuration changed. Call it after
/// the change is committed to PostgreSQL (the source of truth), next to the PostgreSQL <c>NOTIFY</c>: whichever
/// arrives first triggers the reload, and the gateway's periodic reload covers both being lost.
/// Processes without an <see cref="IRedisStore"/> (the dashboard) publish with <see cref="RedisConfigChannel"/>.
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
            await store.PublishAsync(RedisChannels.ConfigChanged, RedisConfigChannel.Payload(organizationId));
            return true;
        }
        catch (RedisUnavailableException)
        {
            return false;
        }
    }
}
