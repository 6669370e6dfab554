using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Switchyard.Data.Migrations;
using Switchyard.Data.Notifications;
using Switchyard.Data.Queries;
using Switchyard.Data.Secrets;
using Switchyard.Data.Tenancy;

namespace Switchyard.Data;

public static class DataServiceCollectionExtensions
{
    public const string ConnectionStringName = "Postgres";

    /// <summary>
    /// PostgreSQL (<c>ConnectionStrings__Postgres</c>), the context with a per-scope <see cref="TenantScope"/>,
    /// secret sealing (<c>Secrets__*</c>), the migration runner and config-change notifications.
    /// </summary>
    public static IServiceCollection AddSwitchyardData(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Postgres is not set (environment variable ConnectionStrings__Postgres), e.g. \"Host=127.0.0.1;Port=5432;Database=switchyard;Username=switchyard;Password=…\".");
        }

        services.TryAddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddDbContext<SwitchyardDbContext>((sp, options) => options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddScoped<TenantScope>();
        services.TryAddScoped<ITenantScope>(sp => sp.GetRequiredService<TenantScope>());

        services.AddOptions<SecretOptions>().Bind(configuration.GetSection(SecretOptions.SectionName));
        services.TryAddSingleton<ISecretProtector, AesGcmSecretProtector>();
        services.TryAddSingleton<ConnectionSecrets>();
        services.TryAddSingleton<SystemQueries>();
        services.TryAddSingleton<MigrationRunner>();
        services.TryAddSingleton<ConfigChangeNotifier>();
        return services;
    }
}
