using Npgsql;

namespace Switchyard.Data.Tests;

/// <summary>The parts of a schema that must agree between migrations/ and the EF model, as comparable strings.</summary>
public sealed record SchemaSnapshot(IReadOnlyList<string> Columns, IReadOnlyList<string> Indexes, IReadOnlyList<string> Constraints)
{
    public static async Task<SchemaSnapshot> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var columns = await ReadAsync(connection, """
            SELECT table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                   || coalesce(' p' || numeric_precision || ',' || numeric_scale, '') || ' ' || is_nullable || ' ' || coalesce(column_default, '')
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_%'
            """);
        var indexes = await ReadAsync(connection, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\\_\\_%'");
        var constraints = await ReadAsync(connection, """
            SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
            FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE '\_\_%'
            """);
        return new SchemaSnapshot(columns, indexes, constraints);
    }

    private static async Task<IReadOnlyList<string>> ReadAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
