using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Switchyard.Domain.Logs;
using Switchyard.Gateway.Logging;
using Switchyard.Gateway.Observability;

namespace Switchyard.Gateway.Tests.Observability;

/// <summary>A real Kestrel host on a loopback port with the observability services and <c>/metrics</c> mapped as the gateway maps them.</summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // A queue that fills at once, behind a database that is not there: drops are certain.
            ["RequestLog:Capacity"] = "5",
            ["RequestLog:BatchSize"] = "1",
            ["Metrics:IncludePlatformMeters"] = "true",
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1)); // the writer gives up on the missing database
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=unused;Username=unused;Timeout=1"));
        builder.Services.AddGatewayObservability(builder.Configuration);
        _app = builder.Build();
        _app.MapGet("/ping", () => "pong");
        _app.MapPrometheusMetrics("/metrics");
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _address = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task GetMetrics_ServesValidPrometheusTextWithTheRightContentType()
    {
        using var client = new HttpClient { BaseAddress = _address };
        _app.Services.GetRequiredService<GatewayMetrics>().RequestCompleted("chat/completions", "inline", "x/y", 200, TimeSpan.FromSeconds(1));
        (await client.GetStringAsync(new Uri("/ping", UriKind.Relative))).Should().Be("pong");

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/plain; version=0.0.4; charset=utf-8");
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        var scrape = PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync());
        scrape.Value("switchyard_requests_total", ("target", "x/y")).Should().Be(1);

        // Platform meters (switched on here) parse under the same strict grammar: ASP.NET Core's request histogram and the runtime's.
        scrape.Types.Should().ContainKey("http_server_request_duration_seconds");
        scrape.Types.Keys.Should().Contain(name => name.StartsWith("dotnet_", StringComparison.Ordinal));

        // ASP.NET Core records a request just after its response is sent, so the client may be a moment ahead.
        await Eventually.TrueAsync(async () =>
        {
            var later = PrometheusTextParser.Parse(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
            return later.Sum("http_server_request_duration_seconds_count", ("http_route", "/ping")) == 1;
        });
    }

    [Fact]
    public async Task GetMetrics_RequestLogQueueFull_DropsVisible()
    {
        using var client = new HttpClient { BaseAddress = _address };
        var queue = _app.Services.GetRequiredService<RequestLogQueue>();
        var accepted = 0;
        for (var i = 0; i < 200; i++)
        {
            accepted += queue.TryEnqueue(new RequestLog { RequestId = $"req_{i}", Endpoint = "embeddings" }) ? 1 : 0;
        }

        // The writer holds at most one batch (one row) while it retries; the queue holds its capacity.
        accepted.Should().BeInRange(5, 6);
        queue.DroppedCount.Should().Be(200 - accepted);

        var scrape = PrometheusTextParser.Parse(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        scrape.Value("switchyard_request_log_dropped_total", ("reason", "queue_full")).Should().Be(200 - accepted);
        scrape.Value("switchyard_request_log_queue_depth").Should().BeInRange(4, 5);
        scrape.Types["switchyard_request_log_dropped_total"].Should().Be("counter");
    }
}
