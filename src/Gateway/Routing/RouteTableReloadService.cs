using System.Threading.Channels;
using Npgsql;
using Switchyard.Data.Notifications;

namespace Switchyard.Gateway.Routing;

/// <summary>
/// Keeps the route table current: a full load at start (blocking readiness), then per-organization reloads on
/// PostgreSQL <c>NOTIFY switchyard_config</c> (sent by the dashboard on every save), plus a periodic full reload as a
/// safety net for notifications missed while the listener was reconnecting. One consumer applies reloads in order,
/// so two quick edits can never be published out of order.
/// </summary>
public sealed partial class RouteTableReloadService(
    RouteTableProvider provider,
    RouteTableLoader loader,
    NpgsqlDataSource dataSource,
    Authentication.ApiKeyAuthenticator authenticator,
    IConfiguration configuration,
    ILogger<RouteTableReloadService> logger) : BackgroundService
{
    private static readonly Guid FullReload = Guid.Empty;
    private readonly Channel<Guid> _requests = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Asks for a reload of one organization (or everything with <see cref="Guid.Empty"/>).</summary>
    public void RequestReload(Guid organizationId) => _requests.Writer.TryWrite(organizationId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Gateway:RouteReloadIntervalSeconds", 30)));
        RequestReload(FullReload);
        var listener = ListenAsync(stoppingToken);
        var ticker = TickAsync(interval, stoppingToken);
        await ApplyAsync(stoppingToken);
        await Task.WhenAll(listener, ticker);
    }

    private async Task ApplyAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        try
        {
            await foreach (var organizationId in _requests.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    var table = organizationId == FullReload
                        ? await loader.LoadAllAsync(provider.Current, stoppingToken)
                        : await loader.ReloadOrganizationAsync(provider.Current, organizationId, stoppingToken);
                    provider.Publish(table);
                    if (failing)
                    {
                        Log.ReloadRecovered(logger);
                        failing = false;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Keep serving the last good table; the ticker will try again.
                    if (!failing)
                    {
                        Log.ReloadFailed(logger, ex);
                        failing = true;
                    }

                    if (!provider.IsLoaded)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                        RequestReload(FullReload);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TickAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                RequestReload(FullReload);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (Guid.TryParse(e.Payload, out var organizationId))
                    {
                        // Keys too: a revocation in the dashboard should not wait for the cache to age out.
                        authenticator.Invalidate(organizationId);
                        RequestReload(organizationId);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {ConfigChangeNotifier.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Anything changed while we were not listening is picked up by one full reload.
                if (backoff > TimeSpan.FromMilliseconds(250))
                {
                    RequestReload(FullReload);
                    Log.ListenerRecovered(logger);
                }

                backoff = TimeSpan.FromMilliseconds(250);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (backoff == TimeSpan.FromMilliseconds(250))
                {
                    Log.ListenerFailed(logger, ex);
                }

                await Task.Delay(backoff, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2101, LogLevel.Error, "Route table reload failed; serving the last good table until the next attempt")]
        public static partial void ReloadFailed(ILogger logger, Exception exception);

        [LoggerMessage(2102, LogLevel.Information, "Route table reloads work again")]
        public static partial void ReloadRecovered(ILogger logger);

        [LoggerMessage(2103, LogLevel.Warning, "Lost the PostgreSQL config-change listener; reconnecting")]
        public static partial void ListenerFailed(ILogger logger, Exception exception);

        [LoggerMessage(2104, LogLevel.Information, "Config-change listener reconnected; reloading everything once")]
        public static partial void ListenerRecovered(ILogger logger);
    }
}
