using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Switchyard.Gateway.Forwarding.Http1Client;

/// <summary>
/// The gateway's own HTTP/1.1 client, for upstreams on plain http (local inference servers such as vLLM or Ollama,
/// sidecars, the bench's mock): a pool of keep-alive connections per host and port, the request written straight
/// from the forward body and the answer read as it arrives, without <see cref="HttpRequestMessage"/>, header
/// collections or content objects. https upstreams (TLS, HTTP/2), a configured proxy and a connection limit stay with
/// <see cref="SocketsHttpHandler"/>. <c>Forwarding:Http1Client=false</c> sends everything through it.
/// </summary>
internal sealed class Http1UpstreamClient : IDisposable
{
    private readonly UpstreamForwarderOptions _options;
    private readonly bool _enabled;
    private readonly ConditionalWeakTable<Uri, Http1UpstreamTarget> _targets = new();
    private readonly ConcurrentDictionary<(string Host, int Port), Http1UpstreamPool> _pools = new();
    private readonly Timer _sweeper;

    public Http1UpstreamClient(UpstreamForwarderOptions options)
    {
        _options = options;
        _enabled = options.Http1Client && !options.UseProxy && options.MaxConnectionsPerServer is null;
        _sweeper = new Timer(static state => ((Http1UpstreamClient)state!).Sweep(), this, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
    }

    /// <summary>Whether this client sends requests to <paramref name="uri"/>.</summary>
    public bool Serves(Uri uri) => _enabled && ReferenceEquals(uri.Scheme, Uri.UriSchemeHttp);

    /// <summary>Sends the request on a pooled or a new connection; see <see cref="Http1UpstreamConnection.ExchangeAsync"/>.</summary>
    public ValueTask<UpstreamAnswer> SendAsync(
        Uri uri, bool isGet, ReadOnlyMemory<byte> body, UpstreamHeaderSet headers, CancellationToken cancellationToken, CancellationToken firstByte)
    {
        var target = _targets.GetValue(uri, u => new Http1UpstreamTarget(u, PoolFor(u)));
        var connection = target.Pool.TryRent() ?? new Http1UpstreamConnection(target.Pool);
        return connection.ExchangeAsync(target, isGet, body, headers, _options.ConnectTimeout, cancellationToken, firstByte);
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        foreach (var pool in _pools.Values)
        {
            pool.Clear();
        }
    }

    private Http1UpstreamPool PoolFor(Uri uri)
    {
        var host = Http1UpstreamTarget.ConnectHost(uri);
        return _pools.GetOrAdd((host, uri.Port), static (key, options) => new Http1UpstreamPool(key.Host, key.Port, options), _options);
    }

    private void Sweep()
    {
        foreach (var pool in _pools.Values)
        {
            pool.Sweep();
        }
    }
}
