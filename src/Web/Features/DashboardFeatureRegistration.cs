using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Web.Features.Configuration;
using Switchyard.Web.Features.Connections;
using Switchyard.Web.Features.Groups;
using Switchyard.Web.Features.Keys;

namespace Switchyard.Web.Features;

/// <summary>Registers the configuration pages' services (connections, groups, API keys).</summary>
public static class DashboardFeatureRegistration
{
    /// <summary>
    /// The services behind the Connections, Groups and API keys pages. They need the Data layer
    /// (<c>AddSwitchyardData</c>), <see cref="Tenancy.ITenantAccess"/>, <see cref="Tenancy.TenantDbContextFactory"/> and <see cref="Audit.IAuditLog"/>.
    /// Options: <c>Dashboard:GatewayUrl</c> (the gateway URL the snippets show).
    /// </summary>
    public static IServiceCollection AddDashboardConfigurationFeatures(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GatewayLinkOptions>().BindConfiguration(GatewayLinkOptions.SectionName);

        services.TryAddSingleton<RedisConfigBroadcast>();
        services.TryAddSingleton<ConfigurationChanges>();

        services.AddHttpClient(ConnectionTester.HttpClientName, client =>
            {
                client.Timeout = ConnectionTester.Timeout;
                client.MaxResponseContentBufferSize = 4 * 1024 * 1024;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Switchyard-Dashboard/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirect could carry the provider key to a host the admin never typed.
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
            });
        services.TryAddSingleton<ConnectionTester>();

        services.TryAddScoped<ConnectionService>();
        services.TryAddScoped<GroupService>();
        services.TryAddScoped<ApiKeyService>();
        return services;
    }
}
