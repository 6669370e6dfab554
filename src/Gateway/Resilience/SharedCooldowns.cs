using System.Globalization;
using Switchyard.Domain.Health;
using Switchyard.Gateway.Redis;

namespace Switchyard.Gateway.Resilience;

/// <summary>
/// Shares cooldowns between gateway instances. When a circuit opens here, the cooldown is stored in Redis (a hash of
/// target → end time, on Redis's clock, so instance clocks never matter) and announced on
/// <see cref="RedisChannels.Cooldowns"/>; every other instance puts the same target in cooldown on receipt (pub/sub
/// latency: milliseconds). A closed circuit is announced too, and ends the cooldown elsewhere, so the next request
/// there is a trial. Instances that start (or reconnect) later read the hash.
/// Message: <c>open|{ms}|{instance}|{target}</c> or <c>close|0|{instance}|{target}</c>.
/// </summary>
public sealed partial class SharedCooldowns : IHostedService
{
    private const string HashKey = "cooldowns";

    // ARGV: field, duration ms, message. Stores the end time (Redis clock) unless a later one is stored, and publishes.
    private const string OpenScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local untilMs = now + tonumber(ARGV[2])
        local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
        if untilMs > current then redis.call('HSET', KEYS[1], ARGV[1], untilMs) end
        redis.call('PUBLISH', KEYS[2], ARGV[3])
        return 1
        """;

    private const string CloseScript = """
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('PUBLISH', KEYS[2], ARGV[2])
        return 1
        """;

    // Returns {field, remaining ms, …} for cooldowns still running; drops finished ones.
    private const string ListScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local all = redis.call('HGETALL', KEYS[1])
        local out = {}
        for i = 1, #all, 2 do
          local remaining = tonumber(all[i + 1]) - now
          if remaining > 0 then
            out[#out + 1] = all[i]
            out[#out + 1] = tostring(remaining)
          else
            redis.call('HDEL', KEYS[1], all[i])
          end
        end
        return out
        """;

    private readonly IRedisStore _store;
    private readonly TargetStateRegistry _registry;
    private readonly GatewayInstance _instance;
    private readonly ILogger<SharedCooldowns> _logger;
    private readonly string _channelKey;

    public SharedCooldowns(IRedisStore store, TargetStateRegistry registry, GatewayInstance instance, ILogger<SharedCooldowns> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _registry = registry;
        _instance = instance;
        _logger = logger;

        // PUBLISH from a script names the full channel; the store prefixes keys, so the channel goes in as a "key".
        _channelKey = RedisChannels.Cooldowns;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_store.IsEnabled)
        {
            _store.Subscribe(RedisChannels.Cooldowns, OnMessage);
            _store.BecameAvailable += () => _ = LoadAsync();
            _ = LoadAsync();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Announces a cooldown that started on this instance. Never throws; never blocks the request path for long.</summary>
    public async Task PublishOpenedAsync(TargetKey target, TimeSpan duration)
    {
        if (!_store.IsAvailable)
        {
            return;
        }

        var ms = Math.Max(1, (long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        try
        {
            var field = target.ToString();
            await _store.EvaluateAsync(OpenScript, [HashKey, _channelKey], [field, ms, $"open|{ms}|{_instance.Id}|{field}"]);
        }
        catch (RedisUnavailableException)
        {
            // Other instances find out from their own failures; the store has logged the outage.
        }
    }

    /// <summary>Announces that a target recovered here (its trial succeeded).</summary>
    public async Task PublishClosedAsync(TargetKey target)
    {
        if (!_store.IsAvailable)
        {
            return;
        }

        try
        {
            var field = target.ToString();
            await _store.EvaluateAsync(CloseScript, [HashKey, _channelKey], [field, $"close|0|{_instance.Id}|{field}"]);
        }
        catch (RedisUnavailableException)
        {
        }
    }

    /// <summary>Applies the cooldowns stored in Redis (at start and after an outage).</summary>
    public async Task LoadAsync()
    {
        try
        {
            // At start the connection may still be opening; BecameAvailable loads again once it is up.
            if (!_store.IsAvailable)
            {
                return;
            }

            var reply = await _store.EvaluateAsync(ListScript, [HashKey], []);
            for (var i = 0; i + 1 < reply.Length; i += 2)
            {
                if (TargetKey.TryParse(reply[i], out var key)
                    && long.TryParse(reply[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
                {
                    _registry.Get(key).Health.Cooldown(TimeSpan.FromMilliseconds(ms));
                }
            }
        }
        catch (RedisUnavailableException)
        {
        }
    }

    private void OnMessage(string message)
    {
        var parts = message.Split('|', 4);
        if (parts.Length != 4 || !TargetKey.TryParse(parts[3], out var key)
            || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            Log.BadMessage(_logger, message.Length > 120 ? message[..120] : message);
            return;
        }

        if (parts[2] == _instance.Id)
        {
            return;
        }

        var health = _registry.Get(key).Health;
        if (parts[0] == "open")
        {
            if (health.Cooldown(TimeSpan.FromMilliseconds(ms)) == HealthTransition.Opened)
            {
                Log.RemoteCooldown(_logger, parts[3], ms, parts[2]);
            }
        }
        else if (parts[0] == "close")
        {
            health.EndCooldown();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5021, LogLevel.Information, "Target {Target} cools down for {Milliseconds} ms (reported by instance {Instance})")]
        public static partial void RemoteCooldown(ILogger logger, string target, long milliseconds, string instance);

        [LoggerMessage(5022, LogLevel.Warning, "Ignored a malformed cooldown message: {Message}")]
        public static partial void BadMessage(ILogger logger, string message);
    }
}
