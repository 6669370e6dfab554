using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Switchyard.Gateway.Redis;

/// <summary>
/// <see cref="IRedisStore"/> over one StackExchange.Redis 1.2.6 multiplexer. Connects in the background at start
/// (<c>AbortOnConnectFail=false</c>: the gateway never waits for Redis, and the multiplexer keeps reconnecting by
/// itself), and bounds every call with <see cref="RedisOptions.OperationTimeoutMs"/>. After a failure (a lost
/// connection, a timeout) Redis counts as down and requests skip it; a background probe pings it every
/// <see cref="RedisOptions.ProbeIntervalMs"/> and declares it back only once a command really succeeds (right after a
/// reconnect StackExchange.Redis may still refuse commands for a moment). An outage is logged once, its end once.
/// </summary>
public sealed partial class RedisStore : IRedisStore, IHostedService, IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisStore> _logger;
    private readonly ConcurrentDictionary<string, Action<string>> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _subscribed = new(StringComparer.Ordinal);
    private readonly Lock _handlersGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _operationTimeout;
    private ConnectionMultiplexer? _multiplexer;
    private int _down;
    private int _disposed;

    public RedisStore(IOptions<RedisOptions> options, TimeProvider time, ILogger<RedisStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _operationTimeout = TimeSpan.FromMilliseconds(Math.Max(1, _options.OperationTimeoutMs));
        Prefix = _options.KeyPrefix ?? string.Empty;
    }

    public event Action? BecameAvailable;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(_options.Configuration);

    public bool IsAvailable => Volatile.Read(ref _down) == 0 && _multiplexer is { IsConnected: true };

    /// <summary>The prefix added to every key and channel.</summary>
    public string Prefix { get; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!IsEnabled)
        {
            Log.NotConfigured(_logger);
            return Task.CompletedTask;
        }

        // Not awaited: start-up and readiness do not depend on Redis.
        _ = Task.Run(ConnectAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _stopping.Cancel();
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        // Registered under three service types, so the container may dispose it more than once.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        if (_multiplexer is { } multiplexer)
        {
            await multiplexer.CloseAsync(allowCommandsToComplete: false).WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(static _ => { }, TaskScheduler.Default);
            multiplexer.Dispose();
        }

        _stopping.Dispose();
    }

    public Task<string?> GetAsync(string key) =>
        RunAsync(async db => (string?)await db.StringGetAsync(Key(key)));

    public Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan ttl) =>
        RunAsync(db => db.StringSetAsync(Key(key), value, ttl, When.NotExists));

    public Task SetAsync(string key, string value, TimeSpan ttl) =>
        RunAsync(db => db.StringSetAsync(Key(key), value, ttl));

    public Task<bool> DeleteAsync(string key) =>
        RunAsync(db => db.KeyDeleteAsync(Key(key)));

    public Task<string?[]> EvaluateAsync(string script, IReadOnlyList<string> keys, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(arguments);
        var redisKeys = new RedisKey[keys.Count];
        for (var i = 0; i < redisKeys.Length; i++)
        {
            redisKeys[i] = Key(keys[i]);
        }

        var values = new RedisValue[arguments.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = arguments[i];
        }

        return RunAsync(async db => Flatten(await db.ScriptEvaluateAsync(script, redisKeys, values)));
    }

    public Task PublishAsync(string channel, string message) =>
        RunAsync(db => db.PublishAsync(Channel(channel), message));

    public void Subscribe(string channel, Action<string> handler)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_handlersGate)
        {
            _handlers[channel] = _handlers.TryGetValue(channel, out var existing) ? existing + handler : handler;
        }

        if (_multiplexer is { IsConnected: true })
        {
            _ = EnsureSubscriptionsAsync();
        }
    }

    private async Task ConnectAsync()
    {
        var configuration = ConfigurationOptions.Parse(_options.Configuration!);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = Math.Max(100, _options.ConnectTimeoutMs);
        configuration.ClientName ??= "switchyard-gateway";
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
                multiplexer.ConnectionFailed += (_, e) =>
                {
                    if (e.ConnectionType == ConnectionType.Interactive)
                    {
                        MarkDown(e.FailureType.ToString(), e.Exception);
                    }
                };
                multiplexer.ConnectionRestored += (_, e) =>
                {
                    if (e.ConnectionType == ConnectionType.Subscription)
                    {
                        _ = EnsureSubscriptionsAsync();
                    }
                };
                _multiplexer = multiplexer;
                if (multiplexer.IsConnected)
                {
                    Log.Connected(_logger, RedactedEndpoints(configuration));
                    await EnsureSubscriptionsAsync();
                    RaiseBecameAvailable();
                }
                else
                {
                    MarkDown("not reachable at start-up", null);
                }

                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or System.Net.Sockets.SocketException or ArgumentException)
            {
                MarkDown("connect failed", ex);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, _stopping.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task EnsureSubscriptionsAsync()
    {
        var multiplexer = _multiplexer;
        if (multiplexer is null)
        {
            return;
        }

        var subscriber = multiplexer.GetSubscriber();
        foreach (var channel in _handlers.Keys)
        {
            if (!_subscribed.TryAdd(channel, true))
            {
                continue;
            }

            try
            {
                // StackExchange.Redis renews subscriptions it has made after every reconnect; only failed ones are retried here.
                await subscriber.SubscribeAsync(Channel(channel), (_, value) => Dispatch(channel, value)).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                _subscribed.TryRemove(channel, out _);
                try
                {
                    // A half-made subscription would deliver every message twice once retried.
                    await subscriber.UnsubscribeAsync(Channel(channel)).WaitAsync(TimeSpan.FromSeconds(1));
                }
                catch (Exception unsubscribe) when (unsubscribe is RedisException or TimeoutException)
                {
                    Log.SubscribeFailed(_logger, channel, unsubscribe);
                }
            }
        }
    }

    private void Dispatch(string channel, RedisValue value)
    {
        if (!_handlers.TryGetValue(channel, out var handler) || value.IsNull)
        {
            return;
        }

        try
        {
            handler((string)value!);
        }
#pragma warning disable CA1031 // A faulty handler must not take the subscription (or the process) down with it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.HandlerFailed(_logger, channel, ex);
        }
    }

    private async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> operation)
    {
        if (!IsEnabled)
        {
            throw new RedisUnavailableException("Redis is not configured.");
        }

        var multiplexer = _multiplexer;
        if (multiplexer is null || !IsAvailable)
        {
            throw new RedisUnavailableException();
        }

        var task = operation(multiplexer.GetDatabase());
        try
        {
            return await task.WaitAsync(_operationTimeout);
        }
        catch (Exception ex) when (ex is TimeoutException or RedisConnectionException or RedisTimeoutException or ObjectDisposedException)
        {
            ObserveLateFailure(task);
            MarkDown(ex.GetType().Name, null);
            throw new RedisUnavailableException("Redis did not answer in time.", ex);
        }
        catch (RedisServerException ex)
        {
            // An error reply (a script bug, a wrong type): not an outage, but nothing to retry either.
            Log.ServerError(_logger, ex);
            throw new RedisUnavailableException("Redis answered with an error.", ex);
        }
    }

    private async Task RunAsync(Func<IDatabase, Task> operation) =>
        await RunAsync(async db =>
        {
            await operation(db);
            return true;
        });

    private void MarkDown(string reason, Exception? exception)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            Log.Unavailable(_logger, reason, exception?.Message.Split('\n')[0]);
            _ = Task.Run(ProbeUntilUpAsync, CancellationToken.None);
        }
    }

    private async Task ProbeUntilUpAsync()
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(10, _options.ProbeIntervalMs));
        while (!_stopping.IsCancellationRequested)
        {
            await Task.Delay(interval, _time, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (_multiplexer is not { IsConnected: true } multiplexer)
            {
                continue;
            }

            var ping = multiplexer.GetDatabase().PingAsync();
            try
            {
                await ping.WaitAsync(_operationTimeout, _stopping.Token);
                MarkUp();
                return;
            }
            catch (Exception ex) when (ex is TimeoutException or RedisException or ObjectDisposedException or OperationCanceledException)
            {
                // Not yet: try again at the next interval.
                ObserveLateFailure(ping);
            }
        }
    }

    private void MarkUp()
    {
        if (Interlocked.Exchange(ref _down, 0) == 1)
        {
            Log.Restored(_logger);
            _ = EnsureSubscriptionsAsync();
            RaiseBecameAvailable();
        }
    }

    private void RaiseBecameAvailable()
    {
        try
        {
            BecameAvailable?.Invoke();
        }
#pragma warning disable CA1031 // Listeners are best-effort; one failing must not stop the others or the reconnect.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.HandlerFailed(_logger, "available", ex);
        }
    }

    // An abandoned call may still fail later; observe it, so it is not reported as an unobserved task exception.
    private static void ObserveLateFailure(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private RedisKey Key(string key) => Prefix + key;

    private RedisChannel Channel(string channel) => new(Prefix + channel, RedisChannel.PatternMode.Literal);

    private static string?[] Flatten(RedisResult result)
    {
        if (result.IsNull)
        {
            return [null];
        }

        // 1.2.6 exposes no reply type: an array reply casts to RedisResult[], anything else throws.
        RedisResult[] items;
        try
        {
            items = (RedisResult[])result;
        }
        catch (InvalidCastException)
        {
            return [(string)result];
        }

        var flat = new string?[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            flat[i] = items[i].IsNull ? null : (string)items[i];
        }

        return flat;
    }

    // Endpoints only: the configuration string may carry a password.
    private static string RedactedEndpoints(ConfigurationOptions configuration) =>
        string.Join(",", configuration.EndPoints.Select(e => e.ToString()));

    private static partial class Log
    {
        [LoggerMessage(5001, LogLevel.Information, "Redis connected ({Endpoints}); sharing stickiness, cooldowns, usage and config changes")]
        public static partial void Connected(ILogger logger, string endpoints);

        [LoggerMessage(5002, LogLevel.Warning, "Redis unavailable ({Reason}: {Detail}); serving with in-process stickiness, health and limits until it returns")]
        public static partial void Unavailable(ILogger logger, string reason, string? detail);

        [LoggerMessage(5003, LogLevel.Information, "Redis available again; sharing resumed")]
        public static partial void Restored(ILogger logger);

        [LoggerMessage(5004, LogLevel.Information, "Redis is not configured (Redis:Configuration); running with in-process state only")]
        public static partial void NotConfigured(ILogger logger);

        [LoggerMessage(5005, LogLevel.Debug, "Redis subscription to {Channel} failed; retrying on reconnect")]
        public static partial void SubscribeFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(5006, LogLevel.Error, "A Redis message handler for {Channel} failed")]
        public static partial void HandlerFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(5007, LogLevel.Error, "Redis answered with an error")]
        public static partial void ServerError(ILogger logger, Exception exception);
    }
}
