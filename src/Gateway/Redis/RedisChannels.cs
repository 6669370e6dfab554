namespace Switchyard.Gateway.Redis;

/// <summary>
/// Pub/sub channels, without the key prefix (the store adds <see cref="RedisOptions.KeyPrefix"/>, default
/// <c>switchyard:</c>, so the full names are <c>switchyard:config</c> and <c>switchyard:cooldowns</c>).
/// </summary>
public static class RedisChannels
{
    /// <summary>
    /// An organization's routing configuration changed. Payload: the organization ID (<c>D</c> format, e.g.
    /// <c>6f1c…-…</c>). Published by whoever saves configuration (the dashboard) after the change is committed to
    /// PostgreSQL; every gateway instance reloads that organization from PostgreSQL.
    /// </summary>
    public const string ConfigChanged = Data.Notifications.RedisConfigChannel.Suffix;

    /// <summary>A target's cooldown started or ended on some instance; see <c>Resilience.SharedCooldowns</c>.</summary>
    public const string Cooldowns = "cooldowns";
}
