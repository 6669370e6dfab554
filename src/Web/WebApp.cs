using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Data;
using Switchyard.Data.Migrations;
using Switchyard.Web.Components;
using Switchyard.Web.Components.Account;
using Switchyard.Web.Features;
using Switchyard.Web.Features.Accounts;
using Switchyard.Web.Features.Audit;
using Switchyard.Web.Features.Members;
using Switchyard.Web.Features.Tenancy;

namespace Switchyard.Web;

/// <summary>
/// Builds the dashboard application. <c>Program.cs</c> only calls <see cref="Build"/>, so tests (and any
/// other host) can build the same app without clashing over <c>Program</c>.
/// </summary>
public static class WebApp
{
    /// <summary>Where the dashboard listens when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The only culture the dashboard renders in (BootstrapBlazor shows raw resource keys under the invariant culture).</summary>
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");

    /// <summary>Creates the dashboard application, ready to run.</summary>
    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--environment</c>, configuration overrides).</param>
    /// <param name="configure">Optional last word on the builder before it is built, e.g. for tests replacing services or Kestrel options.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // The static web assets manifests are named after the application; a test host would otherwise be named after testhost.
            ApplicationName = typeof(WebApp).Assembly.GetName().Name,
            // The content root is where the dashboard's files are, not the working directory: started from the repository
            // root (as run.sh does) it would otherwise miss appsettings.json and log every request and SQL command.
            ContentRootPath = AppContext.BaseDirectory,
        });

        if (!HasConfiguredAddress(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Development does this already. Elsewhere it lets the build output (tests, `dotnet bin/.../Switchyard.Web.dll`)
        // serve package assets (BootstrapBlazor) and the extracted blazor.web.js; published output has no manifest
        // for it to read and serves everything from its own wwwroot.
        if (!builder.Environment.IsDevelopment())
        {
            builder.WebHost.UseStaticWebAssets();
        }

        // Thread-pool and circuit threads that start outside a request get the dashboard's culture too.
        CultureInfo.DefaultThreadCurrentCulture = Culture;
        CultureInfo.DefaultThreadCurrentUICulture = Culture;

        builder.Services.AddDashboard(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseDashboard();
        return app;
    }

    /// <summary>
    /// Applies pending migrations (unless <c>Database:MigrateOnStartup</c> is false) before the dashboard serves requests:
    /// sign-in needs the Identity tables and the Data Protection key ring.
    /// </summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Configuration.GetValue("Database:MigrateOnStartup", true))
        {
            await app.Services.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken);
        }

        app.Services.GetRequiredService<Features.Configuration.RedisConfigBroadcast>().Start();
    }

    private static bool HasConfiguredAddress(ConfigurationManager configuration) =>
        !string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
        || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
        || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey])
        || configuration.GetSection("Kestrel:Endpoints").Exists();

    private static void AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents()
            .AddInteractiveServerComponents();
        services.AddBootstrapBlazor();

        services.AddSwitchyardData(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddDashboardAccounts();
        services.AddDashboardTenancy();
        services.AddDashboardMembers();
        services.AddDashboardAudit();
        services.AddDashboardConfigurationFeatures();
    }

    private static void UseDashboard(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

        // One culture for every request and circuit, whatever Accept-Language says.
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Culture),
            SupportedCultures = [Culture],
            SupportedUICultures = [Culture],
        });

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        // Everything requires a signed-in user (the fallback policy) except what is explicitly anonymous:
        // probes, static files and the account pages (their folder's _Imports.razor says [AllowAnonymous]).
        var anonymous = app.MapGroup(string.Empty).AllowAnonymous();
        anonymous.MapHealthEndpoints();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
    }
}
