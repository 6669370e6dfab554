using Microsoft.AspNetCore.Hosting.Server;
using Switchyard.Data;
using Switchyard.Data.Migrations;
using Switchyard.Domain.Routing;
using Switchyard.Gateway.Authentication;
using Switchyard.Gateway.Endpoints;
using Switchyard.Gateway.Forwarding;
using Switchyard.Gateway.Health;
using Switchyard.Gateway.Http1;
using Switchyard.Gateway.Observability;
using Switchyard.Gateway.Pipeline;
using Switchyard.Gateway.Resilience;
using Switchyard.Gateway.Routing;

namespace Switchyard.Gateway;

/// <summary>The gateway's composition root, public so tests can host it on a loopback port without a Program clash.</summary>
public static class GatewayApp
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The content root is where the gateway's files are, not the working directory: started from the repository root
        // (as run.sh does) it would otherwise miss appsettings.json and log every request at Information level.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddGateway(builder.Configuration);
        var maxBody = builder.Configuration.GetValue($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.MaxRequestBodyBytes)}", new GatewayOptions().MaxRequestBodyBytes);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Slightly above our own limit, so the gateway (not Kestrel) answers with an OpenAI-shaped 413.
            kestrel.Limits.MaxRequestBodySize = (long)maxBody + 1;
            kestrel.AddServerHeader = false;
        });
        // A request runs on the socket thread that read it; InlineGate moves it to the thread pool when the gateway
        // is busy or its body is large.
        builder.WebHost.UseInlineScheduling(builder.Configuration);
        if (UsesOwnServer(builder.Configuration))
        {
            // Replaces Kestrel (registered by the builder) as the host's IServer: see Http1Server for why.
            builder.Services.AddSingleton<IServer, Http1Server>();
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseInlineGate();
        app.MapGatewayHealth();
        app.MapOpenAIEndpoints();
        app.MapPrometheusMetrics("/metrics");
        return app;
    }

    /// <summary>
    /// <c>Gateway:Server</c>: <c>Switchyard</c> (the default) serves plain HTTP/1.1 with the gateway's own server;
    /// <c>Kestrel</c> serves through ASP.NET Core's Kestrel, for TLS, HTTP/2 and Kestrel's own settings.
    /// </summary>
    public static bool UsesOwnServer(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var server = configuration[$"{GatewayOptions.SectionName}:Server"];
        if (string.IsNullOrEmpty(server) || server.Equals("Switchyard", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return server.Equals("Kestrel", StringComparison.OrdinalIgnoreCase)
            ? false
            : throw new InvalidOperationException($"Gateway:Server must be Switchyard or Kestrel, not '{server}'.");
    }

    public static IServiceCollection AddGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>()
            .Bind(configuration.GetSection(GatewayOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<Http1ServerOptions>()
            .Bind(configuration.GetSection(Http1ServerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSwitchyardData(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IRandomSource, SharedRandomSource>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<RouteTableProvider>();
        services.AddSingleton<RouteTableLoader>();
        services.AddSingleton<RouteTableReloadService>();
        services.AddHostedService(sp => sp.GetRequiredService<RouteTableReloadService>());
        services.AddInlineGate();
        services.AddSingleton<TargetPlanner>();
        services.AddSingleton<ProxyHandler>();
        services.AddSingleton<ModelsHandler>();
        services.AddUpstreamForwarding(configuration);
        services.AddGatewayObservability(configuration);
        services.AddGatewayResilience(configuration);
        return services;
    }

    /// <summary>Applies pending migrations (unless <c>Database:MigrateOnStartup</c> is false) before traffic is accepted.</summary>
    public static async Task PrepareAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Configuration.GetValue("Database:MigrateOnStartup", true))
        {
            await app.Services.GetRequiredService<MigrationRunner>().MigrateAsync();
        }
    }
}
