using Switchyard.Domain.Health;
using Switchyard.Domain.Routing;

namespace Switchyard.Domain.Strategies;

/// <summary>One target as a strategy sees it: configuration (weight, limits), runtime state and current usage.</summary>
public readonly record struct StrategyCandidate(RouteTarget Target, TargetState State, UsageSnapshot Usage)
{
    public double Weight => Target.Weight;
}
