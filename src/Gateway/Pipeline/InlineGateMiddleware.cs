namespace Switchyard.Gateway.Pipeline;

/// <summary>Puts <see cref="InlineGate"/> in front of every endpoint.</summary>
public static class InlineGateMiddleware
{
    public static IApplicationBuilder UseInlineGate(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var gate = app.ApplicationServices.GetRequiredService<InlineGate>();
        return app.Use((context, next) => gate.MustMove() ? MoveAsync(context, next) : next(context));
    }

    private static async Task MoveAsync(HttpContext context, RequestDelegate next)
    {
        // The socket thread has no synchronization context, so the continuation goes to the thread pool.
        await Task.Yield();
        await next(context);
    }
}
