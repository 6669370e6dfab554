namespace Switchyard.Domain.Routing;

/// <summary>Which precedence rule chose the candidates (DESIGN.md §2); the first step of <c>x-switchyard-route</c>.</summary>
public enum RouteKind
{
    /// <summary><c>model</c> named a concrete model.</summary>
    Direct = 0,

    /// <summary><c>load_balance_group.models</c> (or <c>loadbalance_models</c>).</summary>
    Inline = 1,

    /// <summary><c>load_balance_group.group_id</c>, or <c>model: "group:&lt;id&gt;"</c>.</summary>
    Group = 2,

    /// <summary>The API key's default group.</summary>
    KeyPolicy = 3,
}
