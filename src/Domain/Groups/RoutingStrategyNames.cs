namespace Switchyard.Domain.Groups;

/// <summary>The wire names of <see cref="RoutingStrategy"/> (DESIGN.md §2).</summary>
public static class RoutingStrategyNames
{
    public const string Weighted = "weighted";
    public const string LeastOutstanding = "least_outstanding";
    public const string LeastLatency = "least_latency";
    public const string UsageAware = "usage_aware";
    public const string Hybrid = "hybrid";

    public static string ToName(this RoutingStrategy strategy) => strategy switch
    {
        RoutingStrategy.Weighted => Weighted,
        RoutingStrategy.LeastOutstanding => LeastOutstanding,
        RoutingStrategy.LeastLatency => LeastLatency,
        RoutingStrategy.UsageAware => UsageAware,
        RoutingStrategy.Hybrid => Hybrid,
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
    };

    public static bool TryParse(string? name, out RoutingStrategy strategy)
    {
        switch (name)
        {
            case Weighted: strategy = RoutingStrategy.Weighted; return true;
            case LeastOutstanding: strategy = RoutingStrategy.LeastOutstanding; return true;
            case LeastLatency: strategy = RoutingStrategy.LeastLatency; return true;
            case UsageAware: strategy = RoutingStrategy.UsageAware; return true;
            case Hybrid: strategy = RoutingStrategy.Hybrid; return true;
            default: strategy = default; return false;
        }
    }
}
