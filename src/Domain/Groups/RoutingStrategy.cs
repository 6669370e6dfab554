namespace Switchyard.Domain.Groups;

/// <summary>How a group chooses among its healthy targets.</summary>
public enum RoutingStrategy
{
    Weighted = 0,
    LeastOutstanding = 1,
    LeastLatency = 2,
    UsageAware = 3,
    Hybrid = 4,
}
