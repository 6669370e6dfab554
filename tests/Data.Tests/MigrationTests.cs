using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Switchyard.Data.Migrations;
using Switchyard.Data.Tenancy;
using Switchyard.TestCommon;

namespace Switchyard.Data.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task MigrateAsync_EmptyDatabase_AppliesEveryScriptOnceThenNothing()
    {
        await using var database = await PostgresDatabase.CreateAsync("mig");
        await using var services = DataTestHost.BuildServices(database.ConnectionString);
        var runner = services.GetRequiredService<MigrationRunner>();

        var first = await runner.MigrateAsync();
        var second = await runner.MigrateAsync();

        first.Should().Equal(MigrationRunner.LoadScripts().Select(s => s.Id));
        first.Should().Contain("0001_initial");
        second.Should().BeEmpty();
    }

    [Fact]
    public async Task MigrateAsync_ManyProcessesAtOnce_ApplyEachScriptExactlyOnce()
    {
        await using var database = await PostgresDatabase.CreateAsync("migpar");

        // Separate service providers stand in for separate processes: separate pools, separate connections.
        var providers = Enumerable.Range(0, 4).Select(_ => DataTestHost.BuildServices(database.ConnectionString)).ToList();
        try
        {
            var results = await Task.WhenAll(providers.Select(p => Task.Run(() => p.GetRequiredService<MigrationRunner>().MigrateAsync())));

            results.SelectMany(r => r).Should().Equal(MigrationRunner.LoadScripts().Select(s => s.Id),
                "exactly one of the racing runners applies each script and the others find nothing left to do");
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {MigrationRunner.HistoryTable}", connection);
            ((long)(await count.ExecuteScalarAsync())!).Should().Be(MigrationRunner.LoadScripts().Count);
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task MigrateAsync_ScriptEditedAfterRelease_RefusesToStart()
    {
        await using var database = await PostgresDatabase.CreateAsync("migedit");
        await using var services = DataTestHost.BuildServices(database.ConnectionString);
        var runner = services.GetRequiredService<MigrationRunner>();
        await runner.MigrateAsync();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand($"UPDATE {MigrationRunner.HistoryTable} SET checksum = 'old' WHERE id = '0001_initial'", connection);
            await tamper.ExecuteNonQueryAsync();
        }

        var act = () => runner.MigrateAsync();

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*0001_initial*changed after it was applied*");
    }

    [Fact]
    public async Task Migrations_MatchTheEfModel_ColumnsIndexesAndConstraints()
    {
        await using var fromMigrations = await PostgresDatabase.CreateAsync("frommig");
        await using var fromModel = await PostgresDatabase.CreateAsync("frommodel");
        await using (var services = DataTestHost.BuildServices(fromMigrations.ConnectionString))
        {
            await services.GetRequiredService<MigrationRunner>().MigrateAsync();
        }

        await using (var services = DataTestHost.BuildServices(fromModel.ConnectionString))
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SwitchyardDbContext>();
            var script = db.Database.GenerateCreateScript();
            await using var connection = new NpgsqlConnection(fromModel.ConnectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand(script, connection);
            await create.ExecuteNonQueryAsync();
        }

        var migrated = await SchemaSnapshot.ReadAsync(fromMigrations.ConnectionString);
        var modelled = await SchemaSnapshot.ReadAsync(fromModel.ConnectionString);

        migrated.Columns.Should().BeEquivalentTo(modelled.Columns, "a model change needs a new file in migrations/ (draft it with GenerateCreateScript)");
        migrated.Indexes.Should().BeEquivalentTo(modelled.Indexes);
        migrated.Constraints.Should().BeEquivalentTo(modelled.Constraints);
        modelled.Columns.Should().Contain(c => c.StartsWith("load_balance_groups.public_id ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Context_WithoutTenant_SeesNoOrganizationOwnedRows()
    {
        await using var host = new DataTestHost();
        await host.InitializeAsync();
        var (scope, db) = host.Scoped(null);
        await using (scope)
        {
            (await db.Groups.CountAsync()).Should().Be(0);
        }

        host.Services.GetRequiredService<TenantScope>().Should().NotBeNull();
    }
}
