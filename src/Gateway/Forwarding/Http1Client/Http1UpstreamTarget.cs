using System.Text;

namespace Switchyard.Gateway.Forwarding.Http1Client;

/// <summary>What one upstream URL needs for a request, built once: its request lines (with Host) and its pool.</summary>
internal sealed class Http1UpstreamTarget(Uri uri, Http1UpstreamPool pool)
{
    public Http1UpstreamPool Pool { get; } = pool;

    /// <summary><c>POST /path?query HTTP/1.1\r\nHost: host:port\r\n</c>.</summary>
    public byte[] PostPrefix { get; } = Prefix("POST", uri);

    public byte[] GetPrefix { get; } = Prefix("GET", uri);

    /// <summary>The Host header names the port only when it is not the scheme's default (RFC 9110 §7.2).</summary>
    public static string HostHeader(Uri uri)
    {
        var host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]" : uri.IdnHost;
        return uri.IsDefaultPort ? host : $"{host}:{uri.Port}";
    }

    /// <summary>Where to connect: the host without brackets, for DNS or an address literal.</summary>
    public static string ConnectHost(Uri uri) => uri.HostNameType == UriHostNameType.IPv6 ? uri.IdnHost.Trim('[', ']') : uri.IdnHost;

    private static byte[] Prefix(string method, Uri uri) =>
        Encoding.ASCII.GetBytes($"{method} {uri.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped)} HTTP/1.1\r\nHost: {HostHeader(uri)}\r\n");
}
