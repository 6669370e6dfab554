using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchyard.Domain.Routing;
using Switchyard.Gateway.Http1;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Benchmarks;

/// <summary>What the gateway writes besides the body: the request ID, the route trace and the <c>x-switchyard-*</c> headers.</summary>
[MemoryDiagnoser]
public class HeaderBenchmarks
{
    private Socket _socket = null!;
    private Http1Connection _connection = null!;
    private Http1Exchange _exchange = null!;
    private RoutePlan _plan = null!;
    private RouteTarget _target = null!;

    [GlobalSetup]
    public void Setup()
    {
        var routes = HotPath.Routes();
        RequestResolver.Resolve(new RoutingRequest { GroupId = HotPath.GroupId }, HotPath.Policy, routes).TryGetPlan(out var plan, out _);
        _plan = plan!;
        _target = _plan.Candidates[0];
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var server = new Http1Server(new ServiceCollection().BuildServiceProvider(), Options.Create(new Http1ServerOptions()), NullLogger<Http1Server>.Instance);
        _connection = new Http1Connection(_socket, server);
        _exchange = new Http1Exchange(_connection);
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

    [GlobalCleanup]
    public void Cleanup() => _socket.Dispose();

    /// <summary>The success headers of a group request on the gateway's own server's answer, reset for each request as the server does.</summary>
    [Benchmark]
    public int SuccessHeaders()
    {
        _connection.Response.Reset();
        _exchange.SetHeader(GatewayHeaders.RequestId, "req_0000000000000000000000000");
        var trace = new RouteTrace(_plan.WireTag);
        trace.Add("weighted");
        ProxyHandler.WriteSuccessHeaders(_exchange, _plan, _target, trace, 1, fallback: false);
        return _connection.Response.Headers.Count;
    }
}
