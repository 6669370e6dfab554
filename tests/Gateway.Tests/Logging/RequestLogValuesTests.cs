using Switchyard.Domain.Logs;
using Switchyard.Gateway.Logging;

namespace Switchyard.Gateway.Tests.Logging;

/// <summary>
/// The writer encodes the binary COPY itself (PgCopyWriter, PgNumeric): values at the edges of each type must come back
/// from PostgreSQL as PostgreSQL stores them, and a value that cannot be encoded must cost its own row only.
/// </summary>
public sealed class RequestLogValuesTests(RequestLogDatabase database) : IClassFixture<RequestLogDatabase>
{
    private static readonly Dictionary<string, string?> _oneBatch = new()
    {
        ["RequestLog:BatchSize"] = "1000",
        ["RequestLog:FlushIntervalMs"] = "60000", // one batch, written when FlushAsync asks
    };

    /// <summary>request_logs.cost is numeric(18,8): PostgreSQL rounds to 8 places, half away from zero.</summary>
    public static TheoryData<decimal> Costs() => new()
    {
        0m, 0.0m, 1m, -1m, 0.00000001m, -0.00000001m, 0.12345678m, 0.1000m, 10000m, 100_000_000m, 12_345.6789m,
        9_999_999_999.99999999m, -9_999_999_999.99999999m, 0.000000005m, 0.0000000049m, -0.000000005m, 1.000000000000000000000000001m,
        0.0001m, 0.001m, 0.01m, 0.1m, 1234.5m, 0.00010001m, 7.77777777777777777777777777m, 1e-28m, 3.14159265358979m,
    };

    [Theory]
    [MemberData(nameof(Costs))]
    public async Task Write_Cost_StoredAsPostgresRoundsIt(decimal cost)
    {
        var organizationId = Guid.NewGuid();
        var row = Row(organizationId, "cost");
        row.Cost = cost;

        await WriteAsync(row);

        var stored = await ScalarAsync<decimal>("SELECT cost FROM request_logs WHERE id = @id", row.Id);
        stored.Should().Be(Math.Round(cost, 8, MidpointRounding.AwayFromZero));
    }

    [Fact]
    public async Task Write_TextAndJsonOutsideAscii_StoredUnchanged()
    {
        var organizationId = Guid.NewGuid();
        var row = Row(organizationId, "text");
        row.Target = "zürich-eu/gpt-4o-mini";
        row.Route = "group,weighted→fallback,東京";
        row.ErrorCode = "upstream_🚄";
        row.MetadataJson = """{"city": "Zürich", "emoji": "🚄", "quote": "\"", "nested": {"n": [1, 2.5, null, true]}}""";

        await WriteAsync(row);

        (await ScalarAsync<string>("SELECT target FROM request_logs WHERE id = @id", row.Id)).Should().Be(row.Target);
        (await ScalarAsync<string>("SELECT route FROM request_logs WHERE id = @id", row.Id)).Should().Be(row.Route);
        (await ScalarAsync<string>("SELECT error_code FROM request_logs WHERE id = @id", row.Id)).Should().Be(row.ErrorCode);
        (await ScalarAsync<string>("SELECT metadata_json->>'city' FROM request_logs WHERE id = @id", row.Id)).Should().Be("Zürich");
        (await ScalarAsync<string>("SELECT metadata_json->>'emoji' FROM request_logs WHERE id = @id", row.Id)).Should().Be("🚄");
        (await ScalarAsync<string>("SELECT metadata_json->'nested'->>'n' FROM request_logs WHERE id = @id", row.Id)).Should().Be("[1, 2.5, null, true]");
    }

    [Fact]
    public async Task Write_Timestamps_StoredToTheMicrosecond()
    {
        var organizationId = Guid.NewGuid();
        var instants = new[]
        {
            new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567), // 123456.7 µs: the 0.7 is dropped
            new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.FromHours(5)).AddTicks(9_999_990), // before PostgreSQL's epoch
            new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), // the epoch itself
            new DateTimeOffset(2100, 6, 1, 8, 30, 0, TimeSpan.FromHours(9)),
        };
        var rows = instants.Select((instant, i) =>
        {
            var row = Row(organizationId, $"time{i}");
            row.Timestamp = instant;
            return row;
        }).ToArray();

        await WriteAsync(rows);

        foreach (var row in rows)
        {
            var stored = await ScalarAsync<DateTime>("SELECT timestamp FROM request_logs WHERE id = @id", row.Id);
            var ticks = row.Timestamp.UtcTicks;
            stored.Ticks.Should().Be(ticks - (ticks % 10), $"{row.Timestamp:O} to the microsecond");
        }
    }

    [Fact]
    public async Task Write_UnencodableAndOutOfRangeValues_DroppedAloneAndTheRestStored()
    {
        var organizationId = Guid.NewGuid();
        await using var host = RequestLogHost.Create(database.ConnectionString, _oneBatch);
        await host.StartAsync();

        var rows = Enumerable.Range(0, 12).Select(i => Row(organizationId, $"edge{i}")).ToList();
        rows[2].Route = "weighted,\ud800"; // a lone surrogate: not UTF-16, so no UTF-8 either
        rows[5].Cost = 10_000_000_000m; // numeric(18,8) holds less than 10^10
        rows[9].MetadataJson = """{"nul": "\u0000"}"""; // jsonb refuses \u0000
        foreach (var row in rows)
        {
            host.Queue.TryEnqueue(row).Should().BeTrue();
        }

        await host.Queue.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));

        (await database.CountAsync(organizationId)).Should().Be(9);
        host.Queue.DroppedCount.Should().Be(3);
        host.Logs.Count(RequestLogEventIds.Rejected).Should().Be(3);
        host.Logs.Count(RequestLogEventIds.Unavailable).Should().Be(0, "a refused row is not an outage");
        foreach (var refused in new[] { rows[2], rows[5], rows[9] })
        {
            (await ScalarAsync<long>("SELECT count(*) FROM request_logs WHERE id = @id", refused.Id)).Should().Be(0);
        }
    }

    private async Task WriteAsync(params RequestLog[] rows)
    {
        await using var host = RequestLogHost.Create(database.ConnectionString, _oneBatch);
        await host.StartAsync();
        foreach (var row in rows)
        {
            host.Queue.TryEnqueue(row).Should().BeTrue();
        }

        await host.Queue.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        host.Queue.DroppedCount.Should().Be(0, string.Join("\n", host.Logs.Entries.Select(e => e.Message)));
        host.Queue.WrittenCount.Should().Be(rows.Length);
    }

    private async Task<T> ScalarAsync<T>(string sql, Guid id) =>
        await RequestLogDatabase.ScalarAsync<T>(database.ConnectionString, sql, ("id", id));

    private static RequestLog Row(Guid organizationId, string name) => new()
    {
        OrganizationId = organizationId,
        Timestamp = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero),
        RequestId = $"req_{name}",
        Endpoint = "chat/completions",
        Status = 200,
        Attempts = 1,
    };
}
