using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Gateway.Logging;

namespace Switchyard.Gateway.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>
    /// Metrics (<see cref="GatewayMetrics"/>, <see cref="PrometheusTextExporter"/> for <c>/metrics</c>, section <c>Metrics</c>)
    /// and the request log pipeline (<see cref="RequestLogQueue"/> and the <see cref="RequestLogWriter"/> hosted service,
    /// section <c>RequestLog</c>). The writer needs the <c>NpgsqlDataSource</c> that <c>AddSwitchyardData</c> registers.
    /// </summary>
    public static IServiceCollection AddGatewayObservability(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddMetrics();

        services.AddOptions<MetricsOptions>()
            .Bind(configuration.GetSection(MetricsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<GatewayMetrics>();
        services.TryAddSingleton<PrometheusTextExporter>();

        // As a hosted service it exists from start-up, so measurements before the first scrape are not lost.
        services.AddHostedService(sp => sp.GetRequiredService<PrometheusTextExporter>());

        services.AddOptions<RequestLogOptions>()
            .Bind(configuration.GetSection(RequestLogOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<RequestLogQueue>();
        services.TryAddSingleton<RequestLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<RequestLogWriter>());
        return services;
    }
}
