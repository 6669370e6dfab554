using BenchmarkDotNet.Attributes;
using Switchyard.Domain.Routing;
using Switchyard.Gateway.Requests;

namespace Switchyard.Benchmarks;

/// <summary>The body: one <c>Utf8JsonReader</c> pass over the ~1 KB chat body, then the forward body cut from its slices.</summary>
[MemoryDiagnoser]
public class RequestBodyBenchmarks
{
    private readonly ReadOnlyMemory<byte> _body = HotPath.Body;
    private readonly PooledByteBufferWriter _output = new();
    private GatewayRequestBody _parsed = null!;

    [GlobalSetup]
    public void Setup() => _parsed = GatewayRequestBody.Parse(_body).Body!;

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    [Benchmark]
    public GatewayRequestBody? Parse() => GatewayRequestBody.Parse(_body).Body;

    [Benchmark]
    public RoutingRequest ToRoutingRequest() => _parsed.ToRoutingRequest();

    [Benchmark]
    public int Rewrite()
    {
        _output.Clear();
        return _parsed.WriteForwardBody(_output, "gpt-4o-mini", null);
    }

    [Benchmark]
    public int ParseAndRewrite()
    {
        _output.Clear();
        return GatewayRequestBody.Parse(_body).Body!.WriteForwardBody(_output, "gpt-4o-mini", null);
    }
}
