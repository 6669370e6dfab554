namespace Switchyard.Domain.Routing;

/// <summary>The routing-relevant fields of a request body, already parsed from JSON by the gateway.</summary>
public sealed record RoutingRequest
{
    /// <summary><c>model</c>: a concrete model, <c>group:&lt;id&gt;</c>, a bare <c>lbg_…</c> ID, or null. Blank counts as absent.</summary>
    public string? Model { get; init; }

    /// <summary><c>load_balance_group.models</c> or <c>loadbalance_models</c>; null when neither was sent.</summary>
    public IReadOnlyList<InlineModel>? InlineModels { get; init; }

    /// <summary>True when <see cref="InlineModels"/> came from the deprecated <c>loadbalance_models</c>.</summary>
    public bool InlineFromDeprecatedAlias { get; init; }

    /// <summary><c>load_balance_group.group_id</c>. Blank counts as absent.</summary>
    public string? GroupId { get; init; }

    /// <summary><c>fallback_models</c>, in order.</summary>
    public IReadOnlyList<string> FallbackModels { get; init; } = [];
}
