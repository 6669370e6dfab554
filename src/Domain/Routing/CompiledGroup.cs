using Switchyard.Domain.Groups;

namespace Switchyard.Domain.Routing;

/// <summary>A validated group, resolved against its organization's connections: immutable, ready to route by.</summary>
public sealed record CompiledGroup
{
    /// <summary>The database ID (stable across renames), for state that must survive reloads.</summary>
    public required Guid Id { get; init; }

    /// <summary>The ID clients send, like <c>lbg_7Qk2v9xT</c>.</summary>
    public required string PublicId { get; init; }
    public required string Name { get; init; }

    /// <summary>Config version, shown in <c>x-switchyard-group</c>.</summary>
    public required int Version { get; init; }
    public required RoutingStrategy Strategy { get; init; }

    /// <summary>Dot paths into the body; empty = no stickiness.</summary>
    public required IReadOnlyList<string> StickyHashFields { get; init; }
    public required TimeSpan StickyTtl { get; init; }

    /// <summary>As configured; empty means the default (429 and 5xx), see <see cref="IsRetryableStatus"/>.</summary>
    public required IReadOnlyList<int> RetryOnStatusCodes { get; init; }
    public TimeSpan? RequestTimeout { get; init; }
    public TimeSpan? FirstByteTimeout { get; init; }

    /// <summary>All targets in configured order, weight-0 ones included (they are never chosen).</summary>
    public required IReadOnlyList<RouteTarget> Targets { get; init; }

    /// <summary>The group's fallback models, in order, each with weight 1.</summary>
    public required IReadOnlyList<RouteTarget> Fallbacks { get; init; }

    public bool IsSticky => StickyHashFields.Count > 0;

    /// <summary>The value of <c>x-switchyard-group</c>: ID and config version.</summary>
    public string HeaderValue => $"{PublicId};v={Version}";

    /// <summary>Whether an upstream answer with <paramref name="statusCode"/> should move on to the next target.</summary>
    public bool IsRetryableStatus(int statusCode) =>
        RetryOnStatusCodes.Count == 0 ? IsDefaultRetryableStatus(statusCode) : RetryOnStatusCodes.Contains(statusCode);

    /// <summary>The default when a group does not configure <c>on_status_codes</c>: 429 and every 5xx.</summary>
    public static bool IsDefaultRetryableStatus(int statusCode) => statusCode is 429 or (>= 500 and <= 599);
}
