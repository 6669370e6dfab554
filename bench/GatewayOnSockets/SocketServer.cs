using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

/// <summary>
/// An <see cref="IServer"/> on plain sockets: one accept loop per address, one task per connection, each request
/// handed to the ASP.NET Core application on the thread its bytes arrived on.
/// </summary>
internal sealed class SocketServer : IServer
{
    private readonly ServerAddressesFeature _addresses = new();
    private readonly List<Socket> _listeners = [];
    private readonly CancellationTokenSource _stopping = new();

    public SocketServer() => Features.Set<IServerAddressesFeature>(_addresses);

    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        foreach (var address in _addresses.Addresses)
        {
            var uri = new Uri(address);
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Parse(uri.Host), uri.Port));
            listener.Listen(1024);
            _listeners.Add(listener);
            _ = AcceptAsync(listener, application);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _stopping.Dispose();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }

    private async Task AcceptAsync<TContext>(Socket listener, IHttpApplication<TContext> application)
        where TContext : notnull
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            accepted.NoDelay = true;
            _ = new Http1Connection<TContext>(accepted, application).RunAsync();
        }
    }

    private sealed class ServerAddressesFeature : IServerAddressesFeature
    {
        public ICollection<string> Addresses { get; } = new List<string>();

        public bool PreferHostingUrls { get; set; }
    }
}
