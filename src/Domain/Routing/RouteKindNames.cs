namespace Switchyard.Domain.Routing;

/// <summary>Wire tags of <see cref="RouteKind"/>, as they appear in <c>x-switchyard-route</c> and the request log.</summary>
public static class RouteKindNames
{
    public const string Direct = "direct";
    public const string Inline = "inline";
    public const string Group = "group";
    public const string KeyPolicy = "key_policy";

    public static string ToWireTag(this RouteKind kind) => kind switch
    {
        RouteKind.Direct => Direct,
        RouteKind.Inline => Inline,
        RouteKind.Group => Group,
        RouteKind.KeyPolicy => KeyPolicy,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
