using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Switchyard.Data;
using Switchyard.Data.Identity;
using Switchyard.Data.Migrations;
using Switchyard.Data.Notifications;
using Switchyard.Data.Tenancy;
using Switchyard.Domain.Tenancy;
using Switchyard.Gateway;
using Switchyard.Gateway.Routing;
using Switchyard.MockProvider;
using Switchyard.TestCommon;

namespace Switchyard.Web.Tests.EndToEnd;

/// <summary>
/// The whole platform on loopback ports for the configuration pages' tests: a fresh PostgreSQL database, the mock
/// provider, the gateway and the dashboard (its snippets pointing at that gateway). Users and organizations are made
/// directly in the database where a test is not about signing up.
/// </summary>
public sealed class PlatformServer : IAsyncLifetime
{
    public const string Password = "Correct-Horse-42-battery!";

    private PostgresDatabase? _database;

    public MockProviderServer Mock { get; private set; } = null!;
    public WebApplication Gateway { get; private set; } = null!;
    public Uri GatewayUri { get; private set; } = null!;
    public HttpClient GatewayHttp { get; private set; } = null!;
    public WebApplication Dashboard { get; private set; } = null!;
    public Uri DashboardUri { get; private set; } = null!;
    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync("web");
        Mock = await MockProviderServer.StartAsync();

        Gateway = GatewayApp.Build(GatewayFixtureArgs(), builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await GatewayApp.PrepareAsync(Gateway);
        await Gateway.StartAsync();
        GatewayUri = new Uri(Gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await Gateway.Services.GetRequiredService<RouteTableProvider>().FirstLoad.WaitAsync(TimeSpan.FromSeconds(30));
        GatewayHttp = new HttpClient { BaseAddress = GatewayUri, Timeout = TimeSpan.FromSeconds(30) };

        Dashboard = WebApp.Build(DashboardArgs(), builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
            Infrastructure.SharedBootstrapBlazorCache.Use(builder.Services); // BootstrapBlazor keeps a process-wide static: see there
        });
        await Dashboard.Services.GetRequiredService<MigrationRunner>().MigrateAsync();
        await Dashboard.StartAsync();
        DashboardUri = new Uri(Dashboard.Urls.Single().TrimEnd('/') + "/");
    }

    /// <summary>A new organization with nobody in it yet.</summary>
    public async Task<Guid> CreateOrganizationAsync(string name)
    {
        var organization = new Organization { Name = name, Slug = $"t-{Guid.NewGuid():N}"[..20] };
        await using var db = OpenDatabase(organizationId: null);
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        return organization.Id;
    }

    /// <summary>A user who can sign in with <see cref="Password"/> and belongs to <paramref name="organizationId"/> with <paramref name="role"/>.</summary>
    public async Task<TestUser> CreateUserAsync(Guid organizationId, MemberRole role, string? email = null)
    {
        email ??= $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";
        await using var scope = Dashboard.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, CurrentOrganizationId = organizationId };
        var created = await users.CreateAsync(user, Password);
        created.Succeeded.Should().BeTrue(string.Join("; ", created.Errors.Select(e => e.Description)));

        await using var db = OpenDatabase(organizationId);
        db.Memberships.Add(new Membership { OrganizationId = organizationId, UserId = user.Id, Role = role });
        await db.SaveChangesAsync();
        var organizationName = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Name).SingleAsync();
        return new TestUser(user.Id, email, organizationId, organizationName, role);
    }

    /// <summary>A context acting for <paramref name="organizationId"/> (or for none), to arrange and check data as the dashboard would see it.</summary>
    public SwitchyardDbContext OpenDatabase(Guid? organizationId)
    {
        var options = new DbContextOptionsBuilder<SwitchyardDbContext>().UseNpgsql(ConnectionString).Options;
        return new SwitchyardDbContext(options, organizationId is { } id ? new TenantScope(id) : new TenantScope());
    }

    /// <summary>
    /// A dashboard service (e.g. <c>GroupService</c>) built from the dashboard's own registrations, but acting for
    /// <paramref name="actor"/>: how a test calls the server side directly, past any page, with a chosen role.
    /// </summary>
    public ServiceHandle<T> ServiceAs<T>(TestUser actor)
        where T : class
    {
        var scope = Dashboard.Services.CreateAsyncScope();
        var access = new FixedTenantAccess(actor.Context);
        return new ServiceHandle<T>(scope, ActivatorUtilities.CreateInstance<T>(scope.ServiceProvider, access));
    }

    /// <summary>Starts listening for the dashboard's config-change signal; await <see cref="ConfigChangeListener.NextAsync"/> after the change.</summary>
    public Task<ConfigChangeListener> ListenForConfigChangesAsync() => ConfigChangeListener.StartAsync(ConnectionString, ConfigChangeNotifier.Channel);

    private string[] GatewayFixtureArgs()
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            $"--ConnectionStrings:Postgres={ConnectionString}",
            $"--Redis:Configuration={Environment.GetEnvironmentVariable("SWITCHYARD_TEST_REDIS") ?? "127.0.0.1:6379"}",
        };
        args.AddRange(TestEnvironment.SecretSettings.Select(setting => $"--{setting.Key}={setting.Value}"));
        return [.. args];
    }

    private string[] DashboardArgs()
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            "--environment", "Production",
            $"--ConnectionStrings:Postgres={ConnectionString}",
            $"--Dashboard:GatewayUrl={GatewayUri.ToString().TrimEnd('/')}",
        };
        args.AddRange(TestEnvironment.SecretSettings.Select(setting => $"--{setting.Key}={setting.Value}"));
        return [.. args];
    }

    public async Task DisposeAsync()
    {
        GatewayHttp?.Dispose();
        foreach (var app in new[] { Dashboard, Gateway })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        if (Mock is not null)
        {
            await Mock.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
