using System.Net;

namespace Switchyard.Gateway.Http1;

/// <summary>
/// Where an address from <c>urls</c> (<c>ASPNETCORE_URLS</c>, <c>--urls</c>) listens, read as Kestrel reads it:
/// <c>http://127.0.0.1:8080</c>, <c>http://localhost:8080</c> (both loopbacks), <c>http://*:8080</c>,
/// <c>http://+:8080</c>, <c>http://0.0.0.0:8080</c> or any other host name (every interface), port 0 for a free one.
/// </summary>
internal static class ListenEndPoints
{
    public static IEnumerable<(IPEndPoint EndPoint, string Host)> Resolve(string address)
    {
        var binding = BindingAddress.Parse(address);
        if (!string.Equals(binding.Scheme, "http", StringComparison.OrdinalIgnoreCase) || binding.IsUnixPipe)
        {
            throw new InvalidOperationException(
                $"The gateway's own server listens on plain http:// addresses only, not '{address}'. For TLS or HTTP/2 at the gateway, set Gateway:Server=Kestrel (docs/gateway.md).");
        }

        if (!string.IsNullOrEmpty(binding.PathBase))
        {
            throw new InvalidOperationException($"A listen address cannot have a path: '{address}'.");
        }

        var port = binding.Port;
        if (IsLocalhost(address))
        {
            yield return (new IPEndPoint(IPAddress.Loopback, port), "localhost");
            yield return (new IPEndPoint(IPAddress.IPv6Loopback, port), "localhost");
            yield break;
        }

        if (IPAddress.TryParse(binding.Host.Trim('[', ']'), out var ip))
        {
            yield return (new IPEndPoint(ip, port), ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString());
            yield break;
        }

        // "*", "+" and host names: every interface, IPv4 and IPv6 on one dual-mode socket.
        yield return (new IPEndPoint(IPAddress.IPv6Any, port), "[::]");
    }

    public static bool IsLocalhost(string address) =>
        string.Equals(BindingAddress.Parse(address).Host, "localhost", StringComparison.OrdinalIgnoreCase);
}
