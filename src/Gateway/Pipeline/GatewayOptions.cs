using System.ComponentModel.DataAnnotations;

namespace Switchyard.Gateway.Pipeline;

/// <summary>Configuration section <c>Gateway</c> (documented in README.md and docs/gateway.md).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

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
}
