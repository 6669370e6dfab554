using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Switchyard.Data.Migrations;
using Switchyard.TestCommon;

namespace Switchyard.Gateway.Tests.Logging;

/// <summary>A fresh, migrated database for one test class (tests keep apart by organization ID).</summary>
public sealed class RequestLogDatabase : IAsyncLifetime
{
    private PostgresDatabase? _database;

    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync("logs");
        await MigrateAsync(ConnectionString);
    }

    public static async Task MigrateAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).MigrateAsync();
    }

    public async Task<long> CountAsync(Guid organizationId) =>
        await ScalarAsync<long>(ConnectionString, "SELECT count(*) FROM request_logs WHERE organization_id = @org", ("org", organizationId));

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
