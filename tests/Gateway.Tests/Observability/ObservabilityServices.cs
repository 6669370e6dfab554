using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Switchyard.Gateway.Observability;

namespace Switchyard.Gateway.Tests.Observability;

/// <summary>
/// The observability services as the gateway registers them, without a host. The exporter is resolved first, as the
/// host would at start-up, so it sees every measurement. No PostgreSQL behind the data source: nothing here writes.
/// </summary>
public static class ObservabilityServices
{
    public static ServiceProvider Build(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(_ => NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=unused;Username=unused;Timeout=1"))
            .AddGatewayObservability(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        services.GetRequiredService<PrometheusTextExporter>();
        return services;
    }

    public static PrometheusTextParser Scrape(this IServiceProvider services) =>
        PrometheusTextParser.Parse(services.GetRequiredService<PrometheusTextExporter>().Collect());
}
