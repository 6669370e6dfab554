namespace Switchyard.Gateway.Observability;

public static class MetricsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// <c>GET <paramref name="pattern"/></c> answers with the Prometheus text format. The returned builder takes the usual
    /// conventions (e.g. <c>.RequireHost("*:9090")</c>) for deployments that keep metrics off the public port.
    /// </summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet(pattern, static context =>
            context.RequestServices.GetRequiredService<PrometheusTextExporter>().WriteResponseAsync(context.Response, context.RequestAborted));
    }
}
