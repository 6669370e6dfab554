using Switchyard.Gateway.Forwarding;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Endpoints;

/// <summary>The OpenAI-compatible surface (DESIGN.md §2). Each route is a thin call into <see cref="ProxyHandler"/>.</summary>
public static class OpenAIEndpoints
{
    public static IEndpointRouteBuilder MapOpenAIEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/v1");
        v1.MapPost("/chat/completions", (HttpContext context, ProxyHandler handler) => handler.HandleAsync(context, GatewayEndpoint.ChatCompletions));
        v1.MapPost("/completions", (HttpContext context, ProxyHandler handler) => handler.HandleAsync(context, GatewayEndpoint.Completions));
        v1.MapPost("/embeddings", (HttpContext context, ProxyHandler handler) => handler.HandleAsync(context, GatewayEndpoint.Embeddings));
        v1.MapGet("/models", (HttpContext context, ModelsHandler handler) => handler.HandleAsync(context));
        v1.MapFallback(NotFoundAsync);
        return endpoints;
    }

    private static Task NotFoundAsync(HttpContext context) =>
        OpenAIError.WriteAsync(context.Response, 404, OpenAIError.NotFound, "unknown_endpoint",
            $"Unknown endpoint {context.Request.Method} {context.Request.Path}. See docs/gateway.md for what the gateway serves.");
}
