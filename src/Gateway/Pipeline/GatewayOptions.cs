using System.ComponentModel.DataAnnotations;

namespace Switchyard.Gateway.Pipeline;

/// <summary>Configuration section <c>Gateway</c> (documented in README.md and docs/gateway.md).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>The default of <see cref="InlineBelowRequestsPerSecond"/>, per processor.</summary>
    public const int DefaultInlineRequestsPerSecondPerCore = 1000;

    /// <summary>Largest accepted request body; larger ones get 413. Default 16 MiB.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Upper bound on targets tried for one request (group, then fallbacks).</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Used when a group sets no <c>request_timeout_ms</c>.</summary>
    [Range(1000, 3_600_000)]
    public int DefaultRequestTimeoutMs { get; set; } = 600_000;

    /// <summary>Full reload of the route table every so often, in case a change notification was missed.</summary>
    [Range(1, 86_400)]
    public int RouteReloadIntervalSeconds { get; set; } = 30;

    /// <summary>
    /// Below this many requests per second a request runs on the socket thread that read it; above, on the thread
    /// pool (see <see cref="InlineGate"/>). Null: 1,000 per processor. 0: always on the thread pool. Has an effect
    /// only with Kestrel's inline scheduling, which the gateway turns on unless
    /// <c>Kestrel:Sockets:UnsafePreferInlineScheduling</c> is false.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int? InlineBelowRequestsPerSecond { get; set; }
}
