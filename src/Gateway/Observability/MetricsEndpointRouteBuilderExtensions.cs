using Microsoft.Extensions.Options;

namespace Switchyard.Gateway.Observability;

public static class MetricsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// <c>GET <paramref name="pattern"/></c> answers with the Prometheus text format, to the callers
    /// <see cref="MetricsAccess"/> lets through. The returned builder takes the usual conventions (e.g.
    /// <c>.RequireHost("*:9090")</c>) for deployments that keep metrics on a port of their own.
    /// </summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet(pattern, static context =>
        {
            var services = context.RequestServices;
            var verdict = MetricsAccess.Check(context, services.GetRequiredService<IOptions<MetricsOptions>>().Value);
            return verdict == MetricsAccess.Verdict.Allowed
                ? services.GetRequiredService<PrometheusTextExporter>().WriteResponseAsync(context.Response, context.RequestAborted)
                : MetricsAccess.RefuseAsync(context.Response, verdict);
        });
    }
}
