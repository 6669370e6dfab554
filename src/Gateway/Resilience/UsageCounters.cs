using System.Collections.Concurrent;
using System.Globalization;
using Switchyard.Domain.Health;
using Switchyard.Domain.Routing;
using Switchyard.Domain.Strategies;
using Switchyard.Gateway.Redis;

namespace Switchyard.Gateway.Resilience;

/// <summary>
/// Per-target RPM/TPM usage over a sliding 60-second window, counted across every gateway instance in Redis.
/// Requests are reserved atomically (a Lua script checks and counts in one step, on Redis's clock), so a limit of
/// N RPM admits N requests per minute in total, not N per instance. Tokens are added when an answer reports them;
/// a TPM limit stops new requests once the window's tokens reach it (requests already running may overshoot it).
/// Only targets with a limit are counted. With Redis unavailable each instance counts on its own (then a limit holds
/// per instance), and shared counting resumes when Redis returns.
/// </summary>
public sealed class UsageCounters
{
    // KEYS: requests zset, tokens hash. ARGV: rpm limit (-1 none), tpm limit (-1 none), unique member.
    // Returns {1 or 0, requests, tokens}: whether the request was counted, and the usage before it.
    private const string AcquireScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 60000)
        local requests = redis.call('ZCARD', KEYS[1])
        local tokens = 0
        local second = math.floor(now / 1000)
        local buckets = redis.call('HGETALL', KEYS[2])
        for i = 1, #buckets, 2 do
          if tonumber(buckets[i]) > second - 60 then tokens = tokens + tonumber(buckets[i + 1])
          else redis.call('HDEL', KEYS[2], buckets[i]) end
        end
        local rpm = tonumber(ARGV[1])
        local tpm = tonumber(ARGV[2])
        if (rpm >= 0 and requests >= rpm) or (tpm >= 0 and tokens >= tpm) then return {0, requests, tokens} end
        redis.call('ZADD', KEYS[1], now, ARGV[3])
        redis.call('PEXPIRE', KEYS[1], 61000)
        return {1, requests, tokens}
        """;

    // KEYS: pairs of (requests zset, tokens hash). Returns {requests, tokens, …} per pair.
    private const string ReadScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local second = math.floor(now / 1000)
        local out = {}
        for k = 1, #KEYS, 2 do
          local requests = redis.call('ZCOUNT', KEYS[k], now - 60000 + 1, '+inf')
          local tokens = 0
          local buckets = redis.call('HGETALL', KEYS[k + 1])
          for i = 1, #buckets, 2 do
            if tonumber(buckets[i]) > second - 60 then tokens = tokens + tonumber(buckets[i + 1]) end
          end
          out[#out + 1] = requests
          out[#out + 1] = tokens
        end
        return out
        """;

    private const string AddTokensScript = """
        local t = redis.call('TIME')
        local second = tostring(math.floor(tonumber(t[1])))
        redis.call('HINCRBY', KEYS[1], second, ARGV[1])
        redis.call('PEXPIRE', KEYS[1], 61000)
        return 1
        """;

    private readonly ConcurrentDictionary<TargetKey, UsageWindow> _local = new();
    private readonly IRedisStore _store;
    private readonly TimeProvider _time;
    private readonly string _memberPrefix;
    private long _sequence;

    public UsageCounters(IRedisStore store, TimeProvider time, GatewayInstance instance)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(instance);
        _store = store;
        _time = time;
        _memberPrefix = instance.Id + ":";
    }

    public static bool HasLimits(RouteTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.RpmLimit is not null || target.TpmLimit is not null;
    }

    /// <summary>Current usage of each target (<see cref="UsageSnapshot.None"/> for targets without limits), in one round trip.</summary>
    public async ValueTask<UsageSnapshot[]> ReadAsync(IReadOnlyList<RouteTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var result = new UsageSnapshot[targets.Count];
        var keys = new List<string>();
        var indices = new List<int>();
        for (var i = 0; i < targets.Count; i++)
        {
            if (HasLimits(targets[i]))
            {
                var key = TargetKey.From(targets[i]);
                keys.Add(RequestsKey(key));
                keys.Add(TokensKey(key));
                indices.Add(i);
                result[i] = Local(key).Current;
            }
        }

        if (indices.Count == 0 || !_store.IsAvailable)
        {
            return result;
        }

        try
        {
            var reply = await _store.EvaluateAsync(ReadScript, keys, []);
            for (var j = 0; j < indices.Count && (2 * j) + 1 < reply.Length; j++)
            {
                result[indices[j]] = new UsageSnapshot(Parse(reply[2 * j]), Parse(reply[(2 * j) + 1]));
            }
        }
        catch (RedisUnavailableException)
        {
            // Keep the in-process figures.
        }

        return result;
    }

    /// <summary>
    /// Counts one request against the target's limits; false (nothing counted) when it would go over. Always true
    /// for a target without limits.
    /// </summary>
    public async ValueTask<bool> TryAcquireAsync(RouteTarget target)
    {
        if (!HasLimits(target))
        {
            return true;
        }

        var key = TargetKey.From(target);
        var local = Local(key);
        if (_store.IsAvailable)
        {
            try
            {
                var member = _memberPrefix + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
                var reply = await _store.EvaluateAsync(
                    AcquireScript,
                    [RequestsKey(key), TokensKey(key)],
                    [Limit(target.RpmLimit), Limit(target.TpmLimit), member]);
                var acquired = reply.Length > 0 && reply[0] == "1";
                if (acquired)
                {
                    // Mirror this instance's share, so an outage starts from what it really sent.
                    local.TryAcquire(null, null);
                }

                return acquired;
            }
            catch (RedisUnavailableException)
            {
                // Count in-process below.
            }
        }

        return local.TryAcquire(target.RpmLimit, target.TpmLimit);
    }

    /// <summary>Adds the tokens an answer reported. Fire-and-forget safe: never throws.</summary>
    public async Task AddTokensAsync(RouteTarget target, long tokens)
    {
        if (tokens <= 0 || !HasLimits(target))
        {
            return;
        }

        var key = TargetKey.From(target);
        Local(key).AddTokens(tokens);
        if (!_store.IsAvailable)
        {
            return;
        }

        try
        {
            await _store.EvaluateAsync(AddTokensScript, [TokensKey(key)], [tokens.ToString(CultureInfo.InvariantCulture)]);
        }
        catch (RedisUnavailableException)
        {
        }
    }

    private UsageWindow Local(TargetKey key) => _local.GetOrAdd(key, _ => new UsageWindow(_time));

    private static string RequestsKey(TargetKey key) => $"usage:{key}:requests";

    private static string TokensKey(TargetKey key) => $"usage:{key}:tokens";

    private static string Limit(int? limit) => (limit ?? -1).ToString(CultureInfo.InvariantCulture);

    private static long Parse(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
