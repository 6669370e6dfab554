using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Switchyard.Domain.Logs;
using Switchyard.Gateway.Logging;
using Switchyard.Gateway.Tests.Observability;
using Switchyard.TestCommon;

namespace Switchyard.Gateway.Tests.Logging;

public sealed class RequestLogOutageTests
{
    [Fact]
    public async Task DatabaseMissingThenCreated_BufferedEntriesWrittenAndOutageLoggedOnce()
    {
        // A database that does not exist yet: every write fails until the test creates it.
        var name = $"late_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdminConnectionString) { Database = name }.ConnectionString;
        var organizationId = Guid.NewGuid();
        try
        {
            await using var host = RequestLogHost.Create(connectionString, new Dictionary<string, string?>
            {
                ["RequestLog:BatchSize"] = "7",
                ["RequestLog:FlushIntervalMs"] = "10",
                ["RequestLog:MaxRetryDelayMs"] = "100",
            });
            await host.StartAsync();

            var enqueueing = new Stopwatch();
            void Enqueue(int i)
            {
                enqueueing.Start();
                host.Queue.TryEnqueue(Entry(organizationId, i)).Should().BeTrue();
                enqueueing.Stop();
            }

            for (var i = 0; i < 20; i++)
            {
                Enqueue(i);
            }

            await Eventually.TrueAsync(() => host.Writer.FailedAttempts >= 3, because: "the writer keeps retrying");
            host.Writer.IsDatabaseAvailable.Should().BeFalse();

            // Entries keep being accepted during the outage, without waiting for the database.
            for (var i = 20; i < 50; i++)
            {
                Enqueue(i);
            }

            enqueueing.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "50 calls that never wait for the database (a generous bound for a loaded machine)");
            var flush = host.Queue.FlushAsync();
            flush.IsCompleted.Should().BeFalse("nothing can be written yet");

            await CreateDatabaseAsync(name);
            await RequestLogDatabase.MigrateAsync(connectionString);
            await flush.WaitAsync(TimeSpan.FromSeconds(30));

            (await RequestLogDatabase.ScalarAsync<long>(connectionString, "SELECT count(*) FROM request_logs WHERE organization_id = @org", ("org", organizationId)))
                .Should().Be(50);
            host.Writer.IsDatabaseAvailable.Should().BeTrue();
            host.Logs.Count(RequestLogEventIds.Unavailable).Should().Be(1, "an outage is logged when it starts, not per attempt");
            host.Logs.Count(RequestLogEventIds.Recovered).Should().Be(1);
            host.Queue.DroppedCount.Should().Be(0);
            var scrape = host.Scrape();
            scrape.Value("switchyard_request_log_written_total").Should().Be(50);
            scrape.Value("switchyard_request_log_write_errors_total").Should().Be(host.Writer.FailedAttempts);
        }
        finally
        {
            await DropDatabaseAsync(name);
        }
    }

    [Fact]
    public async Task DatabaseHanging_QueueFillsThenDropsAndShutdownKeepsToItsTimeout()
    {
        // A port that accepts connections and never answers: the writer's connection attempt hangs (30 s timeout).
        using var blackHole = new TcpListener(IPAddress.Loopback, 0);
        blackHole.Start();
        var port = ((IPEndPoint)blackHole.LocalEndpoint).Port;
        await using var host = RequestLogHost.Create(
            $"Host=127.0.0.1;Port={port};Database=nowhere;Username=nobody;Password=x;Timeout=30",
            new Dictionary<string, string?>
            {
                ["RequestLog:Capacity"] = "100",
                ["RequestLog:BatchSize"] = "10",
                ["RequestLog:FlushIntervalMs"] = "10",
            },
            shutdownTimeout: TimeSpan.FromSeconds(1));
        await host.StartAsync();
        var organizationId = Guid.NewGuid();

        var enqueueing = Stopwatch.StartNew();
        var accepted = 0;
        for (var i = 0; i < 1_000; i++)
        {
            accepted += host.Queue.TryEnqueue(Entry(organizationId, i)) ? 1 : 0;
        }

        enqueueing.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "1,000 calls that never wait for the stuck writer (a generous bound for a loaded machine)");
        accepted.Should().BeInRange(100, 110, "the queue's capacity plus at most the batch the writer holds");
        host.Queue.DroppedCount.Should().Be(1_000 - accepted);
        host.Scrape().Value("switchyard_request_log_dropped_total", ("reason", "queue_full")).Should().Be(1_000 - accepted);

        var stopping = Stopwatch.StartNew();
        await host.Host.StopAsync();
        stopping.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "shutdown abandons the hanging write at the host's timeout (1 s here), not the connection's (30 s)");

        // Every entry is settled: the ones still held at shutdown are counted as lost.
        await host.Queue.FlushAsync().WaitAsync(TimeSpan.FromSeconds(5));
        host.Queue.DroppedCount.Should().Be(1_000);
        host.Queue.WrittenCount.Should().Be(0);
        host.Logs.Count(RequestLogEventIds.LostAtShutdown).Should().Be(1);
        host.Scrape().Value("switchyard_request_log_dropped_total", ("reason", "shutdown")).Should().Be(accepted);
    }

    [Fact]
    public async Task DatabaseRefusingConnections_RetriedWithoutLoggingEachAttempt()
    {
        await using var host = RequestLogHost.Create(
            "Host=127.0.0.1;Port=1;Database=nowhere;Username=nobody;Password=x;Timeout=1",
            new Dictionary<string, string?>
            {
                ["RequestLog:FlushIntervalMs"] = "10",
                ["RequestLog:MaxRetryDelayMs"] = "20",
            },
            shutdownTimeout: TimeSpan.FromSeconds(1));
        await host.StartAsync();

        host.Queue.TryEnqueue(Entry(Guid.NewGuid(), 0)).Should().BeTrue();
        await Eventually.TrueAsync(() => host.Writer.FailedAttempts >= 5, because: "the writer keeps retrying");

        host.Logs.Count(RequestLogEventIds.Unavailable).Should().Be(1);
        host.Writer.IsDatabaseAvailable.Should().BeFalse();
        host.Scrape().Value("switchyard_request_log_write_errors_total").Should().BeGreaterThanOrEqualTo(5);
        host.Logs.Entries.Should().NotContain(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error, "an outage is a warning, and nothing crashed");
    }

    private static RequestLog Entry(Guid organizationId, int i) => new()
    {
        OrganizationId = organizationId,
        Timestamp = DateTimeOffset.UtcNow,
        RequestId = $"req_{i}",
        Endpoint = "chat/completions",
        Status = 200,
    };

    private static async Task CreateDatabaseAsync(string name)
    {
        await using var admin = new NpgsqlConnection(TestEnvironment.PostgresAdminConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    private static async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestEnvironment.PostgresAdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
