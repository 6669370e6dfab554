using Switchyard.Domain.Groups;

namespace Switchyard.Domain.Routing;

/// <summary>
/// What a request may be sent to, before health, stickiness and the strategy pick among <see cref="Candidates"/>.
/// Try order on failure: the rest of <see cref="Candidates"/> by weight, then <see cref="Fallbacks"/> in order.
/// </summary>
public sealed record RoutePlan
{
    public required RouteKind Kind { get; init; }

    /// <summary>The group whose settings apply (strategy, stickiness, timeouts, retry codes), or null for direct and inline-only routes.</summary>
    public CompiledGroup? Group { get; init; }

    /// <summary>Weights as given; a direct route has one candidate of weight 1. Weight-0 candidates are never chosen.</summary>
    public required IReadOnlyList<RouteTarget> Candidates { get; init; }

    /// <summary>The group's fallbacks, then the request's <c>fallback_models</c>; no duplicates, none that is already a routable candidate.</summary>
    public required IReadOnlyList<RouteTarget> Fallbacks { get; init; }

    /// <summary>The request used <c>loadbalance_models</c>: answer with a <c>Deprecation</c> header.</summary>
    public bool UsedDeprecatedAlias { get; init; }

    /// <summary><c>direct</c>, <c>inline</c>, <c>group</c> or <c>key_policy</c>.</summary>
    public string WireTag => Kind.ToWireTag();

    public RoutingStrategy Strategy => Group?.Strategy ?? RoutingStrategy.Weighted;
}
