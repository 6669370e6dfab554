using System.Collections.Frozen;

namespace Switchyard.Gateway.Forwarding;

/// <summary>Which headers cross the gateway, in each direction.</summary>
internal static class HeaderPolicy
{
    /// <summary>Hop-by-hop headers (RFC 9110 §7.6.1) and headers that belong to one connection.</summary>
    private static readonly FrozenSet<string> _hopByHop = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
        "proxy-authenticate", "proxy-authorization", "host", "content-length");

    /// <summary>Credentials and identities: never from the client to an upstream, never from an upstream to the client.</summary>
    private static readonly FrozenSet<string> _credentials = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "authorization", "api-key", "x-api-key", "cookie", "set-cookie", "set-cookie2", "www-authenticate",
        "openai-organization", "openai-project", "anthropic-organization-id", "anthropic-version");

    /// <summary>Upstream response headers that describe the upstream's server rather than the answer.</summary>
    private static readonly FrozenSet<string> _upstreamOnly = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "server", "date", "alt-svc", "strict-transport-security", "via");

    private const string GatewayPrefix = "x-switchyard-";

    /// <summary>Whether an extra request header from <see cref="UpstreamCall.Headers"/> may be sent upstream.</summary>
    public static bool MayForward(string name) =>
        !_hopByHop.Contains(name) && !_credentials.Contains(name) && !name.StartsWith(GatewayPrefix, StringComparison.OrdinalIgnoreCase)
        && !name.Equals("content-type", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether an upstream response header is copied to the client. Content-Length is handled by the copier.</summary>
    public static bool MayReturn(string name) =>
        !_hopByHop.Contains(name) && !_credentials.Contains(name) && !_upstreamOnly.Contains(name)
        && !name.StartsWith(GatewayPrefix, StringComparison.OrdinalIgnoreCase);
}
