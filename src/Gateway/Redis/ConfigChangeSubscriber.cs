using Switchyard.Gateway.Authentication;
using Switchyard.Gateway.Routing;

namespace Switchyard.Gateway.Redis;

/// <summary>
/// Listens on <see cref="RedisChannels.ConfigChanged"/> and asks the route-table reload service to reload the named
/// organization (and drops its cached API keys), exactly as the PostgreSQL <c>NOTIFY</c> listener does. Two signals
/// for one change cost one extra reload of one organization; either alone is enough.
/// </summary>
public sealed partial class ConfigChangeSubscriber(
    IRedisStore store,
    RouteTableReloadService reloads,
    ApiKeyAuthenticator authenticator,
    ILogger<ConfigChangeSubscriber> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (store.IsEnabled)
        {
            store.Subscribe(RedisChannels.ConfigChanged, OnMessage);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void OnMessage(string payload)
    {
        if (!Guid.TryParse(payload, out var organizationId))
        {
            Log.BadPayload(logger, payload.Length > 64 ? payload[..64] : payload);
            return;
        }

        authenticator.Invalidate(organizationId);
        reloads.RequestReload(organizationId);
    }

    private static partial class Log
    {
        [LoggerMessage(5011, LogLevel.Warning, "Ignored a config-change message that is not an organization ID: {Payload}")]
        public static partial void BadPayload(ILogger logger, string payload);
    }
}
