using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchyard.Data.Migrations;
using Switchyard.Data.Tenancy;
using Switchyard.TestCommon;

namespace Switchyard.Data.Tests;

/// <summary>A fresh database with the migrations applied and the Data services wired as the apps wire them.</summary>
public sealed class DataTestHost : IAsyncLifetime
{
    private PostgresDatabase? _database;

    public ServiceProvider Services { get; private set; } = null!;
    public PostgresDatabase Database => _database!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync("data");
        Services = BuildServices(_database.ConnectionString);
        await Services.GetRequiredService<MigrationRunner>().MigrateAsync();
    }

    public static ServiceProvider BuildServices(string connectionString, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(TestEnvironment.SecretSettings)
        {
            ["ConnectionStrings:Postgres"] = connectionString,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSwitchyardData(configuration)
            .BuildServiceProvider();
    }

    /// <summary>A context acting for <paramref name="organizationId"/> (or for no organization when null).</summary>
    public (AsyncServiceScope Scope, SwitchyardDbContext Db) Scoped(Guid? organizationId)
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().OrganizationId = organizationId;
        return (scope, scope.ServiceProvider.GetRequiredService<SwitchyardDbContext>());
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
