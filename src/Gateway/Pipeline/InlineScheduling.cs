using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchyard.Data.Threading;
using Switchyard.Gateway.Observability;

namespace Switchyard.Gateway.Pipeline;

/// <summary>
/// How the gateway schedules requests: Kestrel's inline scheduling, with <see cref="InlineGate"/> in front of every
/// endpoint. bench/Floor uses the same calls, so its row stays like for like with the gateway's.
/// </summary>
public static class InlineScheduling
{
    /// <summary>
    /// Turns Kestrel's inline scheduling on, so a request can run start to finish on the socket thread that read it;
    /// <c>Kestrel:Sockets</c> in <paramref name="configuration"/> (e.g. <c>UnsafePreferInlineScheduling=false</c>) wins.
    /// </summary>
    public static IWebHostBuilder UseInlineScheduling(this IWebHostBuilder webHost, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(webHost);
        ArgumentNullException.ThrowIfNull(configuration);
        return webHost.UseSockets(sockets =>
        {
            sockets.UnsafePreferInlineScheduling = true;
            configuration.GetSection("Kestrel:Sockets").Bind(sockets);
        });
    }

    /// <summary>
    /// Registers <see cref="InlineGate"/> from the <see cref="GatewayOptions"/> the caller configured, reporting to
    /// <see cref="GatewayMetrics"/> where that is registered (the gateway; bench/Floor has no metrics).
    /// </summary>
    public static IServiceCollection AddInlineGate(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        return services.AddSingleton(sp => new InlineGate(
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<GatewayMetrics>()));
    }

    /// <summary>Puts <see cref="InlineGate"/> (a service) in front of every endpoint.</summary>
    public static IApplicationBuilder UseInlineGate(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var gate = app.ApplicationServices.GetRequiredService<InlineGate>();
        return app.Use((context, next) => gate.MustMove() ? MoveAsync(context, next) : next(context));
    }

    private static async Task MoveAsync(HttpContext context, RequestDelegate next)
    {
        await SocketThread.LeaveAsync();
        await next(context);
    }
}
