using BenchmarkDotNet.Attributes;
using Switchyard.Domain.Logs;
using Switchyard.Gateway.Logging;
using Switchyard.Gateway.Requests;

namespace Switchyard.Benchmarks;

/// <summary>
/// The request log's share of a request that the gateway pays itself: encoding its row for the binary COPY (the rest
/// is PostgreSQL's). A batch of 1,000 gateway rows as the writer sends it; the figure per row is the mean / 1,000.
/// </summary>
[MemoryDiagnoser]
public class RequestLogBenchmarks
{
    private const int BatchSize = 1_000;
    private readonly PooledByteBufferWriter _buffer = new(BatchSize * RequestLogCopy.TypicalRowBytes);
    private RequestLog[] _rows = [];

    [GlobalSetup]
    public void Setup()
    {
        var organizationId = Guid.CreateVersion7();
        var apiKeyId = Guid.CreateVersion7();
        _rows = Enumerable.Range(0, BatchSize).Select(i => new RequestLog
        {
            OrganizationId = organizationId,
            Timestamp = DateTimeOffset.UtcNow,
            RequestId = $"req_0195f2c1d7a87c3e9b1{i:D7}",
            ApiKeyId = apiKeyId,
            Endpoint = "chat/completions",
            GroupPublicId = HotPath.GroupId,
            GroupVersion = 3,
            Target = "mock-primary/gpt-4o-mini",
            Route = "group,weighted",
            Status = 200,
            Attempts = 1,
            LatencyMs = 2,
            FirstByteMs = 1,
            PromptTokens = 90,
            CompletionTokens = 12,
            TotalTokens = 102,
            Cost = 0.0000207m,
        }).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _buffer.Dispose();

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int EncodeBatch()
    {
        _buffer.Clear();
        RequestLogCopy.Encode(_rows, _buffer);
        return _buffer.WrittenCount;
    }
}
