using Switchyard.Gateway.Forwarding;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Endpoints;

/// <summary>The OpenAI-compatible surface (DESIGN.md §2). Each route is a thin call into <see cref="ProxyHandler"/>.</summary>
public static class OpenAIEndpoints
{
    public static IEndpointRouteBuilder MapOpenAIEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // Plain RequestDelegates over the singleton handlers, taken from the root provider: a handler named as a
        // parameter of a minimal-API lambda is resolved from context.RequestServices, which creates and disposes a
        // DI scope for every request (~230 bytes and a few µs of a cold request's path; bench/README.md).
        var services = endpoints.ServiceProvider;
        var v1 = endpoints.MapGroup("/v1");
        v1.MapPost("/chat/completions", Proxy(services, GatewayEndpoint.ChatCompletions));
        v1.MapPost("/completions", Proxy(services, GatewayEndpoint.Completions));
        v1.MapPost("/embeddings", Proxy(services, GatewayEndpoint.Embeddings));
        v1.MapGet("/models", Models(services));
        v1.MapFallback(NotFoundAsync);
        return endpoints;
    }

    private static RequestDelegate Proxy(IServiceProvider services, GatewayEndpoint endpoint) =>
        context => services.GetRequiredService<ProxyHandler>().HandleAsync(new HttpContextExchange(context), endpoint).AsTask();

    private static RequestDelegate Models(IServiceProvider services) =>
        context => services.GetRequiredService<ModelsHandler>().HandleAsync(context);

    private static Task NotFoundAsync(HttpContext context) =>
        OpenAIError.WriteAsync(context.Response, 404, OpenAIError.NotFound, "unknown_endpoint",
            $"Unknown endpoint {context.Request.Method} {context.Request.Path}. See docs/gateway.md for what the gateway serves.");
}
