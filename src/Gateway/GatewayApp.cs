using Switchyard.Data;
using Switchyard.Data.Migrations;

namespace Switchyard.Gateway;

/// <summary>The gateway's composition root, public so tests can host it on a loopback port without a Program clash.</summary>
public static class GatewayApp
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddSwitchyardData(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGet("/health/live", () => Results.Text("ok"));
        return app;
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
