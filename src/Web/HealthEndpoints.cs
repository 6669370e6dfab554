namespace Switchyard.Web;

/// <summary>Probe endpoints for orchestrators and load balancers.</summary>
public static class HealthEndpoints
{
    /// <summary>Maps <c>GET /health/live</c>: 200 <c>ok</c> while the process serves requests.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", () => TypedResults.Text("ok"))
            .ExcludeFromDescription();
        return endpoints;
    }
}
