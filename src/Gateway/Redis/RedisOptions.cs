namespace Switchyard.Gateway.Redis;

/// <summary>Configuration section <c>Redis</c> (see docs/resilience.md).</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c> or <c>redis:6379,password=…</c>.
    /// Empty: no Redis; the gateway runs as a single instance with in-process stickiness, health and limits.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key and channel, so several deployments (or test runs) can share one Redis.</summary>
    public string KeyPrefix { get; set; } = Data.Notifications.RedisConfigChannel.DefaultKeyPrefix;

    /// <summary>
    /// Longest wait for one Redis call on the request path. Past it the call counts as failed, the request goes on with
    /// in-process state, and Redis is left alone until a probe (every <see cref="ProbeIntervalMs"/>) answers again.
    /// </summary>
    public int OperationTimeoutMs { get; set; } = 250;

    /// <summary>While Redis is considered down, how often it is pinged to find out whether it is back.</summary>
    public int ProbeIntervalMs { get; set; } = 200;

    /// <summary>Time allowed to open the connection at start; the gateway starts either way and keeps trying.</summary>
    public int ConnectTimeoutMs { get; set; } = 2000;
}
