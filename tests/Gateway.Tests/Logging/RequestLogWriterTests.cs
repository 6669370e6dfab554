using System.Text.Json;
using Npgsql;
using Switchyard.Domain.Logs;
using Switchyard.Gateway.Logging;

namespace Switchyard.Gateway.Tests.Logging;

public sealed class RequestLogWriterTests(RequestLogDatabase database) : IClassFixture<RequestLogDatabase>
{
    private static readonly Dictionary<string, string?> _smallBatches = new()
    {
        ["RequestLog:BatchSize"] = "1000",
        ["RequestLog:FlushIntervalMs"] = "200",
    };

    [Fact]
    public async Task FlushAsync_AfterManyEntries_EveryRowStoredWithItsColumns()
    {
        var organizationId = Guid.NewGuid();
        await using var host = RequestLogHost.Create(database.ConnectionString, _smallBatches);
        await host.StartAsync();

        const int count = 2_345; // more than two full batches
        var entries = Enumerable.Range(0, count).Select(i => i % 2 == 0 ? Full(organizationId, i) : Minimal(organizationId, i)).ToList();
        foreach (var entry in entries)
        {
            host.Queue.TryEnqueue(entry).Should().BeTrue();
        }

        await host.Queue.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        (await database.CountAsync(organizationId)).Should().Be(count);
        host.Queue.WrittenCount.Should().Be(count);
        host.Queue.DroppedCount.Should().Be(0);
        host.Scrape().Value("switchyard_request_log_written_total").Should().Be(count);

        foreach (var expected in entries.Take(2))
        {
            var stored = await ReadAsync(expected.Id);
            stored.Should().BeEquivalentTo(expected, o => o.Excluding(e => e.MetadataJson).Excluding(e => e.Timestamp));
            stored.Timestamp.Should().Be(expected.Timestamp, "the same instant, whatever the offset");
            if (expected.MetadataJson is null)
            {
                stored.MetadataJson.Should().BeNull();
            }
            else
            {
                JsonElement.DeepEquals(JsonDocument.Parse(stored.MetadataJson!).RootElement, JsonDocument.Parse(expected.MetadataJson).RootElement)
                    .Should().BeTrue();
            }
        }
    }

    [Fact]
    public async Task FlushAsync_WithNothingEnqueued_CompletesAtOnce()
    {
        await using var host = RequestLogHost.Create(database.ConnectionString);
        await host.StartAsync();

        host.Queue.FlushAsync().IsCompleted.Should().BeTrue();
    }

    [Fact]
    public async Task Write_OneRowRefusedByPostgres_DroppedAloneAndTheRestStored()
    {
        var organizationId = Guid.NewGuid();
        await using var host = RequestLogHost.Create(database.ConnectionString, new Dictionary<string, string?>
        {
            ["RequestLog:BatchSize"] = "100",
            ["RequestLog:FlushIntervalMs"] = "60000", // one batch, written when FlushAsync asks
        });
        await host.StartAsync();

        var entries = Enumerable.Range(0, 20).Select(i => Minimal(organizationId, i)).ToList();
        entries[7].Endpoint = new string('x', 65); // request_logs.endpoint is varchar(64)
        entries[13].MetadataJson = "{not json";
        foreach (var entry in entries)
        {
            host.Queue.TryEnqueue(entry);
        }

        await host.Queue.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        (await database.CountAsync(organizationId)).Should().Be(18);
        host.Queue.DroppedCount.Should().Be(2);
        host.Logs.Count(RequestLogEventIds.Rejected).Should().Be(2);
        host.Logs.Count(RequestLogEventIds.Unavailable).Should().Be(0, "a refused row is not an outage");
        var scrape = host.Scrape();
        scrape.Value("switchyard_request_log_dropped_total", ("reason", "rejected")).Should().Be(2);
        scrape.Value("switchyard_request_log_written_total").Should().Be(18);
    }

    [Fact]
    public async Task StopAsync_EntriesStillQueued_WrittenBeforeTheHostStops()
    {
        var organizationId = Guid.NewGuid();
        var host = RequestLogHost.Create(database.ConnectionString, new Dictionary<string, string?>
        {
            ["RequestLog:BatchSize"] = "10",
            ["RequestLog:FlushIntervalMs"] = "60000", // the writer would otherwise wait a minute for the first batch to fill
        });
        await using (host)
        {
            await host.StartAsync();
            for (var i = 0; i < 5; i++)
            {
                host.Queue.TryEnqueue(Minimal(organizationId, i));
            }

            await host.Host.StopAsync();

            (await database.CountAsync(organizationId)).Should().Be(5, string.Join("\n", host.Logs.Entries.Select(e => $"{e.Category} {e.EventId} {e.Message}")));
            host.Queue.TryEnqueue(Minimal(organizationId, 99)).Should().BeFalse("the writer has stopped");
            host.Queue.DroppedCount.Should().Be(1);
            host.Scrape().Value("switchyard_request_log_dropped_total", ("reason", "shutdown")).Should().Be(1);
        }
    }

    private static RequestLog Full(Guid organizationId, int i) => new()
    {
        OrganizationId = organizationId,
        Timestamp = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1234560), // whole microseconds
        RequestId = $"req_full_{i}",
        ApiKeyId = Guid.NewGuid(),
        Endpoint = "chat/completions",
        GroupPublicId = "lbg_7Qk2v9xT",
        GroupVersion = 4,
        Target = "openai-main/gpt-4o-mini",
        Route = "group,weighted,fallback_after=503",
        Status = 200,
        Attempts = 2,
        Stream = true,
        Fallback = true,
        Truncated = true,
        LatencyMs = 1234,
        FirstByteMs = 321,
        PromptTokens = 11,
        CompletionTokens = 22,
        TotalTokens = 33,
        Cost = 0.12345678m,
        ErrorCode = "upstream_truncated",
        MetadataJson = """{"user_id": "u-42", "session_id": "s-9", "n": [1, 2]}""",
    };

    private static RequestLog Minimal(Guid organizationId, int i) => new()
    {
        OrganizationId = organizationId,
        Timestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        RequestId = $"req_min_{i}",
        Endpoint = "embeddings",
        Status = 401,
    };

    private async Task<RequestLog> ReadAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT id, organization_id, timestamp, request_id, api_key_id, endpoint, group_public_id, group_version, target, route, status, " +
            "attempts, stream, fallback, truncated, latency_ms, first_byte_ms, prompt_tokens, completion_tokens, total_tokens, cost, error_code, " +
            "metadata_json::text FROM request_logs WHERE id = @id",
            connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();
        T? Nullable<T>(int ordinal)
            where T : struct => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
        string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

        return new RequestLog
        {
            Id = reader.GetGuid(0),
            OrganizationId = reader.GetGuid(1),
            Timestamp = reader.GetFieldValue<DateTimeOffset>(2),
            RequestId = reader.GetString(3),
            ApiKeyId = Nullable<Guid>(4),
            Endpoint = reader.GetString(5),
            GroupPublicId = Text(6),
            GroupVersion = Nullable<int>(7),
            Target = Text(8),
            Route = Text(9),
            Status = reader.GetInt32(10),
            Attempts = reader.GetInt32(11),
            Stream = reader.GetBoolean(12),
            Fallback = reader.GetBoolean(13),
            Truncated = reader.GetBoolean(14),
            LatencyMs = reader.GetInt32(15),
            FirstByteMs = Nullable<int>(16),
            PromptTokens = Nullable<int>(17),
            CompletionTokens = Nullable<int>(18),
            TotalTokens = Nullable<int>(19),
            Cost = Nullable<decimal>(20),
            ErrorCode = Text(21),
            MetadataJson = Text(22),
        };
    }
}
