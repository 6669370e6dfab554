using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Switchyard.TestCommon;

namespace Switchyard.Web.Tests.Infrastructure;

/// <summary>
/// The real dashboard (<see cref="WebApp.Build"/>) on Kestrel at 127.0.0.1 with a free port, for HTTP clients
/// and browsers alike, on a fresh PostgreSQL database of its own (migrated at start, dropped at the end).
/// Also a class or collection fixture.
/// </summary>
public sealed class DashboardServer : IAsyncLifetime, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConnectionContext> _connections = new();
    private PostgresDatabase? _database;
    private WebApplication? _app;

    /// <summary>Root URL of the running dashboard, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The dashboard's database (<c>ConnectionStrings:Postgres</c>).</summary>
    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("The dashboard has not started.");

    /// <summary>The running dashboard's services, e.g. to arrange data the way the dashboard itself would.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The dashboard is not running.");

    /// <summary>Builds and starts the dashboard on a port chosen by the OS.</summary>
    public static async Task<DashboardServer> StartAsync()
    {
        var server = new DashboardServer();
        await server.InitializeAsync();
        return server;
    }

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync("web");
        _app = await StartAppAsync(port: 0);
        BaseAddress = new Uri(_app.Urls.Single().TrimEnd('/') + "/");
    }

    /// <summary>An <see cref="HttpClient"/> aimed at the dashboard.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    /// <summary>
    /// Aborts every open TCP connection, the circuits' WebSockets included, as a network blip would.
    /// The server keeps running and keeps the disconnected circuits, so clients can rejoin them.
    /// </summary>
    /// <returns>How many connections were dropped.</returns>
    public int DropConnections()
    {
        var dropped = 0;
        foreach (var connection in _connections.Values)
        {
            connection.Abort(new ConnectionAbortedException("Dropped by the test."));
            dropped++;
        }

        return dropped;
    }

    /// <summary>
    /// Stops the dashboard and starts a fresh instance on the same port, as a redeploy would: every circuit is gone.
    /// </summary>
    public async Task RestartAsync()
    {
        await StopAppAsync();
        _app = await StartAppAsync(BaseAddress.Port);
    }

    public async Task DisposeAsync()
    {
        await StopAppAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
            _database = null;
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private async Task<WebApplication> StartAppAsync(int port)
    {
        string[] args =
        [
            "--urls", $"http://127.0.0.1:{port}",
            "--environment", "Production",
            $"--ConnectionStrings:Postgres={ConnectionString}",
            .. TestEnvironment.SecretSettings.Select(setting => $"--{setting.Key}={setting.Value}"),
        ];
        var app = WebApp.Build(
            args,
            builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                SharedBootstrapBlazorCache.Use(builder.Services);
                builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
                builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(TrackConnections));
            });
        await WebApp.PrepareAsync(app);
        await app.StartAsync();
        return app;
    }

    private void TrackConnections(ListenOptions listen) =>
        listen.Use(next => async connection =>
        {
            _connections[connection.ConnectionId] = connection;
            try
            {
                await next(connection);
            }
            finally
            {
                _connections.TryRemove(connection.ConnectionId, out _);
            }
        });

    private async Task StopAppAsync()
    {
        if (_app is null)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }
}
