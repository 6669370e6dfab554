using System.Diagnostics.CodeAnalysis;

namespace Switchyard.Domain.Routing;

/// <summary>Either a <see cref="RoutePlan"/> or a <see cref="RoutingError"/>: the outcome of <see cref="RequestResolver.Resolve"/>.</summary>
public sealed class RouteResolution
{
    private RouteResolution(RoutePlan? plan, RoutingError? error)
    {
        Plan = plan;
        Error = error;
    }

    public RoutePlan? Plan { get; }
    public RoutingError? Error { get; }

    [MemberNotNullWhen(true, nameof(Plan))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Plan is not null;

    public static RouteResolution Success(RoutePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new(plan, null);
    }

    public static RouteResolution Failure(RoutingError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error);
    }

    public static implicit operator RouteResolution(RoutePlan plan) => Success(plan);

    public static implicit operator RouteResolution(RoutingError error) => Failure(error);

    public bool TryGetPlan([NotNullWhen(true)] out RoutePlan? plan, [NotNullWhen(false)] out RoutingError? error)
    {
        plan = Plan;
        error = Error;
        return Succeeded;
    }

    public override string ToString() => Succeeded ? $"plan: {Plan.WireTag}" : $"error: {Error.WireCode}";
}
