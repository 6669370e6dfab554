namespace Switchyard.Gateway.Pipeline;

/// <summary>Response headers of DESIGN.md §2 "What the caller sees" (documented in docs/gateway.md).</summary>
public static class GatewayHeaders
{
    public const string RequestId = "x-switchyard-request-id";
    public const string Group = "x-switchyard-group";
    public const string Target = "x-switchyard-target";
    public const string Route = "x-switchyard-route";
    public const string Attempts = "x-switchyard-attempts";
    public const string Fallback = "x-switchyard-fallback";
    public const string HealthBypass = "x-switchyard-health-bypass";
    public const string Deprecation = "Deprecation";
}
