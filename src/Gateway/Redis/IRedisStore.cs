namespace Switchyard.Gateway.Redis;

/// <summary>
/// The little of Redis the gateway needs, behind our own interface: strings with expiry, Lua scripts and pub/sub.
/// Every call is asynchronous (StackExchange.Redis 1.2.6's synchronous calls starve its socket reader under load) and
/// bounded by a short timeout. Failures surface as <see cref="RedisUnavailableException"/> only; callers check
/// <see cref="IsAvailable"/> first to skip Redis cheaply during an outage.
/// Keys and channels are passed without the prefix: the store adds <see cref="RedisOptions.KeyPrefix"/>.
/// </summary>
public interface IRedisStore
{
    /// <summary>False when no Redis is configured (single-instance mode).</summary>
    bool IsEnabled { get; }

    /// <summary>Connected and not resting after a failure: worth asking.</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// Raised (on a thread-pool thread) whenever Redis becomes usable: at the first connection and after every outage,
    /// e.g. to load shared state or write back what was decided meanwhile.
    /// </summary>
    event Action? BecameAvailable;

    Task<string?> GetAsync(string key);

    /// <summary><c>SET key value PX ttl NX</c>: true when the key was absent and is now set.</summary>
    Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan ttl);

    /// <summary><c>SET key value PX ttl</c>.</summary>
    Task SetAsync(string key, string value, TimeSpan ttl);

    Task<bool> DeleteAsync(string key);

    /// <summary>
    /// Runs a Lua script atomically. The reply is flattened to strings: a scalar becomes one element, an array its
    /// elements (integers in decimal, nil as null).
    /// </summary>
    Task<string?[]> EvaluateAsync(string script, IReadOnlyList<string> keys, IReadOnlyList<string> arguments);

    Task PublishAsync(string channel, string message);

    /// <summary>
    /// Registers a handler for a channel. Works while Redis is down: the subscription is made as soon as it is up,
    /// and renewed after every reconnect. Handlers run on a Redis thread: keep them short and never block.
    /// </summary>
    void Subscribe(string channel, Action<string> handler);
}
