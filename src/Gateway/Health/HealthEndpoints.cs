using Npgsql;
using Switchyard.Gateway.Routing;

namespace Switchyard.Gateway.Health;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: the route table is loaded and PostgreSQL answers
/// (a load balancer should only send traffic to a ready instance). Both answer in plain text.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", () => Results.Text("ok"));
        endpoints.MapGet("/health/ready", ReadyAsync);
        return endpoints;
    }

    private static async Task<IResult> ReadyAsync(RouteTableProvider routes, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (!routes.IsLoaded)
        {
            return Results.Text("route table not loaded yet", statusCode: 503);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return Results.Text("ok");
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return Results.Text("postgres unreachable", statusCode: 503);
        }
    }
}
