using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Switchyard.Domain.Routing;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Benchmarks;

/// <summary>What the gateway writes besides the body: the request ID, the route trace and the <c>x-switchyard-*</c> headers.</summary>
[MemoryDiagnoser]
public class HeaderBenchmarks
{
    private readonly DefaultHttpContext _context = new();
    private HttpContextExchange _exchange = null!;
    private RoutePlan _plan = null!;
    private RouteTarget _target = null!;

    [GlobalSetup]
    public void Setup()
    {
        var routes = HotPath.Routes();
        RequestResolver.Resolve(new RoutingRequest { GroupId = HotPath.GroupId }, HotPath.Policy, routes).TryGetPlan(out var plan, out _);
        _plan = plan!;
        _target = _plan.Candidates[0];
        _exchange = new HttpContextExchange(_context);
    }

    [Benchmark]
    public string RequestId() => RequestIds.New();

    [Benchmark]
    public string RouteTraceText()
    {
        var trace = new RouteTrace(_plan.WireTag);
        trace.Add("weighted");
        return trace.ToString();
    }

    /// <summary>The success headers of a group request, on a response whose headers are cleared each time (as Kestrel's are).</summary>
    [Benchmark]
    public int SuccessHeaders()
    {
        var headers = _context.Response.Headers;
        headers.Clear();
        headers[GatewayHeaders.RequestId] = "req_0000000000000000000000000";
        var trace = new RouteTrace(_plan.WireTag);
        trace.Add("weighted");
        ProxyHandler.WriteSuccessHeaders(_exchange, _plan, _target, trace, 1, fallback: false);
        return headers.Count;
    }
}
