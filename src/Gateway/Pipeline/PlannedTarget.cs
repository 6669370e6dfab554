using Switchyard.Domain.Routing;

namespace Switchyard.Gateway.Pipeline;

/// <summary>A target in the order it will be tried; <see cref="IsFallback"/> marks the group's or the request's fallbacks.</summary>
public readonly record struct PlannedTarget(RouteTarget Target, bool IsFallback);
