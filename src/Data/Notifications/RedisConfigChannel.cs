using System.Globalization;
using StackExchange.Redis;

namespace Switchyard.Data.Notifications;

/// <summary>
/// The Redis twin of <see cref="ConfigChangeNotifier"/>, shared by the dashboard (which publishes) and the gateway
/// (which subscribes, and publishes in its tests): channel <c>{key prefix}config</c>, payload the organization ID in
/// <c>D</c> format. Publishing is async only (StackExchange.Redis 1.2.6).
/// </summary>
public static class RedisConfigChannel
{
    /// <summary>Prefix of every Switchyard key and channel unless <c>Redis:KeyPrefix</c> says otherwise.</summary>
    public const string DefaultKeyPrefix = "switchyard:";

    /// <summary>The channel's name without the key prefix.</summary>
    public const string Suffix = "config";

    public static string NameFor(string keyPrefix) => keyPrefix + Suffix;

    public static string Payload(Guid organizationId) => organizationId.ToString("D", CultureInfo.InvariantCulture);

    /// <summary>Publishes on <c>{keyPrefix}config</c> over the caller's own multiplexer.</summary>
    public static Task<long> PublishAsync(IConnectionMultiplexer multiplexer, string keyPrefix, Guid organizationId)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        var channel = new RedisChannel(NameFor(keyPrefix), RedisChannel.PatternMode.Literal);
        return multiplexer.GetSubscriber().PublishAsync(channel, Payload(organizationId));
    }
}
