using Switchyard.Domain.Health;
using Switchyard.Domain.Strategies;

namespace Switchyard.Gateway.Resilience;

/// <summary>
/// Configuration section <c>Resilience</c>, bound once at start-up (see docs/resilience.md for every key):
/// <c>Health</c>, <c>Latency</c>, <c>Strategies</c>, <c>Retry</c>, <c>Sticky</c>.
/// </summary>
public sealed class ResilienceOptions
{
    public const string SectionName = "Resilience";

    public PassiveHealthOptions Health { get; set; } = new();

    public LatencyOptions Latency { get; set; } = new();

    public StrategyOptions Strategies { get; set; } = new();

    public RetryBackoffOptions Retry { get; set; } = new();

    public StickyOptions Sticky { get; set; } = new();

    /// <summary>Runtime state of targets unused for this long is forgotten (targets removed from every group).</summary>
    public TimeSpan ForgetIdleTargetsAfter { get; set; } = TimeSpan.FromMinutes(30);

    public static ResilienceOptions Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ResilienceOptions();
        configuration.GetSection(SectionName).Bind(options);
        options.Health.Validate();
        options.Latency.Validate();
        options.Strategies.Validate();
        options.Retry.Validate();
        if (options.Sticky.LocalRecheck <= TimeSpan.Zero || options.Sticky.MaxLocalEntries < 1)
        {
            throw new ArgumentException("Resilience:Sticky:LocalRecheck must be positive and MaxLocalEntries at least 1.");
        }

        return options;
    }
}
