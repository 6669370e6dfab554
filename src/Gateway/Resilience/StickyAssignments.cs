using System.Collections.Concurrent;

namespace Switchyard.Gateway.Resilience;

/// <summary>
/// Sticky assignments (sticky key → target) in two tiers: an in-process cache, then Redis, so that every instance maps
/// a key to the same target until its TTL passes. Redis decides races: the first <c>SET … NX</c> wins and everyone
/// adopts the winner; a re-pin replaces the old target only if it is still the one stored (compare-and-set in Lua).
/// With Redis unavailable the in-process tier carries on alone and is written back once Redis returns.
/// Values are opaque strings (the gateway stores <c>TargetKey</c> text).
/// </summary>
public sealed class StickyAssignments
{
    // Returns {value, remaining ms} or {nil, 0}.
    private const string GetScript = """
        local v = redis.call('GET', KEYS[1])
        if not v then return {false, 0} end
        return {v, redis.call('PTTL', KEYS[1])}
        """;

    // ARGV: proposed value, ttl ms, expected current value ('' = expect none). Sets when the current value is absent
    // or equals the expected one; returns the value now stored and its remaining ms.
    private const string AssignScript = """
        local v = redis.call('GET', KEYS[1])
        if (not v) or (ARGV[3] ~= '' and v == ARGV[3]) then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return {ARGV[1], tonumber(ARGV[2])}
        end
        return {v, redis.call('PTTL', KEYS[1])}
        """;

    private readonly ConcurrentDictionary<string, Entry> _local = new(StringComparer.Ordinal);
    private readonly Redis.IRedisStore _store;
    private readonly TimeProvider _time;
    private readonly StickyOptions _options;
    private int _epoch;

    public StickyAssignments(Redis.IRedisStore store, TimeProvider time, StickyOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _time = time;
        _options = options;

        // After an outage, re-check every local entry against Redis (and write back those Redis lost).
        store.BecameAvailable += () => Interlocked.Increment(ref _epoch);
    }

    public int LocalCount => _local.Count;

    /// <summary><c>sticky:{organization}:{group}:{sticky hash}</c>, with an optional variant (e.g. for inline target lists).</summary>
    public static string KeyFor(Guid organizationId, Guid groupId, string stickyHash, string? variant = null) =>
        variant is null
            ? $"sticky:{organizationId:N}:{groupId:N}:{stickyHash}"
            : $"sticky:{organizationId:N}:{groupId:N}:{variant}:{stickyHash}";

    /// <summary>The assigned value, or null when there is none (or it expired).</summary>
    public async ValueTask<string?> GetAsync(string key)
    {
        var now = _time.GetTimestamp();
        var epoch = Volatile.Read(ref _epoch);
        if (_local.TryGetValue(key, out var entry))
        {
            if (now >= entry.ExpiresAt)
            {
                _local.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                entry = null;
            }
            else if ((now < entry.RecheckAt && entry.Epoch == epoch) || !_store.IsAvailable)
            {
                return entry.Value;
            }
        }

        if (!_store.IsAvailable)
        {
            return null;
        }

        try
        {
            var reply = await _store.EvaluateAsync(GetScript, [key], []);
            if (reply[0] is { } value && ParseMs(reply, 1) > 0)
            {
                Remember(key, value, TimeSpan.FromMilliseconds(ParseMs(reply, 1)), epoch);
                return value;
            }

            if (entry is not null)
            {
                // Redis lost it (restarted empty, or it was set while Redis was down): share ours for its remaining time.
                var remaining = _time.GetElapsedTime(now, entry.ExpiresAt);
                return await AssignAsync(key, entry.Value, remaining, replacing: null);
            }

            return null;
        }
        catch (Redis.RedisUnavailableException)
        {
            return entry?.Value;
        }
    }

    /// <summary>
    /// Stores <paramref name="proposed"/> for <paramref name="ttl"/> unless another instance got there first, and
    /// returns the value that holds. With <paramref name="replacing"/> set (a re-pin), the stored value is replaced only
    /// if it is still that one, so two instances re-pinning at once still agree.
    /// </summary>
    public async ValueTask<string> AssignAsync(string key, string proposed, TimeSpan ttl, string? replacing)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        var epoch = Volatile.Read(ref _epoch);
        var ttlMs = Math.Max(1, (long)ttl.TotalMilliseconds);
        if (_store.IsAvailable)
        {
            try
            {
                var reply = await _store.EvaluateAsync(
                    AssignScript,
                    [key],
                    [proposed, ttlMs.ToString(System.Globalization.CultureInfo.InvariantCulture), replacing ?? string.Empty]);
                if (reply[0] is { } winner)
                {
                    var remaining = ParseMs(reply, 1);
                    Remember(key, winner, TimeSpan.FromMilliseconds(remaining > 0 ? remaining : ttlMs), epoch);
                    return winner;
                }
            }
            catch (Redis.RedisUnavailableException)
            {
                // Fall through to the in-process tier.
            }
        }

        Remember(key, proposed, TimeSpan.FromMilliseconds(ttlMs), epoch - 1);
        return proposed;
    }

    /// <summary>Drops expired in-process entries; returns how many.</summary>
    public int SweepExpired()
    {
        var now = _time.GetTimestamp();
        var removed = 0;
        foreach (var pair in _local)
        {
            if (now >= pair.Value.ExpiresAt && _local.TryRemove(pair))
            {
                removed++;
            }
        }

        return removed;
    }

    private void Remember(string key, string value, TimeSpan ttl, int epoch)
    {
        if (_local.Count >= _options.MaxLocalEntries && SweepExpired() == 0)
        {
            // Still full of live entries: forget an arbitrary half. They are refetched from Redis on next use.
            var drop = _local.Count / 2;
            foreach (var pair in _local)
            {
                if (drop-- <= 0)
                {
                    break;
                }

                _local.TryRemove(pair);
            }
        }

        var now = _time.GetTimestamp();
        var recheck = ttl < _options.LocalRecheck ? ttl : _options.LocalRecheck;
        _local[key] = new Entry(value, now + ToTimestamp(ttl), now + ToTimestamp(recheck), epoch);
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private static long ParseMs(string?[] reply, int index) =>
        reply.Length > index && long.TryParse(reply[index], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : 0;

    // Epoch older than the current one (or set while Redis was unavailable) makes the next read check Redis.
    private sealed record Entry(string Value, long ExpiresAt, long RecheckAt, int Epoch);
}
