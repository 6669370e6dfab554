using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Switchyard.Data;
using Switchyard.Gateway.Logging;
using Switchyard.Gateway.Observability;
using Switchyard.Gateway.Tests.Observability;
using Switchyard.TestCommon;

namespace Switchyard.Gateway.Tests.Logging;

/// <summary>A generic host with the data and observability services wired as the gateway wires them, and captured logs.</summary>
public sealed class RequestLogHost : IAsyncDisposable
{
    private RequestLogHost(IHost host, CapturingLoggerProvider logs)
    {
        Host = host;
        Logs = logs;
    }

    public IHost Host { get; }
    public CapturingLoggerProvider Logs { get; }
    public IServiceProvider Services => Host.Services;
    public RequestLogQueue Queue => Services.GetRequiredService<RequestLogQueue>();
    public RequestLogWriter Writer => Services.GetRequiredService<RequestLogWriter>();

    public static RequestLogHost Create(string connectionString, IReadOnlyDictionary<string, string?>? settings = null, TimeSpan? shutdownTimeout = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration
            .AddInMemoryCollection(TestEnvironment.SecretSettings)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        var logs = new CapturingLoggerProvider();
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Information);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(30));
        builder.Services.AddSwitchyardData(builder.Configuration);
        builder.Services.AddGatewayObservability(builder.Configuration);
        return new RequestLogHost(builder.Build(), logs);
    }

    public PrometheusTextParser Scrape() => PrometheusTextParser.Parse(Services.GetRequiredService<PrometheusTextExporter>().Collect());

    public Task StartAsync() => Host.StartAsync();

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Host.StopAsync(stop.Token);
        Host.Dispose();
    }
}
