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

    /// <summary>
    /// Sends the request and returns the answer once its head has arrived. A pooled connection the upstream had
    /// closed meanwhile (nothing received on it) is replaced by a new one and the request sent again, as
    /// <see cref="SocketsHttpHandler"/> does; any other failure is thrown as a transport exception.
    /// </summary>
    public async ValueTask<UpstreamAnswer> SendAsync(
        Uri uri, bool isGet, ReadOnlyMemory<byte> body, UpstreamHeaderSet headers, CancellationToken cancellationToken, CancellationToken firstByte)
    {
        var target = _targets.GetValue(uri, u => new Http1UpstreamTarget(u, PoolFor(u)));
        var connection = target.Pool.TryRent();
        connection ??= await Http1UpstreamConnection.ConnectAsync(target.Pool, _options.ConnectTimeout, firstByte);
        try
        {
            await connection.ExchangeAsync(target, isGet, body, headers, cancellationToken, firstByte);
        }
        catch (Exception ex) when (connection.IsReused && connection.Received == 0 && ex is IOException && !firstByte.IsCancellationRequested)
        {
            connection.Release();
            connection = await Http1UpstreamConnection.ConnectAsync(target.Pool, _options.ConnectTimeout, firstByte);
            await ExchangeOrReleaseAsync(connection, target, isGet, body, headers, cancellationToken, firstByte);
        }
        catch
        {
            connection.Release();
            throw;
        }

        return new Http1UpstreamAnswer(connection);
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        foreach (var pool in _pools.Values)
        {
            pool.Clear();
        }
    }

    private static async ValueTask ExchangeOrReleaseAsync(
        Http1UpstreamConnection connection, Http1UpstreamTarget target, bool isGet, ReadOnlyMemory<byte> body, UpstreamHeaderSet headers,
        CancellationToken cancellationToken, CancellationToken firstByte)
    {
        try
        {
            await connection.ExchangeAsync(target, isGet, body, headers, cancellationToken, firstByte);
        }
        catch
        {
            connection.Release();
            throw;
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
