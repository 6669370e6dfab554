using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Http1;

/// <summary>
/// The gateway's own HTTP/1.1 server (<c>Gateway:Server=Switchyard</c>, the default), an <see cref="IServer"/> on plain
/// sockets in place of Kestrel. It answers the proxy endpoints itself, straight from the request's bytes through
/// <see cref="ProxyHandler"/>, and hands every other request to the ASP.NET Core application. Why: on the bench
/// machine Kestrel and ASP.NET Core's per-request machinery cost the gateway more CPU than all of its own work
/// (bench/README.md). Plain HTTP only: TLS and HTTP/2 at the gateway need <c>Gateway:Server=Kestrel</c>.
/// </summary>
public sealed partial class Http1Server : IServer
{
    private readonly IServiceProvider _services;
    private readonly ILogger<Http1Server> _logger;
    private readonly ServerAddresses _addresses = new();
    private readonly List<Socket> _listeners = [];
    private readonly ConcurrentDictionary<Http1Connection, byte> _connections = new();
    private Timer? _heartbeat;
    private volatile bool _stopping;

    public Http1Server(IServiceProvider services, IOptions<Http1ServerOptions> options, ILogger<Http1Server> logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        _logger = logger;
        Options = options.Value;
        Features.Set<IServerAddressesFeature>(_addresses);
    }

    public IFeatureCollection Features { get; } = new FeatureCollection();

    internal Http1ServerOptions Options { get; }

    internal ServerDate Date { get; } = new();

    internal ProxyHandler Proxy { get; private set; } = null!;

    internal InlineGate Gate { get; private set; } = null!;

    internal IHttp1Application Application { get; private set; } = null!;

    internal bool IsStopping => _stopping;

    /// <summary>Open client connections.</summary>
    public int ConnectionCount => _connections.Count;

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        ArgumentNullException.ThrowIfNull(application);
        Proxy = _services.GetRequiredService<ProxyHandler>();
        Gate = _services.GetRequiredService<InlineGate>();
        Application = new Http1Application<TContext>(application);

        var requested = _addresses.Addresses.Count > 0 ? _addresses.Addresses.ToArray() : [GatewayApp.DefaultUrl];
        _addresses.Addresses.Clear();
        foreach (var address in requested)
        {
            foreach (var (endPoint, host) in ListenEndPoints.Resolve(address))
            {
                var listener = Listen(endPoint, address);
                if (listener is null)
                {
                    continue;
                }

                var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
                _addresses.Addresses.Add($"http://{host}:{port}");
                _listeners.Add(listener);
            }
        }

        if (_listeners.Count == 0)
        {
            throw new InvalidOperationException($"The gateway could not listen on {string.Join(", ", requested)}.");
        }

        foreach (var listener in _listeners)
        {
            _ = AcceptAsync(listener);
        }

        _heartbeat = new Timer(static state => ((Http1Server)state!).Beat(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Log.Listening(_logger, string.Join(", ", _addresses.Addresses));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops accepting, closes idle connections at once and lets requests in progress finish (their answers say
    /// Connection: close) until <paramref name="cancellationToken"/> (the host's shutdown timeout) ends the wait;
    /// what is left then is aborted.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        while (!_connections.IsEmpty && !cancellationToken.IsCancellationRequested)
        {
            foreach (var connection in _connections.Keys)
            {
                connection.CloseIfIdle();
            }

            await Task.Delay(20, CancellationToken.None);
        }

        foreach (var connection in _connections.Keys)
        {
            connection.Abort();
        }

        if (_heartbeat is { } heartbeat)
        {
            await heartbeat.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _heartbeat?.Dispose();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        foreach (var connection in _connections.Keys)
        {
            connection.Abort();
        }
    }

    internal void Remove(Http1Connection connection) => _connections.TryRemove(connection, out _);

    internal void ConnectionFailed(Exception exception) => Log.ConnectionFailed(_logger, exception);

    internal void RequestFailed(Exception exception) => Log.RequestFailed(_logger, exception);

    private Socket? Listen(IPEndPoint endPoint, string address)
    {
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.Bind(endPoint);
            listener.Listen(512);
            return listener;
        }
        catch (SocketException ex) when (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && ListenEndPoints.IsLocalhost(address))
        {
            // "localhost" on a machine without IPv6: the IPv4 loopback is enough, as Kestrel does it.
            Log.Ipv6Unavailable(_logger, address, ex.SocketErrorCode.ToString());
            listener.Dispose();
            return null;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private async Task AcceptAsync(Socket listener)
    {
        while (!_stopping)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                if (_stopping)
                {
                    return;
                }

                // A connection that failed between its arrival and the accept (e.g. reset): keep accepting.
                continue;
            }

            accepted.NoDelay = true;
            var connection = new Http1Connection(accepted, this);
            _connections.TryAdd(connection, 0);
            _ = connection.RunAsync();
        }
    }

    private void Beat()
    {
        Date.Update(DateTimeOffset.UtcNow);
        var now = Environment.TickCount64;
        foreach (var connection in _connections.Keys)
        {
            connection.CheckDeadline(now);
        }
    }

    private sealed class ServerAddresses : IServerAddressesFeature
    {
        public ICollection<string> Addresses { get; } = new List<string>();

        public bool PreferHostingUrls { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(1101, LogLevel.Information, "Gateway listening on {Addresses} (Switchyard HTTP/1.1 server)")]
        public static partial void Listening(ILogger logger, string addresses);

        [LoggerMessage(1102, LogLevel.Error, "A request failed with an unhandled exception")]
        public static partial void RequestFailed(ILogger logger, Exception exception);

        [LoggerMessage(1103, LogLevel.Error, "A client connection failed with an unexpected exception")]
        public static partial void ConnectionFailed(ILogger logger, Exception exception);

        [LoggerMessage(1104, LogLevel.Information, "{Address}: IPv6 is not available ({Error}); listening on IPv4 only")]
        public static partial void Ipv6Unavailable(ILogger logger, string address, string error);
    }
}
