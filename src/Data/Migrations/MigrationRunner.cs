using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Switchyard.Data.Migrations;

/// <summary>
/// Applies the ordered SQL files of <c>migrations/</c> (embedded in this assembly) that a database has not seen yet.
/// One transaction per run, under a transaction-scoped advisory lock, so two processes that start together
/// serialize: the second waits, then finds nothing left to do. Each file's checksum is recorded; a released file
/// that was edited afterwards stops start-up rather than silently diverging.
/// </summary>
public sealed partial class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    /// <summary>Arbitrary but fixed: the advisory-lock key every Switchyard process agrees on.</summary>
    private const long AdvisoryLockKey = 0x5357_5944_4D49_4752; // "SWYDMIGR"

    public const string HistoryTable = "__switchyard_migrations";

    public static IReadOnlyList<MigrationScript> LoadScripts()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var scripts = new List<MigrationScript>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith("migrations/", StringComparison.Ordinal) || !name.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var sql = reader.ReadToEnd();
            var id = name["migrations/".Length..^".sql".Length];
            scripts.Add(new MigrationScript(id, sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)))));
        }

        scripts.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return scripts;
    }

    /// <returns>The IDs of the migrations this call applied (empty when the database was up to date).</returns>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var scripts = LoadScripts();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand(
            $"CREATE TABLE IF NOT EXISTS {HistoryTable} (id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
            connection,
            transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand($"SELECT id, checksum FROM {HistoryTable}", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var ran = new List<string>();
        foreach (var script in scripts)
        {
            if (applied.TryGetValue(script.Id, out var checksum))
            {
                if (!string.Equals(checksum, script.Checksum, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"Migration {script.Id} was changed after it was applied (checksum {checksum} in the database, {script.Checksum} now). Released migrations must never be edited; add a new file.");
                }

                continue;
            }

            await using (var run = new NpgsqlCommand(script.Sql, connection, transaction))
            {
                await run.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand($"INSERT INTO {HistoryTable} (id, checksum) VALUES (@id, @checksum)", connection, transaction))
            {
                record.Parameters.AddWithValue("id", script.Id);
                record.Parameters.AddWithValue("checksum", script.Checksum);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            ran.Add(script.Id);
        }

        await transaction.CommitAsync(cancellationToken);
        if (ran.Count > 0)
        {
            Log.Applied(logger, ran.Count, string.Join(", ", ran));
        }

        return ran;
    }

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "Applied {Count} migration(s): {Ids}")]
        public static partial void Applied(ILogger logger, int count, string ids);
    }
}
