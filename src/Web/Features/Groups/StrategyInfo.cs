using Switchyard.Domain.Groups;

namespace Switchyard.Web.Features.Groups;

/// <summary>How the editor names and explains each strategy (DESIGN.md §2).</summary>
public static class StrategyInfo
{
    public static IReadOnlyList<RoutingStrategy> All { get; } =
        [RoutingStrategy.Weighted, RoutingStrategy.LeastOutstanding, RoutingStrategy.LeastLatency, RoutingStrategy.UsageAware, RoutingStrategy.Hybrid];

    public static string Label(RoutingStrategy strategy) => strategy switch
    {
        RoutingStrategy.Weighted => "Weighted",
        RoutingStrategy.LeastOutstanding => "Least outstanding",
        RoutingStrategy.LeastLatency => "Least latency",
        RoutingStrategy.UsageAware => "Usage aware",
        RoutingStrategy.Hybrid => "Hybrid",
        _ => strategy.ToString(),
    };

    public static string Description(RoutingStrategy strategy) => strategy switch
    {
        RoutingStrategy.Weighted => "Random choice in proportion to the weights.",
        RoutingStrategy.LeastOutstanding => "Two weighted draws; the one with fewer requests in flight per unit of weight wins. Latency-aware under bursts.",
        RoutingStrategy.LeastLatency => "Prefers targets with the lowest recent latency; near-equals share the traffic.",
        RoutingStrategy.UsageAware => "Respects each target's RPM/TPM limits across all gateway instances: a target near its limit gets less.",
        RoutingStrategy.Hybrid => "Weights scaled by health, latency and headroom.",
        _ => string.Empty,
    };
}
