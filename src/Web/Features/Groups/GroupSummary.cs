using Switchyard.Domain.Groups;

namespace Switchyard.Web.Features.Groups;

/// <summary>A row of the groups list.</summary>
public sealed record GroupSummary(
    string PublicId,
    string Name,
    RoutingStrategy Strategy,
    int Version,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<TargetShare> Targets,
    bool Sticky);

/// <summary>A target as <c>slug/model</c> with its normalized share of the traffic (0–1).</summary>
public sealed record TargetShare(string Model, double Weight, double Share);
