using Npgsql;
using Switchyard.Data.Notifications;

namespace Switchyard.Web.Features.Configuration;

/// <summary>
/// Tells the gateways that an organization's routing configuration changed, through Redis pub/sub and PostgreSQL
/// NOTIFY (whichever arrives first triggers the reload). The change is already committed when this
/// runs, so a failed signal must not turn a successful save into an error: the gateways' periodic full reload picks it
/// up a little later.
/// </summary>
public sealed partial class ConfigurationChanges(ConfigChangeNotifier notifier, RedisConfigBroadcast redis, ILogger<ConfigurationChanges> logger)
{
    /// <summary>Signals through both channels at once: Redis pub/sub (when configured) and PostgreSQL NOTIFY.</summary>
    public async Task PublishAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        var viaRedis = redis.PublishAsync(organizationId);
        try
        {
            await notifier.NotifyAsync(organizationId, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            Log.NotifyFailed(logger, organizationId, ex);
        }

        await viaRedis;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning,
            "Could not notify gateways of a configuration change in organization {OrganizationId}; they will pick it up at their next periodic reload.")]
        public static partial void NotifyFailed(ILogger logger, Guid organizationId, Exception exception);
    }
}
