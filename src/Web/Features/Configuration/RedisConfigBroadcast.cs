using StackExchange.Redis;
using Switchyard.Data.Notifications;

namespace Switchyard.Web.Features.Configuration;

/// <summary>
/// The dashboard's half of config propagation through Redis: after a change is committed, publishes the organization
/// ID on <c>{Redis:KeyPrefix}config</c> (default <c>switchyard:config</c>), the channel every gateway instance subscribes
/// to (docs/resilience.md). Without <c>Redis:Configuration</c> it does nothing; while Redis is unreachable it gives up
/// at once (PostgreSQL's NOTIFY carries the change as well). Connects in the background on first use and keeps
/// reconnecting, like the gateway's store.
/// </summary>
public sealed partial class RedisConfigBroadcast : IAsyncDisposable
{
    private readonly string? _configuration;
    private readonly string _keyPrefix;
    private readonly ILogger<RedisConfigBroadcast> _logger;
    private readonly Lazy<Task<ConnectionMultiplexer?>> _connection;

    public RedisConfigBroadcast(IConfiguration configuration, ILogger<RedisConfigBroadcast> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configuration = configuration["Redis:Configuration"];
        _keyPrefix = configuration["Redis:KeyPrefix"] ?? RedisConfigChannel.DefaultKeyPrefix;
        _logger = logger;
        _connection = new Lazy<Task<ConnectionMultiplexer?>>(ConnectAsync);
    }

    /// <summary>The full channel name.</summary>
    public string Channel => RedisConfigChannel.NameFor(_keyPrefix);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(_configuration);

    /// <summary>Starts connecting (called at start-up, so the first save finds the connection ready).</summary>
    public void Start() => _ = _connection.Value;

    /// <returns>Whether a gateway could have heard it: false when Redis is not configured or not reachable.</returns>
    public async Task<bool> PublishAsync(Guid organizationId)
    {
        // A save never waits for Redis to connect: until it has, NOTIFY alone carries the change.
        var connecting = _connection.Value;
        if (!IsConfigured || !connecting.IsCompleted || await connecting is not { IsConnected: true } multiplexer)
        {
            return false;
        }

        try
        {
            await RedisConfigChannel.PublishAsync(multiplexer, _keyPrefix, organizationId).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Log.PublishFailed(_logger, organizationId, ex);
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && await _connection.Value is { } multiplexer)
        {
            await multiplexer.CloseAsync(allowCommandsToComplete: false).WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(static _ => { }, TaskScheduler.Default);
            multiplexer.Dispose();
        }
    }

    private async Task<ConnectionMultiplexer?> ConnectAsync()
    {
        if (!IsConfigured)
        {
            return null;
        }

        try
        {
            var options = ConfigurationOptions.Parse(_configuration!);
            options.AbortOnConnectFail = false; // keeps reconnecting in the background; IsConnected says when it is up
            options.ConnectTimeout = 2000;
            return await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ArgumentException)
        {
            Log.ConnectFailed(_logger, ex);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2, LogLevel.Warning, "Could not connect to Redis for configuration broadcasts; gateways still hear changes through PostgreSQL")]
        public static partial void ConnectFailed(ILogger logger, Exception exception);

        [LoggerMessage(3, LogLevel.Warning, "Could not publish the configuration change of organization {OrganizationId} on Redis; gateways still hear it through PostgreSQL")]
        public static partial void PublishFailed(ILogger logger, Guid organizationId, Exception exception);
    }
}
