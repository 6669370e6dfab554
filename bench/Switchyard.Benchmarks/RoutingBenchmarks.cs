using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Domain.Routing;
using Switchyard.Gateway.Pipeline;
using Switchyard.Gateway.Requests;

namespace Switchyard.Benchmarks;

/// <summary>Resolution (Domain) and choice: the weighted pick alone, and the gateway's planner around it (health, order, lease).</summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private readonly double[] _weights = [70, 30];
    private readonly int[] _order = new int[2];
    private readonly IRandomSource _random = new SharedRandomSource();
    private OrganizationRoutes _routes = null!;
    private RoutingRequest _request = null!;
    private GatewayRequestBody _body = null!;
    private RoutePlan _plan = null!;
    private ServiceProvider _services = null!;
    private TargetPlanner _planner = null!;

    [GlobalSetup]
    public void Setup()
    {
        _routes = HotPath.Routes();
        _body = GatewayRequestBody.Parse(HotPath.Body).Body!;
        _request = _body.ToRoutingRequest();
        RequestResolver.Resolve(_request, HotPath.Policy, _routes).TryGetPlan(out var plan, out _);
        _plan = plan!;
        _services = HotPath.Services();
        _planner = _services.GetRequiredService<TargetPlanner>();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public RouteResolution Resolve() => RequestResolver.Resolve(_request, HotPath.Policy, _routes);

    [Benchmark]
    public int WeightedPick() => WeightedSelector.Pick(_weights, _random);

    [Benchmark]
    public int WeightedOrderFill() => WeightedOrder.Fill(_weights, _random, _order);

    [Benchmark]
    public int Plan()
    {
        var order = Completed(_planner.PlanAsync(_plan, _body, HotPath.OrganizationId, new RouteTrace(_plan.WireTag)));
        return order.Count;
    }

    /// <summary>Plan, then admit the first attempt and let it go: what happens before every upstream call.</summary>
    [Benchmark]
    public bool PlanAndBegin()
    {
        var trace = new RouteTrace(_plan.WireTag);
        var order = Completed(_planner.PlanAsync(_plan, _body, HotPath.OrganizationId, trace));
        using var lease = Completed(_planner.BeginAsync(order, 0, trace));
        return lease.Admitted;
    }

    // Without Redis (and without limits or stickiness) the planner completes synchronously.
    private static T Completed<T>(ValueTask<T> task) =>
        task.IsCompletedSuccessfully ? task.Result : throw new InvalidOperationException("The planner did not complete synchronously.");
}
